import { Memo } from '../concurrency';
import { FlywheelError } from '../errors';
import { errorStatus } from './errors';
import { GITHUB_PER_PAGE, type GitHubClient } from './github-client';
import { workflowJobs } from './github-workflow-jobs';
import { poolServes } from './pool-serves';
import type {
  CiConfig,
  FleetScope,
  ForgeChange,
  ForgeHistoryJob,
  ForgeJob,
  ForgeRepository,
  ForgeRun,
  ForgeRunner,
  ForgeSource,
  PoolAccess,
  RequestBudget,
  RunnerPool,
  RunnerScope,
} from './source';

interface ApiRunner {
  id: number;
  name: string;
  status: string;
  busy: boolean;
  labels: Array<{ name: string }>;
  runner_group_id?: number;
}

/** Octokit types some ids as bigint: they fit in a number. */
interface ApiJob {
  id: number | bigint;
  run_id: number | bigint;
  name: string;
  labels: string[];
  status: string;
  conclusion: string | null;
  created_at: string;
  started_at: string;
  completed_at: string | null;
  runner_name: string | null;
  steps?: Array<{ started_at?: string | null; completed_at?: string | null }>;
}

/** The repository fields GitHub's minimal-repository (org and group listings) carries. */
interface ApiMinimalRepo {
  id: number;
  name: string;
  full_name: string;
  owner: { login: string };
  private: boolean;
  visibility?: string;
  archived?: boolean;
  default_branch?: string;
}

const REPO_POOL: RunnerPool = {
  key: 'repository',
  title: 'repo-level runner(s)',
  settings: 'Repository settings → Actions → Runners',
};

const seconds = (from: string | null | undefined, to: string | null | undefined) =>
  from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;

/** GitHub's timestamps are whole seconds: `created` compares them without milliseconds. */
const wholeSeconds = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * GitHub as a ForgeSource, economically: 100 items per page, and each organization's runners,
 * runner groups and group repository lists read once and shared by all its repositories.
 */
export class GitHubSource implements ForgeSource {
  readonly forge = 'github';
  readonly idlePoolsListed = false;
  private readonly repoRunnerMemo = new Memo<ForgeRunner[]>();
  private readonly orgRunnerMemo = new Memo<ForgeRunner[]>();
  private readonly orgPoolMemo = new Memo<RunnerPool[]>();
  private readonly groupRepoMemo = new Memo<ForgeRepository[]>();
  private readonly orgRepoMemo = new Memo<ForgeRepository[]>();

  constructor(private readonly gh: GitHubClient) {}

  async repository(path: string): Promise<ForgeRepository> {
    const [owner, repo] = split(path);
    const { data } = await this.gh.request('GET /repos/{owner}/{repo}', { owner, repo });
    return {
      id: Number(data.id),
      fullName: data.full_name,
      owner: data.owner.login,
      name: data.name,
      visibility: data.private ? (data.visibility === 'internal' ? 'internal' : 'private') : 'public',
      archived: data.archived,
      defaultBranch: data.default_branch,
      notes: [],
    };
  }

  runnerScopes(repo: ForgeRepository): RunnerScope[] {
    const { owner, name } = repo;
    const org = owner.toLowerCase();
    const repoRunners = () =>
      this.repoRunnerMemo.get(repo.fullName.toLowerCase(), async () => {
        const runners = await this.gh.paginate('GET /repos/{owner}/{repo}/actions/runners', {
          owner,
          repo: name,
          per_page: GITHUB_PER_PAGE,
        });
        return runners.map((r) => toRunner(r, REPO_POOL.key));
      });
    const orgRunners = () => this.orgRunnerMemo.get(org, () => this.readOrgRunners(owner));
    return [
      {
        runner: 'repo-level runner',
        whose: "the repository's",
        runners: async (label) => withLabel(await repoRunners(), label, false),
        pools: async () => [REPO_POOL],
      },
      {
        runner: 'org runner',
        whose: "the org's",
        runners: async (label) => {
          try {
            return withLabel(await orgRunners(), label, true);
          } catch (error) {
            // A user account has no organization: GitHub answers 404 for /orgs/<user>.
            if (errorStatus(error) === 404) return null;
            throw error;
          }
        },
        pools: () => this.orgPoolMemo.get(org, () => this.orgPools(owner)),
      },
    ];
  }

  private async orgPools(org: string): Promise<RunnerPool[]> {
    const groups = await this.gh.paginate('GET /orgs/{org}/actions/runner-groups', {
      org,
      per_page: GITHUB_PER_PAGE,
    });
    return groups.map((g) => ({
      key: groupKey(g.id),
      title: `group "${g.name}"`,
      settings: `Organization settings → Actions → Runner groups → "${g.name}"`,
      rules: {
        access: this.access(org, g.id, g.visibility),
        allowsPublicRepositories: g.allows_public_repositories,
        ...(g.restricted_to_workflows ? { workflows: g.selected_workflows ?? [] } : {}),
      },
    }));
  }

  private access(org: string, groupId: number, visibility: string): PoolAccess {
    if (visibility === 'all' || visibility === 'private') return { to: visibility };
    if (visibility !== 'selected') return { to: 'unknown', visibility };
    return {
      to: 'selected',
      // Read only for a group that holds runners with a wanted label, once per group.
      repositories: async () =>
        new Set((await this.groupRepositories(org, groupId)).map((r) => r.name.toLowerCase())),
    };
  }

  /** A `selected` group's repositories, read once per group. */
  private groupRepositories(org: string, groupId: number): Promise<ForgeRepository[]> {
    return this.groupRepoMemo.get(`${org.toLowerCase()}/${groupId}`, async () => {
      const repos = await this.gh.paginate(
        'GET /orgs/{org}/actions/runner-groups/{runner_group_id}/repositories',
        { org, runner_group_id: groupId, per_page: GITHUB_PER_PAGE },
      );
      return repos.map((r) => fromMinimal(r as ApiMinimalRepo));
    });
  }

  /** Every repository of the organization, read once. */
  private orgRepositories(org: string): Promise<ForgeRepository[]> {
    return this.orgRepoMemo.get(org.toLowerCase(), async () => {
      const repos = await this.gh.paginate('GET /orgs/{org}/repos', {
        org,
        type: 'all',
        per_page: GITHUB_PER_PAGE,
      });
      return repos.map((r) => fromMinimal(r as ApiMinimalRepo));
    });
  }

  /**
   * The fewest reads that decide it: the runner groups (one request), each named `selected` group's
   * repository list (which carries each repository's visibility), and the organization's repository
   * list only when a named group serves `all` or `private` repositories.
   */
  async fleetRepositories(owner: string, pools: readonly string[]): Promise<FleetScope> {
    const org = owner.toLowerCase();
    const groups = await this.orgPoolMemo.get(org, () => this.orgPools(owner));
    const byName = new Map(groups.map((g) => [groupName(g), g]));
    const unknown = pools.filter((p) => !byName.has(p.toLowerCase()));
    if (unknown.length) {
      throw new FlywheelError(
        'NOT_FOUND',
        `no runner group ${unknown.map((u) => `"${u}"`).join(', ')} in ${owner} (it has ${[...byName.keys()].join(', ') || 'none'})`,
        { hint: "name the runner groups the platform's scale sets register in (their `runnerGroup`)" },
      );
    }
    const chosen = pools.length ? pools.map((p) => byName.get(p.toLowerCase())!) : groups;
    const needsAll = chosen.some((g) => g.rules?.access.to !== 'selected');
    const candidates = new Map<string, ForgeRepository>();
    const selected = new Map<string, ReadonlySet<string>>();
    if (needsAll)
      for (const r of await this.orgRepositories(owner)) candidates.set(r.fullName.toLowerCase(), r);
    for (const g of chosen) {
      if (g.rules?.access.to !== 'selected') continue;
      const repos = await this.groupRepositories(owner, groupIdOf(g.key));
      selected.set(g.key, new Set(repos.map((r) => r.name.toLowerCase())));
      for (const r of repos)
        if (!candidates.has(r.fullName.toLowerCase())) candidates.set(r.fullName.toLowerCase(), r);
    }
    const live = [...candidates.values()].filter((r) => !r.archived);
    const serves = (g: RunnerPool, r: ForgeRepository) =>
      g.rules !== undefined && poolServes(g.rules, r, selected.get(g.key));
    return {
      repositories: live
        .filter((r) => chosen.some((g) => serves(g, r)))
        .sort((a, b) => a.fullName.localeCompare(b.fullName)),
      pools: chosen.map((g) => ({ name: groupName(g), serves: live.filter((r) => serves(g, r)).length })),
    };
  }

  ownerRunners(owner: string): Promise<ForgeRunner[]> {
    return this.orgRunnerMemo.get(owner.toLowerCase(), () => this.readOrgRunners(owner));
  }

  private async readOrgRunners(org: string): Promise<ForgeRunner[]> {
    const runners = await this.gh.paginate('GET /orgs/{org}/actions/runners', {
      org,
      per_page: GITHUB_PER_PAGE,
    });
    return runners.map((r) => toRunner(r, groupKey(r.runner_group_id)));
  }

  /**
   * Runs that are `queued` (no job started) and `in_progress` (some started, others may still wait):
   * GitHub filters runs by one status a request, so two listings, then the jobs of each active run.
   */
  async activeJobs(repo: ForgeRepository): Promise<ForgeJob[]> {
    const runIds = new Set<number>();
    for (const status of ['queued', 'in_progress'] as const) {
      const runs = await this.gh.paginate('GET /repos/{owner}/{repo}/actions/runs', {
        owner: repo.owner,
        repo: repo.name,
        status,
        per_page: GITHUB_PER_PAGE,
      });
      for (const run of runs) runIds.add(Number(run.id));
    }
    const jobs: ForgeJob[] = [];
    for (const id of runIds) jobs.push(...(await this.runJobs(repo.fullName, id)));
    return jobs.filter((j) => j.state === 'waiting' || j.state === 'running');
  }

  async finishedRuns(repo: ForgeRepository, window: { since: Date; maxRuns: number }): Promise<ForgeRun[]> {
    if (window.maxRuns <= 0) return [];
    const { data } = await this.gh.request('GET /repos/{owner}/{repo}/actions/runs', {
      owner: repo.owner,
      repo: repo.name,
      status: 'completed',
      per_page: Math.min(GITHUB_PER_PAGE, window.maxRuns),
      created: `>=${wholeSeconds(window.since)}`,
      exclude_pull_requests: true,
    });
    const runs: ForgeRun[] = [];
    for (const run of data.workflow_runs.slice(0, window.maxRuns)) {
      const jobs = await this.runJobs(repo.fullName, Number(run.id));
      runs.push({
        id: Number(run.id),
        name: run.name ?? run.path,
        path: run.path,
        sha: run.head_sha,
        branch: run.head_branch,
        createdAt: run.created_at,
        finishedAt: lastCompletion(jobs),
        jobs,
      });
    }
    return runs;
  }

  /** Closed pull requests into `branch`, newest update first, read until they are older than `since`. */
  async mergedChanges(
    repo: ForgeRepository,
    window: { branch: string; since: Date },
  ): Promise<ForgeChange[]> {
    const since = window.since.getTime();
    const pulls = await this.gh.paginate(
      'GET /repos/{owner}/{repo}/pulls',
      {
        owner: repo.owner,
        repo: repo.name,
        state: 'closed',
        base: window.branch,
        sort: 'updated',
        direction: 'desc',
        per_page: GITHUB_PER_PAGE,
      },
      (response, done) => {
        if (response.data.some((p) => Date.parse(p.updated_at) < since)) done();
        return response.data;
      },
    );
    return pulls
      .filter((p) => p.merged_at && p.merge_commit_sha && Date.parse(p.merged_at) >= since)
      .map((p) => ({ number: p.number, title: p.title, mergedAt: p.merged_at!, sha: p.merge_commit_sha! }))
      .sort((a, b) => a.mergedAt.localeCompare(b.mergedAt));
  }

  async branchCommits(repo: ForgeRepository, window: { branch: string; since: Date }): Promise<string[]> {
    const commits = await this.gh.paginate('GET /repos/{owner}/{repo}/commits', {
      owner: repo.owner,
      repo: repo.name,
      sha: window.branch,
      since: window.since.toISOString(),
      per_page: GITHUB_PER_PAGE,
    });
    return commits.map((c) => c.sha);
  }

  async recentJobs(repo: ForgeRepository, window: { maxRuns: number; since: Date }): Promise<ForgeJob[]> {
    if (window.maxRuns <= 0) return [];
    const { data } = await this.gh.request('GET /repos/{owner}/{repo}/actions/runs', {
      owner: repo.owner,
      repo: repo.name,
      per_page: Math.min(GITHUB_PER_PAGE, window.maxRuns),
      created: `>=${wholeSeconds(window.since)}`,
      exclude_pull_requests: true,
    });
    const jobs: ForgeJob[] = [];
    for (const run of data.workflow_runs.slice(0, window.maxRuns)) {
      jobs.push(...(await this.runJobs(repo.fullName, Number(run.id))));
    }
    return jobs;
  }

  async job(path: string, jobId: number): Promise<ForgeJob> {
    const [owner, repo] = split(path);
    const { data } = await this.gh.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}', {
      owner,
      repo,
      job_id: jobId,
    });
    return toJob(data);
  }

  async runJobs(path: string, runId: number): Promise<ForgeJob[]> {
    const [owner, repo] = split(path);
    const jobs = await this.gh.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
      owner,
      repo,
      run_id: runId,
      per_page: GITHUB_PER_PAGE,
    });
    return jobs.map(toJob);
  }

  /**
   * Runs are listed a day at a time (a `created` filter returns at most 1,000 runs, GitHub REST docs
   * "List workflow runs for a repository"), newest first, then each run's jobs; every page costs one
   * request from the owner's budget.
   */
  async jobHistory(
    repo: ForgeRepository,
    window: { since: Date; until: Date },
    budget: RequestBudget,
  ): Promise<{ jobs: ForgeHistoryJob[]; complete: boolean }> {
    const jobs: ForgeHistoryJob[] = [];
    const day = 86_400_000;
    for (let end = window.until.getTime(); end > window.since.getTime(); end -= day) {
      const from = new Date(Math.max(window.since.getTime(), end - day));
      const to = new Date(end - 1000);
      for (let page = 1; ; page++) {
        if (!budget.take(repo.owner)) return { jobs, complete: false };
        const { data } = await this.gh.request('GET /repos/{owner}/{repo}/actions/runs', {
          owner: repo.owner,
          repo: repo.name,
          per_page: GITHUB_PER_PAGE,
          page,
          created: `${wholeSeconds(from)}..${wholeSeconds(to)}`,
        });
        for (const run of data.workflow_runs) {
          for (let jp = 1; ; jp++) {
            if (!budget.take(repo.owner)) return { jobs, complete: false };
            const { data: page } = await this.gh.request(
              'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs',
              {
                owner: repo.owner,
                repo: repo.name,
                run_id: Number(run.id),
                per_page: GITHUB_PER_PAGE,
                page: jp,
              },
            );
            jobs.push(...page.jobs.map(toHistoryJob));
            if (page.jobs.length < GITHUB_PER_PAGE) break;
          }
        }
        if (data.workflow_runs.length < GITHUB_PER_PAGE) break;
      }
    }
    return { jobs, complete: true };
  }

  /** The YAML files under `.github/workflows`; a repository without the folder answers 404. */
  async ciConfig(repo: ForgeRepository): Promise<CiConfig> {
    const { data } = await this.gh.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: repo.owner,
      repo: repo.name,
      path: '.github/workflows',
    });
    const entries = Array.isArray(data) ? data : [];
    const config: CiConfig = { files: [], jobs: [], unreadIncludes: false };
    for (const entry of entries) {
      if (entry.type !== 'file' || !/\.ya?ml$/.test(entry.name)) continue;
      const file = await this.gh.request('GET /repos/{owner}/{repo}/contents/{path}', {
        owner: repo.owner,
        repo: repo.name,
        path: entry.path,
      });
      const content = !Array.isArray(file.data) && file.data.type === 'file' ? file.data.content : '';
      config.files.push(entry.path);
      config.jobs.push(...workflowJobs(entry.path, Buffer.from(content, 'base64').toString('utf8')));
    }
    return config;
  }
}

function split(path: string): [string, string] {
  const [owner = '', repo = ''] = path.split('/');
  return [owner, repo];
}

const groupKey = (id: number | undefined) => `group ${id ?? 'unknown'}`;
const groupIdOf = (key: string) => Number(key.replace(/^group /, ''));
/** A group's name, lower-cased, from its title `group "name"`. */
const groupName = (pool: RunnerPool) => pool.title.replace(/^group "(.*)"$/, '$1').toLowerCase();

function fromMinimal(r: ApiMinimalRepo): ForgeRepository {
  return {
    id: Number(r.id),
    fullName: r.full_name,
    owner: r.owner.login,
    name: r.name,
    visibility: r.private ? (r.visibility === 'internal' ? 'internal' : 'private') : 'public',
    archived: r.archived ?? false,
    defaultBranch: r.default_branch ?? 'main',
    notes: [],
  };
}

function lastCompletion(jobs: ForgeJob[]): string | null {
  const done = jobs.map((j) => j.completedAt).filter((t): t is string => Boolean(t));
  return done.length ? done.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a)) : null;
}

function withLabel(runners: ForgeRunner[], label: string, counted: boolean) {
  return {
    matching: runners.filter((r) => r.labels.includes(label)),
    total: counted ? runners.length : null,
  };
}

function toRunner(r: ApiRunner, pool: string): ForgeRunner {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    online: r.status === 'online',
    busy: r.busy,
    paused: false,
    labels: r.labels.map((l) => l.name),
    pool,
    notes: [],
  };
}

/** GitHub's job statuses (`requested` is not yet queued for a runner). */
const STATE: Record<string, ForgeJob['state']> = {
  queued: 'waiting',
  waiting: 'waiting',
  pending: 'waiting',
  in_progress: 'running',
  completed: 'done',
};
const OUTCOME: Record<string, ForgeJob['outcome']> = {
  success: 'success',
  failure: 'failure',
  timed_out: 'failure',
};

function toJob(job: ApiJob): ForgeJob {
  const steps = job.steps ?? [];
  // The job's own started_at equals created_at on GitHub: the first step's start is the pick-up.
  const pickedUpAt = steps.map((s) => s.started_at).find((t): t is string => Boolean(t)) ?? null;
  const first = steps[0];
  return {
    id: Number(job.id),
    runId: Number(job.run_id),
    name: job.name,
    labels: job.labels,
    state: STATE[job.status] ?? 'other',
    outcome: job.conclusion === null ? null : (OUTCOME[job.conclusion] ?? 'other'),
    status: job.status,
    conclusion: job.conclusion,
    createdAt: job.created_at,
    startedAt: job.started_at,
    pickedUpAt,
    queueSeconds: seconds(job.created_at, pickedUpAt),
    setupSeconds: seconds(first?.started_at, first?.completed_at),
    completedAt: job.completed_at,
    runnerName: job.runner_name,
  };
}

function toHistoryJob(job: ApiJob): ForgeHistoryJob {
  const j = toJob(job);
  return {
    id: j.id,
    runId: j.runId,
    labels: j.labels,
    createdAt: j.createdAt,
    pickedUpAt: j.pickedUpAt,
    completedAt: job.completed_at ?? null,
  };
}
