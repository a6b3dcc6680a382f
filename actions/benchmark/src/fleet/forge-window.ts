import { mapLimit } from '@gloriousflywheel/shared';
import {
  type ForgeJob,
  type ForgeRepository,
  type ForgeRun,
  type ForgeSource,
  toForgeError,
} from '@gloriousflywheel/shared/forge';
import { isPeak, type KpiTargets, type PipelineTier } from '../kpi';
import type { FailedJobs } from './failed-rate';
import { FLEET_CONCURRENCY } from './forge-fleet';
import { tierDuration } from './tiers';

export interface WindowReading {
  runs: number;
  failedJobs: FailedJobs;
  /** Seconds waited for a runner, by whether the job was created at peak. */
  queueWaits: { peak: number[]; offPeak: number[] };
  pipelines: { tier: string; minutes: number[] }[];
}

const CANCELLED = new Set(['cancelled', 'canceled']);

/** Finished runs of every repository (at most `maxRuns` each, created since `since`). */
export async function readFinishedRuns(
  source: ForgeSource,
  repos: readonly ForgeRepository[],
  window: { since: Date; maxRuns: number },
): Promise<ForgeRun[]> {
  const all = await mapLimit(repos, FLEET_CONCURRENCY, async (repo) => {
    try {
      return await source.finishedRuns(repo, window);
    } catch (error) {
      throw toForgeError(
        error,
        `listing the finished runs of ${repo.fullName}`,
        'the token needs `actions: read`',
      );
    }
  });
  return all.flat();
}

const onPool = (job: ForgeJob, pools: ReadonlySet<string>) => job.labels.some((l) => pools.has(l));

/**
 * The fleet's own jobs over the window, on the platform's labels only: the failed-job rate
 * (`failed ÷ (failed + succeeded)`, cancelled and skipped jobs left out), the queue waits, and the
 * pipeline durations per tier (tiers judge whole runs, whatever their labels).
 */
export function readWindow(
  runs: ForgeRun[],
  pools: readonly string[],
  targets: KpiTargets,
  tiers: PipelineTier[],
): WindowReading {
  const platform = new Set(pools);
  const failedJobs: FailedJobs = { failed: 0, succeeded: 0, cancelled: 0, other: 0 };
  const queueWaits = { peak: [] as number[], offPeak: [] as number[] };
  const byTier = new Map<string, number[]>(tiers.map((t) => [t.name, []]));
  for (const run of runs) {
    for (const job of run.jobs) {
      if (!onPool(job, platform) || job.state !== 'done') continue;
      if (job.outcome === 'failure') failedJobs.failed += 1;
      else if (job.outcome === 'success') failedJobs.succeeded += 1;
      else if (CANCELLED.has(job.conclusion ?? '')) failedJobs.cancelled += 1;
      else failedJobs.other += 1;
      if (job.queueSeconds !== null && job.queueSeconds >= 0) {
        (isPeak(new Date(job.createdAt), targets) ? queueWaits.peak : queueWaits.offPeak).push(
          job.queueSeconds,
        );
      }
    }
    const d = tierDuration(run, tiers);
    if (d) byTier.get(d.tier)?.push(d.minutes);
  }
  return {
    runs: runs.length,
    failedJobs,
    queueWaits,
    pipelines: [...byTier.entries()].map(([tier, minutes]) => ({ tier, minutes })),
  };
}
