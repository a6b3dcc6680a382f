import { formatDuration } from '@gloriousflywheel/shared';
import type { ForgeJob } from '@gloriousflywheel/shared/forge';
import { type CheckResult, check } from '../checks';
import type { Access } from './access';
import { CHECK_TITLES } from './check-titles';
import type { ForgeTerms } from './forge-terms';
import { queueStats } from './queue-stats';

export interface JobLimits {
  maxRuns: number;
  now: Date;
  /** A job waiting longer than this for a runner fails the check. */
  maxQueueMs: number;
  /** The platform's queue-time target at peak; a p95 above it warns. */
  queueTargetMs: number;
}

const ID = 'recent-jobs';
const TITLE = CHECK_TITLES[ID];
const s = (seconds: number) => formatDuration(seconds * 1000);

/** Check 4: recent jobs that asked for the label got a runner, and soon enough. */
export function recentJobs(
  label: string,
  jobs: Access<ForgeJob[]>,
  limits: JobLimits,
  terms: ForgeTerms,
): CheckResult {
  const named = terms.named(label);
  if (!jobs.ok) {
    return check(
      ID,
      TITLE,
      '',
      'warn',
      `cannot read ${terms.runs} (HTTP ${jobs.status})`,
      [jobs.message],
      terms.fix.readJobs,
    );
  }
  const mine = jobs.value.filter((j) => j.labels.includes(label));
  if (mine.length === 0) {
    return check(
      ID,
      TITLE,
      '',
      'warn',
      `no job in ${terms.window(limits.maxRuns, jobs.value.length)} asked for ${named}`,
      [`jobs seen: ${jobs.value.length}`],
      terms.fix.proveLabel(label),
    );
  }
  const stats = queueStats(mine, limits.now);
  const p50 = stats.p50Seconds === null ? 'n/a' : s(stats.p50Seconds);
  const p95 = stats.p95Seconds === null ? 'n/a' : s(stats.p95Seconds);
  const evidence = [
    `jobs: ${stats.jobs}, got a runner: ${stats.assigned}, waiting: ${stats.waiting}`,
    `${terms.queueWait} p50 ${p50}, p95 ${p95}`,
    `succeeded: ${stats.succeeded}, failed: ${stats.failed}`,
  ];
  if (stats.waiting > 0 && stats.longestWaitSeconds * 1000 > limits.maxQueueMs) {
    return check(
      ID,
      TITLE,
      '',
      'fail',
      `${stats.waiting} job(s) waiting for ${named}, the longest for ${s(stats.longestWaitSeconds)}: no runner picks them up`,
      evidence,
      terms.fix.stuck(label),
    );
  }
  if (stats.assigned === 0) {
    return check(
      ID,
      TITLE,
      '',
      'warn',
      `${stats.jobs} job(s) asked for ${named}, none got a runner yet`,
      evidence,
      terms.fix.notPickedUp,
    );
  }
  if (stats.p95Seconds !== null && stats.p95Seconds * 1000 > limits.queueTargetMs) {
    return check(
      ID,
      TITLE,
      '',
      'warn',
      `${terms.queueWait} p95 ${p95} is above the ${formatDuration(limits.queueTargetMs)} target`,
      evidence,
      terms.fix.slowQueue(label),
    );
  }
  return check(
    ID,
    TITLE,
    '',
    'pass',
    `${stats.assigned} job(s) got a runner; ${terms.queueWait} p50 ${p50}, p95 ${p95}`,
    evidence,
  );
}
