import { Memo } from '@gloriousflywheel/shared';
import { errorStatus, GITHUB_PER_PAGE, type GitHubClient } from '@gloriousflywheel/shared/forge';

/** A read that may be refused: the checks turn refusals into evidence and fixes. */
export type Access<T> = { ok: true; value: T } | { ok: false; status: number | undefined; message: string };

export interface RepoInfo {
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  archived: boolean;
  defaultBranch: string;
}

export interface RunnerInfo {
  id: number;
  name: string;
  status: string;
  busy: boolean;
  labels: string[];
  /** Org runners: their group. */
  groupId?: number;
}

export interface RunnerGroupInfo {
  id: number;
  name: string;
  visibility: string;
  isDefault: boolean;
  allowsPublicRepositories: boolean;
  restrictedToWorkflows: boolean;
  selectedWorkflows: string[];
}

export interface JobInfo {
  id: number;
  runId: number;
  name: string;
  labels: string[];
  status: string;
  conclusion: string | null;
  createdAt: string;
  /** When the first step started: the moment a runner had picked the job up. */
  firstStepAt: string | null;
  runnerName: string | null;
  runnerGroupName: string | null;
}

export interface WorkflowFile {
  path: string;
  text: string;
}

async function access<T>(read: () => Promise<T>): Promise<Access<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    const status = errorStatus(error);
    if (status === undefined || status >= 500 || status === 429) throw error;
    return { ok: false, status, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Reads what the outside checks need from GitHub, economically: 100 per page, and each org's
 * runner groups, runners and group repository lists read once and shared by all its repositories.
 */
export class GitHubSource {
  private readonly orgRunnerMemo = new Memo<Access<RunnerInfo[]>>();
  private readonly orgGroupMemo = new Memo<Access<RunnerGroupInfo[]>>();
  private readonly groupRepoMemo = new Memo<Access<Set<string>>>();

  constructor(private readonly gh: GitHubClient) {}

  repo(owner: string, name: string): Promise<Access<RepoInfo>> {
    return access(async () => {
      const { data } = await this.gh.request('GET /repos/{owner}/{repo}', { owner, repo: name });
      return {
        owner: data.owner.login,
        name: data.name,
        fullName: data.full_name,
        private: data.private,
        archived: data.archived,
        defaultBranch: data.default_branch,
      };
    });
  }

  repoRunners(owner: string, name: string): Promise<Access<RunnerInfo[]>> {
    return access(async () => {
      const runners = await this.gh.paginate('GET /repos/{owner}/{repo}/actions/runners', {
        owner,
        repo: name,
        per_page: GITHUB_PER_PAGE,
      });
      return runners.map(toRunner);
    });
  }

  orgRunners(org: string): Promise<Access<RunnerInfo[]>> {
    return this.orgRunnerMemo.get(org.toLowerCase(), () =>
      access(async () => {
        const runners = await this.gh.paginate('GET /orgs/{org}/actions/runners', {
          org,
          per_page: GITHUB_PER_PAGE,
        });
        return runners.map(toRunner);
      }),
    );
  }

  orgGroups(org: string): Promise<Access<RunnerGroupInfo[]>> {
    return this.orgGroupMemo.get(org.toLowerCase(), () =>
      access(async () => {
        const groups = await this.gh.paginate('GET /orgs/{org}/actions/runner-groups', {
          org,
          per_page: GITHUB_PER_PAGE,
        });
        return groups.map((g) => ({
          id: g.id,
          name: g.name,
          visibility: g.visibility,
          isDefault: g.default,
          allowsPublicRepositories: g.allows_public_repositories,
          restrictedToWorkflows: g.restricted_to_workflows ?? false,
          selectedWorkflows: g.selected_workflows ?? [],
        }));
      }),
    );
  }

  /** Names (lower-cased) of the repositories selected for a group. */
  groupRepositories(org: string, groupId: number): Promise<Access<Set<string>>> {
    return this.groupRepoMemo.get(`${org.toLowerCase()}/${groupId}`, () =>
      access(async () => {
        const repos = await this.gh.paginate(
          'GET /orgs/{org}/actions/runner-groups/{runner_group_id}/repositories',
          {
            org,
            runner_group_id: groupId,
            per_page: GITHUB_PER_PAGE,
          },
        );
        return new Set(repos.map((r) => r.name.toLowerCase()));
      }),
    );
  }

  /** Jobs of the newest `maxRuns` runs created since `since`. */
  recentJobs(owner: string, name: string, maxRuns: number, since: Date): Promise<Access<JobInfo[]>> {
    return access(async () => {
      if (maxRuns <= 0) return [];
      const { data } = await this.gh.request('GET /repos/{owner}/{repo}/actions/runs', {
        owner,
        repo: name,
        per_page: Math.min(GITHUB_PER_PAGE, maxRuns),
        created: `>=${since.toISOString().replace(/\.\d+Z$/, 'Z')}`,
        exclude_pull_requests: true,
      });
      const jobs: JobInfo[] = [];
      for (const run of data.workflow_runs.slice(0, maxRuns)) {
        const runId = Number(run.id);
        const list = await this.gh.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
          owner,
          repo: name,
          run_id: runId,
          per_page: GITHUB_PER_PAGE,
        });
        for (const job of list) {
          const first =
            (job.steps ?? []).map((s) => s.started_at).find((t): t is string => Boolean(t)) ?? null;
          jobs.push({
            id: job.id,
            runId,
            name: job.name,
            labels: job.labels,
            status: job.status,
            conclusion: job.conclusion,
            createdAt: job.created_at,
            firstStepAt: first,
            runnerName: job.runner_name,
            runnerGroupName: job.runner_group_name,
          });
        }
      }
      return jobs;
    });
  }

  /** The workflow files under `.github/workflows` (YAML only). */
  workflowFiles(owner: string, name: string): Promise<Access<WorkflowFile[]>> {
    return access(async () => {
      const { data } = await this.gh.request('GET /repos/{owner}/{repo}/contents/{path}', {
        owner,
        repo: name,
        path: '.github/workflows',
      });
      const entries = Array.isArray(data) ? data : [];
      const files: WorkflowFile[] = [];
      for (const entry of entries) {
        if (entry.type !== 'file' || !/\.ya?ml$/.test(entry.name)) continue;
        const file = await this.gh.request('GET /repos/{owner}/{repo}/contents/{path}', {
          owner,
          repo: name,
          path: entry.path,
        });
        const content = (file.data as { content?: string }).content ?? '';
        files.push({ path: entry.path, text: Buffer.from(content, 'base64').toString('utf8') });
      }
      return files;
    });
  }
}

function toRunner(r: {
  id: number;
  name: string;
  status: string;
  busy: boolean;
  labels: Array<{ name: string }>;
  runner_group_id?: number;
}): RunnerInfo {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    busy: r.busy,
    labels: r.labels.map((l) => l.name),
    ...(r.runner_group_id !== undefined ? { groupId: r.runner_group_id } : {}),
  };
}
