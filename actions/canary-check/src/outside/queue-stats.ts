import type { ForgeJob } from '@gloriousflywheel/shared/forge';
import { quantile } from '@gloriousflywheel/shared/stats';

export interface QueueStats {
  jobs: number;
  /** Jobs a runner picked up. */
  assigned: number;
  /** Jobs still waiting for a runner, and the longest wait so far (seconds). */
  waiting: number;
  longestWaitSeconds: number;
  p50Seconds: number | null;
  p95Seconds: number | null;
  succeeded: number;
  failed: number;
}

/**
 * Queue wait of the jobs a runner picked up, as the forge measures it (GitHub: first step start −
 * creation, since the job's own `started_at` equals `created_at`; GitLab: `queued_duration`), and
 * how long the jobs still waiting for a runner have waited since their creation.
 */
export function queueStats(jobs: ForgeJob[], now: Date): QueueStats {
  const waits: number[] = [];
  let waiting = 0;
  let longestWaitSeconds = 0;
  for (const job of jobs) {
    if (job.runnerName && job.queueSeconds !== null) waits.push(Math.max(0, job.queueSeconds));
    if (!job.runnerName && job.state === 'waiting') {
      waiting += 1;
      longestWaitSeconds = Math.max(
        longestWaitSeconds,
        Math.max(0, (now.getTime() - Date.parse(job.createdAt)) / 1000),
      );
    }
  }
  return {
    jobs: jobs.length,
    assigned: jobs.filter((j) => j.runnerName).length,
    waiting,
    longestWaitSeconds,
    p50Seconds: waits.length ? quantile(waits, 0.5) : null,
    p95Seconds: waits.length ? quantile(waits, 0.95) : null,
    succeeded: jobs.filter((j) => j.outcome === 'success').length,
    failed: jobs.filter((j) => j.outcome === 'failure').length,
  };
}
