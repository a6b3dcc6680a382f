import type { ForgeRun } from '@gloriousflywheel/shared/forge';
import type { PipelineTier } from '../kpi';

/** A `*` glob, case-insensitive, anchored at both ends. */
export function globMatches(glob: string, text: string): boolean {
  const pattern = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`, 'i').test(text);
}

const minutes = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/**
 * The tier a run counts for and its duration in minutes (first matching tier wins): by workflow —
 * the whole run, created → last job completed — or by job name — the span of the matching jobs.
 * `undefined` when no tier matches or the run has no completed job to end it.
 */
export function tierDuration(
  run: ForgeRun,
  tiers: PipelineTier[],
): { tier: string; minutes: number } | undefined {
  for (const tier of tiers) {
    if (tier.jobs?.length) {
      const jobs = run.jobs.filter((j) => tier.jobs!.some((g) => globMatches(g, j.name)));
      const workflowOk =
        !tier.workflows?.length ||
        tier.workflows.some((g) => globMatches(g, run.name) || globMatches(g, run.path));
      if (!jobs.length || !workflowOk) continue;
      const end = jobs
        .map((j) => j.completedAt)
        .filter((t): t is string => Boolean(t))
        .sort()
        .at(-1);
      const start = jobs.map((j) => j.createdAt).sort()[0]!;
      return end ? { tier: tier.name, minutes: minutes(start, end) } : undefined;
    }
    if (tier.workflows?.some((g) => globMatches(g, run.name) || globMatches(g, run.path))) {
      return run.finishedAt
        ? { tier: tier.name, minutes: minutes(run.createdAt, run.finishedAt) }
        : undefined;
    }
  }
  return undefined;
}
