/**
 * What a forge (GitHub, GitLab) tells about a repository's CI: the repository, the runners it may
 * use and the rules that decide it, its recent jobs, and the CI files that ask for runners. Each
 * forge's peculiarities are expressed as data here, so that code reading it is written once.
 * Every read throws the client's error when refused; callers decide what a refusal means.
 */
export interface ForgeSource {
  readonly forge: 'github' | 'gitlab';
  /**
   * Whether a runner pool with no job to run still lists its runners. GitLab's runners are
   * registered managers, listed while idle; an ARC runner scale set at zero has no runner objects.
   */
  readonly idlePoolsListed: boolean;
  /** A repository (GitHub `owner/repo`) or project (GitLab `group/sub/project`). */
  repository(path: string): Promise<ForgeRepository>;
  /** Where runners the repository may use are registered, in the order they are consulted. */
  runnerScopes(repo: ForgeRepository): RunnerScope[];
  /** Jobs of the repository's recent runs (pipelines), created since `since`. */
  recentJobs(repo: ForgeRepository, window: { maxRuns: number; since: Date }): Promise<ForgeJob[]>;
  /** One job by its id (GitHub: `job.check_run_id`; GitLab: `CI_JOB_ID`). */
  job(path: string, jobId: number): Promise<ForgeJob>;
  /** The jobs of one run (GitHub workflow run, GitLab pipeline). */
  runJobs(path: string, runId: number): Promise<ForgeJob[]>;
  /** The CI files on the default branch and the runner labels each job asks for. */
  ciConfig(repo: ForgeRepository): Promise<CiConfig>;

  /* Owner-scope (GitHub organization, GitLab group) reads for the fleet telemetry. */

  /**
   * The repositories of an owner whose jobs may run on the runners of the named pools (GitHub:
   * runner groups by name; GitLab: runner types `instance_type`, `group_type`), all pools when none
   * are named; archived repositories are left out (they run no jobs). Reads are shared per owner.
   */
  fleetRepositories(owner: string, pools: readonly string[]): Promise<FleetScope>;
  /** The owner's own runners (GitHub org runners, GitLab group runners). */
  ownerRunners(owner: string): Promise<ForgeRunner[]>;
  /** The repository's jobs that wait for a runner or run on one, now. */
  activeJobs(repo: ForgeRepository): Promise<ForgeJob[]>;
  /** Its finished runs (workflow runs, pipelines) created since `since`, newest first, with their jobs. */
  finishedRuns(repo: ForgeRepository, window: { since: Date; maxRuns: number }): Promise<ForgeRun[]>;
  /** Changes (pull or merge requests) merged into `branch` since `since`. */
  mergedChanges(repo: ForgeRepository, window: { branch: string; since: Date }): Promise<ForgeChange[]>;
  /** The commits on `branch` since `since`, newest first (GitLab: first-parent history). */
  branchCommits(repo: ForgeRepository, window: { branch: string; since: Date }): Promise<string[]>;
  /**
   * Jobs created in [since, until), for demand history, spending at most what `budget` grants the
   * repository's owner (shared by all its repositories); `complete` is false when it ran out.
   */
  jobHistory(
    repo: ForgeRepository,
    window: { since: Date; until: Date },
    budget: RequestBudget,
  ): Promise<{ jobs: ForgeHistoryJob[]; complete: boolean }>;
}

export interface FleetScope {
  repositories: ForgeRepository[];
  /** The pools the scope was taken from, with how many of the owner's repositories each serves. */
  pools: { name: string; serves: number }[];
}

/** A workflow run (GitHub) or pipeline (GitLab). */
export interface ForgeRun {
  id: number;
  /** GitHub: the workflow's name; GitLab: the pipeline's name (`workflow:name`), else its source. */
  name: string;
  /** GitHub: the workflow file (`.github/workflows/ci.yml`); GitLab: `.gitlab-ci.yml`. */
  path: string;
  sha: string;
  branch: string | null;
  createdAt: string;
  /** When its last job completed; `null` when no job says. */
  finishedAt: string | null;
  jobs: ForgeJob[];
}

/** A pull request (GitHub) or merge request (GitLab) that was merged. */
export interface ForgeChange {
  /** PR number or MR iid. */
  number: number;
  title: string;
  mergedAt: string;
  /** The commit it became on the target branch (merge, squash or rebase head). */
  sha: string;
}

/** A job as demand history: when it was queued, picked up and finished, and the labels it asked for. */
export interface ForgeHistoryJob {
  id: number;
  runId: number | null;
  labels: string[];
  createdAt: string;
  /** When a runner picked it up (GitHub: the first step's start; GitLab: `started_at`). */
  pickedUpAt: string | null;
  completedAt: string | null;
}

/** Requests each owner (organization, group) may still make; repositories of one owner share them. */
export class RequestBudget {
  private readonly spent = new Map<string, number>();

  constructor(readonly perOwner: number) {}

  /** Takes one request for `owner`; false when its budget is used up. */
  take(owner: string): boolean {
    const key = owner.toLowerCase();
    const n = this.spent.get(key) ?? 0;
    if (n >= this.perOwner) return false;
    this.spent.set(key, n + 1);
    return true;
  }

  spentBy(owner: string): number {
    return this.spent.get(owner.toLowerCase()) ?? 0;
  }
}

export interface ForgeRepository {
  /** The forge's numeric id. */
  id: number;
  /** `owner/repo` or `group/sub/project`, as the forge spells it. */
  fullName: string;
  /** The organization, user or top namespace path. */
  owner: string;
  /** The last path segment. */
  name: string;
  /** GitHub's internal repositories count as private: they are not public. */
  visibility: 'public' | 'private' | 'internal';
  archived: boolean;
  defaultBranch: string;
  /** Settings of this forge that decide which runners it gets, as lines of evidence. */
  notes: string[];
}

/** A place runners are registered: GitHub's repository and organization, GitLab's project view. */
export interface RunnerScope {
  /** The runner as a noun for people: `org runner`, `repo-level runner`. */
  runner: string;
  /** Whose runners these are, for people: `the org's`. */
  whose: string;
  /**
   * The scope's runners that carry the label, and how many it holds in all (`null` when the forge
   * filters by label itself); `null` when the scope does not exist here (a GitHub user account
   * has no organization).
   */
  runners(label: string): Promise<ScopeRunners | null>;
  /** The pools its runners belong to, with the rules that decide which repositories may use each. */
  pools(): Promise<RunnerPool[]>;
}

export interface ScopeRunners {
  matching: ForgeRunner[];
  total: number | null;
}

export interface ForgeRunner {
  id: number;
  name: string;
  /** As the forge says it: `online`, `offline`, `stale`, `never_contacted` … */
  status: string;
  online: boolean;
  /** `null` where the forge does not say (GitLab's runner API has no busy flag). */
  busy: boolean | null;
  /** A paused runner takes no job (GitLab); GitHub runners cannot be paused. */
  paused: boolean;
  labels: string[];
  /** Key of its pool in the scope's `pools()`. */
  pool: string;
  /** Further forge flags worth showing: GitLab's `locked`, `run_untagged false`. */
  notes: string[];
}

/** A set of runners that the same rules make available: a GitHub runner group, a GitLab runner type. */
export interface RunnerPool {
  key: string;
  /** For people: `group "linux"`, `repo-level runner(s)`, `group runner(s)`. */
  title: string;
  /** Where its settings are changed, for a fix. */
  settings: string;
  /** The rules, when they are ours to judge; absent when the forge only lists usable pools. */
  rules?: PoolRules;
}

export interface PoolRules {
  access: PoolAccess;
  /** When false, public repositories may not use the pool even if selected (GitHub). */
  allowsPublicRepositories: boolean;
  /** When set, only these workflows (`owner/repo/path@ref`) may use it. */
  workflows?: string[];
}

/** GitHub's runner group visibility: `all`, `selected`, `private` (private repositories only). */
export type PoolAccess =
  | { to: 'all' }
  | { to: 'private' }
  | { to: 'selected'; repositories: () => Promise<ReadonlySet<string>> }
  | { to: 'unknown'; visibility: string };

export interface ForgeJob {
  id: number;
  /** The workflow run (GitHub) or pipeline (GitLab) it belongs to. */
  runId: number | null;
  name: string;
  /** GitHub's `runs-on` labels, GitLab's `tag_list`. */
  labels: string[];
  /** `waiting` for a runner, `running`, `done`, or `other` (created, manual, requested …). */
  state: 'waiting' | 'running' | 'done' | 'other';
  outcome: 'success' | 'failure' | 'other' | null;
  /**
   * The forge's own words: GitHub `status` (`queued` is the only one waiting for a runner — `waiting`
   * waits for an environment's approval) and `conclusion`; GitLab `status` for both (`canceled` …).
   */
  status: string;
  conclusion: string | null;
  createdAt: string;
  /** The API's own `started_at`; on GitHub the queued event sets it equal to `created_at`. */
  startedAt: string | null;
  /** When a runner had picked the job up: GitHub's first step start, GitLab's `started_at`. */
  pickedUpAt: string | null;
  /** Seconds it waited for a runner: GitHub first step − created; GitLab `queued_duration`. */
  queueSeconds: number | null;
  /** Seconds of GitHub's "Set up job" step; `null` where the forge has no such step. */
  setupSeconds: number | null;
  /** When it finished (GitHub `completed_at`, GitLab `finished_at`). */
  completedAt: string | null;
  runnerName: string | null;
}

export interface CiConfig {
  /** Paths of the CI files read. */
  files: string[];
  jobs: CiJob[];
  /** The files include others that are not read here (GitLab `include:`). */
  unreadIncludes: boolean;
}

export interface CiJob {
  file: string;
  name: string;
  /**
   * Labels it asks for, resolved as the forge does (GitLab: own `tags`, then through `extends`, then
   * `default: tags`); for a GitHub `runs-on` expression, the strings of its matrix.
   */
  labels: string[];
}
