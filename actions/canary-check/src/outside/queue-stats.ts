import { quantile } from '@gloriousflywheel/shared/stats';
import type { JobInfo } from './github-source';

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

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/**
 * Queue wait per job: the first step's start minus the job's creation (the job's own `started_at`
 * equals `created_at` on GitHub, so it cannot be used).
 */
export function queueStats(jobs: JobInfo[], now: Date): QueueStats {
  const waits: number[] = [];
  let waiting = 0;
  let longestWaitSeconds = 0;
  for (const job of jobs) {
    if (job.runnerName && job.firstStepAt) waits.push(seconds(job.createdAt, job.firstStepAt));
    if (
      !job.runnerName &&
      (job.status === 'queued' || job.status === 'waiting' || job.status === 'pending')
    ) {
      waiting += 1;
      longestWaitSeconds = Math.max(longestWaitSeconds, seconds(job.createdAt, now.toISOString()));
    }
  }
  return {
    jobs: jobs.length,
    assigned: jobs.filter((j) => j.runnerName).length,
    waiting,
    longestWaitSeconds,
    p50Seconds: waits.length ? quantile(waits, 0.5) : null,
    p95Seconds: waits.length ? quantile(waits, 0.95) : null,
    succeeded: jobs.filter((j) => j.conclusion === 'success').length,
    failed: jobs.filter((j) => j.conclusion === 'failure' || j.conclusion === 'timed_out').length,
  };
}
