import type { ForgeSource } from '@gloriousflywheel/shared/forge';
import { type CheckResult, check } from '../checks';
import { access } from './access';
import { capacity } from './capacity';
import { CHECK_TITLES } from './check-titles';
import { ciLabels } from './ci-labels';
import { FORGE_TERMS } from './forge-terms';
import { type JobLimits, recentJobs } from './recent-jobs';
import { runnerVisibility } from './runner-visibility';

export interface OutsideOptions extends JobLimits {
  labels: string[];
  since: Date;
  checkWorkflows: boolean;
}

const LATER_CHECKS = ['runner-visibility', 'capacity', 'recent-jobs', 'workflow-labels'] as const;

/**
 * Checks 1–5 for one repository and every label, on any forge. Each read is made once per
 * repository (runners once per label) and in parallel; what an organization shares comes from
 * the source's memory.
 */
export async function checkRepository(
  source: ForgeSource,
  path: string,
  options: OutsideOptions,
): Promise<CheckResult[]> {
  const terms = FORGE_TERMS[source.forge];
  const subject = (label: string) => `${path} × ${label}`;
  const read = await access(() => source.repository(path));
  if (!read.ok) {
    return options.labels.flatMap((label) => [
      check(
        'repo-access',
        CHECK_TITLES['repo-access'],
        subject(label),
        'fail',
        `cannot read ${terms.repository} ${path} (HTTP ${read.status})`,
        [read.message],
        terms.fix.readRepository(read.status, path),
      ),
      ...LATER_CHECKS.map((id) =>
        check(
          id,
          CHECK_TITLES[id],
          subject(label),
          'skip',
          `skipped: the ${terms.repository} cannot be read`,
        ),
      ),
    ]);
  }
  const repo = read.value;
  const scopes = source.runnerScopes(repo);
  // Everything at once: a memoized read is shared, so labels and repositories of one org add no requests.
  const [jobs, ci, pools, runners] = await Promise.all([
    access(() => source.recentJobs(repo, { maxRuns: options.maxRuns, since: options.since })),
    options.checkWorkflows ? access(() => source.ciConfig(repo)) : undefined,
    Promise.all(scopes.map((scope) => access(() => scope.pools()))),
    Promise.all(
      options.labels.map((label) => Promise.all(scopes.map((scope) => access(() => scope.runners(label))))),
    ),
  ]);
  const results: CheckResult[] = [];
  for (const [i, label] of options.labels.entries()) {
    const reads = scopes.map((scope, j) => ({ scope, runners: runners[i]![j]!, pools: pools[j]! }));
    const visible = await runnerVisibility(repo, label, reads, source.idlePoolsListed, terms);
    const at = { subject: subject(label) };
    results.push(
      check(
        'repo-access',
        CHECK_TITLES['repo-access'],
        subject(label),
        'pass',
        `${repo.fullName} is readable (${repo.visibility}${repo.archived ? ', archived' : ''})`,
        [`default branch ${repo.defaultBranch}`, ...repo.notes],
      ),
      { ...visible.result, ...at },
      { ...capacity(label, visible, source.idlePoolsListed, terms), ...at },
      { ...recentJobs(label, jobs, options, terms), ...at },
      { ...ciLabels(repo, label, ci, terms), ...at },
    );
  }
  return results;
}
