/**
 * The state a test seeds into the fake GitHub API, and the builders that turn it into the full
 * objects GitHub returns (every field its OpenAPI description requires).
 */

export interface SeedRunner {
  id?: number;
  name: string;
  os?: string;
  status?: 'online' | 'offline';
  busy?: boolean;
  labels: string[];
  /** Org runners only: the runner group it belongs to (the org's default group when absent). */
  groupId?: number;
  ephemeral?: boolean;
}

export interface SeedRunnerGroup {
  id?: number;
  name: string;
  visibility: 'all' | 'selected' | 'private';
  default?: boolean;
  allowsPublicRepositories?: boolean;
  restrictedToWorkflows?: boolean;
  selectedWorkflows?: string[];
  /** Repository names (in the same org) selected for a `selected` group. */
  repositories?: string[];
}

export interface SeedStep {
  name: string;
  status?: 'queued' | 'in_progress' | 'completed';
  conclusion?: string | null;
  startedAt?: string | null;
  completedAt?: string | null;
}

export interface SeedJob {
  id?: number;
  name: string;
  labels: string[];
  status?: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion?:
    | 'success'
    | 'failure'
    | 'neutral'
    | 'cancelled'
    | 'skipped'
    | 'timed_out'
    | 'action_required'
    | null;
  createdAt: string;
  startedAt?: string;
  completedAt?: string | null;
  runnerId?: number | null;
  runnerName?: string | null;
  runnerGroupId?: number | null;
  runnerGroupName?: string | null;
  steps?: SeedStep[];
}

export interface SeedRun {
  id?: number;
  name?: string;
  /** Workflow file path in the repository, e.g. `.github/workflows/ci.yml`. */
  path?: string;
  event?: string;
  headBranch?: string;
  headSha?: string;
  status?: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion?: string | null;
  createdAt: string;
  jobs?: SeedJob[];
}

/** A pull request; a merged one names the commit it became on its base branch. */
export interface SeedPull {
  number: number;
  title: string;
  state?: 'open' | 'closed';
  /** The target branch (default: the repository's default branch). */
  base?: string;
  createdAt: string;
  updatedAt?: string;
  mergedAt?: string | null;
  mergeCommitSha?: string | null;
}

/** A commit on the default branch, seeded oldest first (listed newest first, as GitHub does). */
export interface SeedCommit {
  sha?: string;
  message: string;
  /** The committer date (a merge's time for a merge or squash commit). */
  date: string;
}

/** An Actions cache entry of a repository. */
export interface SeedCache {
  key: string;
  ref?: string;
  createdAt?: string;
  sizeInBytes?: number;
}

export interface SeedRepo {
  owner: string;
  name: string;
  private?: boolean;
  archived?: boolean;
  defaultBranch?: string;
  /** Files by path; directories are derived from the paths. */
  files?: Record<string, string>;
  runners?: SeedRunner[];
  runs?: SeedRun[];
  pulls?: SeedPull[];
  commits?: SeedCommit[];
  caches?: SeedCache[];
}

export interface SeedOrg {
  login: string;
  groups?: SeedRunnerGroup[];
  runners?: SeedRunner[];
}

/** What a token may do. Tokens not listed are rejected with 401 when `tokens` is set. */
export interface SeedToken {
  /** Full names of repositories it may read; all when absent. */
  repositories?: string[];
  /** Orgs whose runner and runner-group settings it may read (needs admin / org runner permission). */
  orgAdmin?: string[];
  /** Repositories whose settings (repo-level runners) it may read. */
  repoAdmin?: string[];
  /** Primary rate limit for this token (default 5000). */
  rateLimit?: number;
}

let nextId = 1000;
export function newId(): number {
  nextId += 1;
  return nextId;
}

export function fakeSha(seed: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${seed}:${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

export function userObject(
  base: string,
  login: string,
  id: number,
  type = 'Organization',
): Record<string, unknown> {
  const api = `${base}/users/${login}`;
  return {
    login,
    id,
    node_id: Buffer.from(`User${id}`).toString('base64'),
    avatar_url: `${base}/avatars/${login}`,
    gravatar_id: '',
    url: api,
    html_url: `${base}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    site_admin: false,
  };
}

export function minimalRepoObject(
  base: string,
  repo: {
    id: number;
    owner: string;
    ownerId: number;
    name: string;
    private: boolean;
    archived?: boolean;
    defaultBranch?: string;
  },
): Record<string, unknown> {
  const full = `${repo.owner}/${repo.name}`;
  const api = `${base}/repos/${full}`;
  return {
    id: repo.id,
    node_id: Buffer.from(`Repository${repo.id}`).toString('base64'),
    name: repo.name,
    full_name: full,
    owner: userObject(base, repo.owner, repo.ownerId),
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    ...(repo.archived !== undefined ? { archived: repo.archived } : {}),
    ...(repo.defaultBranch !== undefined ? { default_branch: repo.defaultBranch } : {}),
    html_url: `${base}/${full}`,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
  };
}

export function fullRepoObject(
  base: string,
  repo: {
    id: number;
    owner: string;
    ownerId: number;
    name: string;
    private: boolean;
    defaultBranch: string;
    archived?: boolean;
  },
): Record<string, unknown> {
  const full = `${repo.owner}/${repo.name}`;
  const at = '2024-01-01T00:00:00Z';
  return {
    ...minimalRepoObject(base, repo),
    clone_url: `${base}/${full}.git`,
    git_url: `git://127.0.0.1/${full}.git`,
    ssh_url: `git@127.0.0.1:${full}.git`,
    svn_url: `${base}/${full}`,
    mirror_url: null,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: 0,
    open_issues_count: 0,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    archived: repo.archived ?? false,
    disabled: false,
    license: null,
    pushed_at: at,
    created_at: at,
    updated_at: at,
    network_count: 0,
    subscribers_count: 0,
    permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
  };
}

export function runnerObject(runner: Required<Pick<SeedRunner, 'id'>> & SeedRunner, org: boolean): unknown {
  return {
    id: runner.id,
    ...(org && runner.groupId !== undefined ? { runner_group_id: runner.groupId } : {}),
    name: runner.name,
    os: runner.os ?? 'linux',
    status: runner.status ?? 'online',
    busy: runner.busy ?? false,
    ephemeral: runner.ephemeral ?? true,
    labels: runner.labels.map((name, i) => ({
      id: i + 1,
      name,
      type: ['self-hosted', 'Linux', 'X64', 'linux', 'x64'].includes(name) ? 'read-only' : 'custom',
    })),
  };
}

export function groupObject(
  base: string,
  org: string,
  group: Required<Pick<SeedRunnerGroup, 'id'>> & SeedRunnerGroup,
) {
  const url = `${base}/orgs/${org}/actions/runner-groups/${group.id}`;
  return {
    id: group.id,
    name: group.name,
    visibility: group.visibility,
    default: group.default ?? false,
    ...(group.visibility === 'selected' ? { selected_repositories_url: `${url}/repositories` } : {}),
    runners_url: `${url}/runners`,
    hosted_runners_url: `${url}/hosted-runners`,
    inherited: false,
    allows_public_repositories: group.allowsPublicRepositories ?? false,
    restricted_to_workflows: group.restrictedToWorkflows ?? false,
    selected_workflows: group.selectedWorkflows ?? [],
    workflow_restrictions_read_only: false,
  };
}
