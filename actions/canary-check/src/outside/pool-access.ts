import type { ForgeRepository, RunnerPool } from '@gloriousflywheel/shared/forge';
import type { Access } from './access';
import type { ForgeTerms } from './forge-terms';

export interface PoolVerdict {
  pool: RunnerPool;
  serves: boolean;
  /** Why it serves or not, in words; absent where the forge itself decided. */
  reason?: string;
  /** How to make it serve, when it does not. */
  fix?: string;
  /** Workflows it is restricted to, when that restriction lets this repo in partly. */
  onlyWorkflows?: string[];
}

/**
 * Whether a pool's rules let this repository's jobs use it. Written for GitHub's runner groups:
 * visibility `all`, `selected` with the repo among the selected, `private` (non-public repositories
 * only); public repositories only when `allows_public_repositories`; workflow restrictions. A pool
 * without rules (repo-level runners, every runner GitLab lists for a project) serves.
 */
export function judgePool(
  pool: RunnerPool,
  repo: ForgeRepository,
  selected: Access<ReadonlySet<string>> | undefined,
  terms: ForgeTerms,
): PoolVerdict {
  const rules = pool.rules;
  if (!rules) return { pool, serves: true };
  const where = pool.settings;
  const isPublic = repo.visibility === 'public';
  const to = rules.access.to;
  if (isPublic && !rules.allowsPublicRepositories) {
    return {
      pool,
      serves: false,
      reason: `${pool.title} does not allow public repositories and ${repo.fullName} is public`,
      fix: `enable "Allow public repositories" on the group (${where}), or make the repository private`,
    };
  }
  if (to === 'private' && isPublic) {
    return {
      pool,
      serves: false,
      reason: `${pool.title} serves private repositories only and ${repo.fullName} is public`,
      fix: `set the group's repository access to "All repositories" or "Selected repositories" including ${repo.name} (${where})`,
    };
  }
  if (to === 'selected') {
    if (!selected?.ok) {
      return {
        pool,
        serves: false,
        reason: `${pool.title} serves selected repositories and its list could not be read`,
        fix: terms.fix.readSelected,
      };
    }
    if (!selected.value.has(repo.name.toLowerCase())) {
      return {
        pool,
        serves: false,
        reason: `${pool.title} serves ${selected.value.size} selected repositories and ${repo.name} is not among them`,
        fix: `add ${repo.fullName} to the group's selected repositories (${where})`,
      };
    }
  } else if (rules.access.to === 'unknown') {
    return {
      pool,
      serves: false,
      reason: `${pool.title} has unknown visibility "${rules.access.visibility}"`,
    };
  }
  const visibility = to === 'unknown' ? '' : to;
  if (rules.workflows) {
    const prefix = `${repo.fullName.toLowerCase()}/`;
    const mine = rules.workflows.filter((w) => w.toLowerCase().startsWith(prefix));
    if (mine.length === 0) {
      return {
        pool,
        serves: false,
        reason: `${pool.title} is restricted to ${rules.workflows.length} workflow(s), none in ${repo.fullName}`,
        fix: `add the workflow (e.g. ${repo.fullName}/${terms.ciExample}@refs/heads/${repo.defaultBranch}) to the group's selected workflows, or lift the restriction (${where})`,
      };
    }
    return {
      pool,
      serves: true,
      reason: `${pool.title} (${visibility}) serves ${repo.fullName} for ${mine.length} workflow(s) only`,
      onlyWorkflows: mine,
    };
  }
  return { pool, serves: true, reason: `${pool.title} (${visibility}) serves ${repo.fullName}` };
}
