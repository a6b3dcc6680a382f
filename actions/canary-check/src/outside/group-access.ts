import type { RepoInfo, RunnerGroupInfo } from './github-source';

export interface GroupVerdict {
  group: RunnerGroupInfo;
  serves: boolean;
  /** Why it serves or not, in words. */
  reason: string;
  /** How to make it serve, when it does not. */
  fix?: string;
  /** Workflows it is restricted to, when that restriction lets this repo in partly. */
  onlyWorkflows?: string[];
}

/**
 * Whether GitHub lets this repository's jobs use an org runner group: its visibility (`all`,
 * `selected` with the repo among the selected, `private` = private repos only), public
 * repositories only when `allows_public_repositories`, and workflow restrictions.
 */
export function judgeGroup(
  group: RunnerGroupInfo,
  repo: RepoInfo,
  selected: Set<string> | undefined,
): GroupVerdict {
  const where = `Organization settings → Actions → Runner groups → "${group.name}"`;
  if (!repo.private && !group.allowsPublicRepositories) {
    return {
      group,
      serves: false,
      reason: `group "${group.name}" does not allow public repositories and ${repo.fullName} is public`,
      fix: `enable "Allow public repositories" on the group (${where}), or make the repository private`,
    };
  }
  if (group.visibility === 'private' && !repo.private) {
    return {
      group,
      serves: false,
      reason: `group "${group.name}" serves private repositories only and ${repo.fullName} is public`,
      fix: `set the group's repository access to "All repositories" or "Selected repositories" including ${repo.name} (${where})`,
    };
  }
  if (group.visibility === 'selected') {
    if (!selected) {
      return {
        group,
        serves: false,
        reason: `group "${group.name}" serves selected repositories and its list could not be read`,
        fix: 'give the token permission to read runner groups (organization self-hosted runners: read)',
      };
    }
    if (!selected.has(repo.name.toLowerCase())) {
      return {
        group,
        serves: false,
        reason: `group "${group.name}" serves ${selected.size} selected repositories and ${repo.name} is not among them`,
        fix: `add ${repo.fullName} to the group's selected repositories (${where})`,
      };
    }
  } else if (group.visibility !== 'all' && group.visibility !== 'private') {
    return {
      group,
      serves: false,
      reason: `group "${group.name}" has unknown visibility "${group.visibility}"`,
    };
  }
  if (group.restrictedToWorkflows) {
    const prefix = `${repo.fullName.toLowerCase()}/`;
    const mine = group.selectedWorkflows.filter((w) => w.toLowerCase().startsWith(prefix));
    if (mine.length === 0) {
      return {
        group,
        serves: false,
        reason: `group "${group.name}" is restricted to ${group.selectedWorkflows.length} workflow(s), none in ${repo.fullName}`,
        fix: `add the workflow (e.g. ${repo.fullName}/.github/workflows/ci.yml@refs/heads/${repo.defaultBranch}) to the group's selected workflows, or lift the restriction (${where})`,
      };
    }
    return {
      group,
      serves: true,
      reason: `group "${group.name}" (${group.visibility}) serves ${repo.fullName} for ${mine.length} workflow(s) only`,
      onlyWorkflows: mine,
    };
  }
  return {
    group,
    serves: true,
    reason: `group "${group.name}" (${group.visibility}) serves ${repo.fullName}`,
  };
}
