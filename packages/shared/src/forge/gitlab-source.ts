import type {
  ExpandedRunnerSchema,
  JobSchema,
  JobScope,
  PipelineSchema,
  ProjectSchema,
} from '@gitbeaker/rest';
import { Memo, mapLimit } from '../concurrency';
import { gitlabCiJobs } from './gitlab-ci-jobs';
import { GITLAB_PER_PAGE, type GitLabClient } from './gitlab-client';
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
  RequestBudget,
  RunnerPool,
} from './source';

const CI_FILE = '.gitlab-ci.yml';
/** Runner detail reads in flight at once; gitbeaker's own limiter keeps the rate. */
const DETAIL_CONCURRENCY = 4;

/**
 * GitLab lists for a project only the runners it may use: its own, its groups', and the instance's
 * when the project enables them ("List all runners available in the project", Runners API,
 * `GET /projects/:id/runners`). Its runner types are therefore pools whose rules GitLab has applied.
 */
const POOLS: RunnerPool[] = [
  { key: 'instance_type', title: 'instance runner(s)', settings: 'Admin area → CI/CD → Runners' },
  { key: 'group_type', title: 'group runner(s)', settings: "the group's Settings → CI/CD → Runners" },
  { key: 'project_type', title: 'project runner(s)', settings: "the project's Settings → CI/CD → Runners" },
];

const seconds = (from: string | null | undefined, to: string | null | undefined) =>
  from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;

/** GitLab's job statuses; `created`, `manual`, `scheduled` … are not yet waiting for a runner. */
const STATE: Record<string, ForgeJob['state']> = {
  pending: 'waiting',
  running: 'running',
  success: 'done',
  failed: 'done',
  canceled: 'done',
  skipped: 'done',
};
const OUTCOME: Record<string, ForgeJob['outcome']> = {
  success: 'success',
  failed: 'failure',
  canceled: 'other',
  skipped: 'other',
};

/**
 * GitLab as a ForgeSource (gitbeaker, 100 per page). A runner's details (its tags) are read once
 * and shared by every project and label that lists it: group and instance runners serve many.
 */
export class GitLabSource implements ForgeSource {
  readonly forge = 'gitlab';
  readonly idlePoolsListed = true;
  private readonly runnerMemo = new Memo<ExpandedRunnerSchema>();

  constructor(private readonly gl: GitLabClient) {}

  async repository(path: string): Promise<ForgeRepository> {
    return toRepository(await this.gl.Projects.show(path));
  }

  /**
   * The group's projects with its subgroups' (one listing). GitLab applies runner rules itself; the
   * pools here are runner types: `instance_type` serves projects with shared runners enabled,
   * `group_type` those with group runners enabled, `project_type` every project (its own runners).
   */
  async fleetRepositories(owner: string, pools: readonly string[]): Promise<FleetScope> {
    const projects = (await this.gl.Groups.allProjects(owner, {
      includeSubgroups: true,
      archived: false,
      perPage: GITLAB_PER_PAGE,
    })) as ProjectSchema[];
    const unknown = pools.filter((p) => !POOLS.some((k) => k.key === p));
    if (unknown.length) {
      throw Object.assign(
        new Error(
          `GitLab has no runner type ${unknown.join(', ')} (use ${POOLS.map((k) => k.key).join(', ')})`,
        ),
        { status: 400 },
      );
    }
    const chosen = pools.length ? [...pools] : POOLS.map((k) => k.key);
    const serves = (pool: string, p: ProjectSchema) =>
      pool === 'instance_type'
        ? p.shared_runners_enabled !== false
        : pool === 'group_type'
          ? (p as { group_runners_enabled?: boolean }).group_runners_enabled !== false
          : true;
    const live = projects.filter((p) => !p.archived);
    return {
      repositories: live
        .filter((p) => chosen.some((pool) => serves(pool, p)))
        .map(toRepository)
        .sort((a, b) => a.fullName.localeCompare(b.fullName)),
      pools: chosen.map((name) => ({ name, serves: live.filter((p) => serves(name, p)).length })),
    };
  }

  /** The group's runners (`GET /groups/:id/runners`), each with its tags (read once per runner). */
  async ownerRunners(owner: string): Promise<ForgeRunner[]> {
    const listed = await this.gl.Runners.all({ groupId: owner, perPage: GITLAB_PER_PAGE });
    const details = await mapLimit(listed, DETAIL_CONCURRENCY, (r) =>
      this.runnerMemo.get(String(r.id), () => this.gl.Runners.show(r.id)),
    );
    return details.map(toRunner);
  }

  /** One listing: GitLab filters jobs by several scopes at once (`scope[]=pending&scope[]=running`). */
  async activeJobs(repo: ForgeRepository): Promise<ForgeJob[]> {
    const jobs = await this.gl.Jobs.all(repo.id, {
      // The API takes an array of scopes; gitbeaker's type names one.
      scope: ['pending', 'running'] as unknown as JobScope,
      perPage: GITLAB_PER_PAGE,
    });
    return jobs.map(toJob);
  }

  async finishedRuns(repo: ForgeRepository, window: { since: Date; maxRuns: number }): Promise<ForgeRun[]> {
    if (window.maxRuns <= 0) return [];
    const pipelines = (await this.gl.Pipelines.all(repo.id, {
      scope: 'finished',
      updatedAfter: window.since.toISOString(),
      orderBy: 'id',
      sort: 'desc',
      perPage: Math.min(GITLAB_PER_PAGE, window.maxRuns),
      maxPages: 1,
    })) as PipelineSchema[];
    const runs: ForgeRun[] = [];
    for (const p of pipelines.filter((x) => Date.parse(x.created_at) >= window.since.getTime())) {
      const jobs = (await this.gl.Jobs.all(repo.id, { pipelineId: p.id, perPage: GITLAB_PER_PAGE })).map(
        toJob,
      );
      const finished = jobs.map((j) => j.completedAt).filter((t): t is string => Boolean(t));
      runs.push({
        id: p.id,
        name: typeof p['name'] === 'string' && p['name'] ? p['name'] : p.source,
        path: CI_FILE,
        sha: p.sha,
        branch: p.ref,
        createdAt: p.created_at,
        finishedAt: finished.length
          ? finished.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a))
          : null,
        jobs,
      });
    }
    return runs;
  }

  async mergedChanges(
    repo: ForgeRepository,
    window: { branch: string; since: Date },
  ): Promise<ForgeChange[]> {
    const mrs = await this.gl.MergeRequests.all({
      projectId: repo.id,
      state: 'merged',
      targetBranch: window.branch,
      updatedAfter: window.since.toISOString(),
      perPage: GITLAB_PER_PAGE,
    });
    const since = window.since.getTime();
    return mrs
      .map((m) => {
        const mr = m as unknown as {
          iid: number;
          title: string;
          merged_at?: string | null;
          merge_commit_sha?: string | null;
          squash_commit_sha?: string | null;
          sha?: string | null;
        };
        // A fast-forward merge has no merge commit: the MR's head became the branch head.
        const sha = mr.merge_commit_sha ?? mr.squash_commit_sha ?? mr.sha ?? null;
        return mr.merged_at && sha
          ? { number: mr.iid, title: mr.title, mergedAt: mr.merged_at, sha }
          : undefined;
      })
      .filter((c): c is ForgeChange => c !== undefined && Date.parse(c.mergedAt) >= since)
      .sort((a, b) => a.mergedAt.localeCompare(b.mergedAt));
  }

  async branchCommits(repo: ForgeRepository, window: { branch: string; since: Date }): Promise<string[]> {
    const commits = await this.gl.Commits.all(repo.id, {
      refName: window.branch,
      since: window.since.toISOString(),
      firstParent: true,
      perPage: GITLAB_PER_PAGE,
    });
    return commits.map((c) => c.id);
  }

  runnerScopes(repo: ForgeRepository) {
    return [
      {
        runner: 'available runner',
        whose: "the project's",
        runners: async (label: string) => {
          const listed = await this.gl.Runners.all({
            projectId: repo.id,
            tagList: [label],
            perPage: GITLAB_PER_PAGE,
          });
          const details = await mapLimit(listed, DETAIL_CONCURRENCY, (r) =>
            this.runnerMemo.get(String(r.id), () => this.gl.Runners.show(r.id)),
          );
          return { matching: details.map(toRunner).filter((r) => r.labels.includes(label)), total: null };
        },
        pools: async () => POOLS,
      },
    ];
  }

  /** GitLab has no date filter on jobs: the newest pages are read and older jobs dropped. */
  async recentJobs(repo: ForgeRepository, window: { maxRuns: number; since: Date }): Promise<ForgeJob[]> {
    const jobs = await this.gl.Jobs.all(repo.id, {
      perPage: GITLAB_PER_PAGE,
      // About ten jobs per pipeline.
      maxPages: Math.max(1, Math.ceil(window.maxRuns / 10)),
    });
    return jobs.map(toJob).filter((j) => Date.parse(j.createdAt) >= window.since.getTime());
  }

  async job(path: string, jobId: number): Promise<ForgeJob> {
    return toJob(await this.gl.Jobs.show(path, jobId));
  }

  async runJobs(path: string, runId: number): Promise<ForgeJob[]> {
    const jobs = await this.gl.Jobs.all(path, { pipelineId: runId, perPage: GITLAB_PER_PAGE });
    return jobs.map(toJob);
  }

  /**
   * The project's jobs page by page, newest first (GitLab's jobs API has no date filter), until a
   * page reaches back past `since`; each page costs one request from the group's budget.
   */
  async jobHistory(
    repo: ForgeRepository,
    window: { since: Date; until: Date },
    budget: RequestBudget,
  ): Promise<{ jobs: ForgeHistoryJob[]; complete: boolean }> {
    const jobs: ForgeHistoryJob[] = [];
    for (let page = 1; ; page++) {
      if (!budget.take(repo.owner)) return { jobs, complete: false };
      const batch = await this.gl.Jobs.all(repo.id, { perPage: GITLAB_PER_PAGE, page, maxPages: 1 });
      for (const job of batch) {
        const created = Date.parse(job.created_at);
        if (created < window.since.getTime() || created >= window.until.getTime()) continue;
        jobs.push({
          id: job.id,
          runId: job.pipeline?.id ?? null,
          labels: job.tag_list ?? [],
          createdAt: job.created_at,
          pickedUpAt: job.started_at ?? null,
          completedAt: job.finished_at ?? null,
        });
      }
      const oldest = batch.at(-1);
      if (batch.length < GITLAB_PER_PAGE || !oldest || Date.parse(oldest.created_at) < window.since.getTime())
        return { jobs, complete: true };
    }
  }

  /** The project's .gitlab-ci.yml on its default branch; a project without one answers 404. */
  async ciConfig(repo: ForgeRepository): Promise<CiConfig> {
    const raw = await this.gl.RepositoryFiles.showRaw(repo.id, CI_FILE, repo.defaultBranch);
    const text = typeof raw === 'string' ? raw : await raw.text();
    const { jobs, includes } = gitlabCiJobs(CI_FILE, text);
    return { files: [CI_FILE], jobs, unreadIncludes: includes };
  }
}

function toRunner(d: ExpandedRunnerSchema): ForgeRunner {
  return {
    id: d.id,
    name: d.description,
    status: d.status,
    online: d.online === true,
    busy: null,
    paused: d.paused === true,
    labels: d.tag_list ?? [],
    pool: d.runner_type,
    notes: [...(d.locked ? ['locked'] : []), `run_untagged ${d.run_untagged === true}`],
  };
}

function toRepository(p: ProjectSchema): ForgeRepository {
  return {
    id: p.id,
    fullName: p.path_with_namespace,
    owner: p.namespace.full_path,
    name: p.path,
    visibility: p.visibility,
    archived: p.archived,
    // An empty project has no default branch yet.
    defaultBranch: p.default_branch ?? 'main',
    notes: [`shared runners enabled: ${p.shared_runners_enabled}`],
  };
}

function toJob(job: JobSchema): ForgeJob {
  // The schema types these as always present; the API sends null until they happen.
  const startedAt = job.started_at ?? null;
  const runner = job.runner ?? null;
  return {
    id: job.id,
    runId: job.pipeline?.id ?? null,
    name: job.name,
    labels: job.tag_list ?? [],
    state: STATE[job.status] ?? 'other',
    outcome: OUTCOME[job.status] ?? null,
    status: job.status,
    conclusion: STATE[job.status] === 'done' ? job.status : null,
    createdAt: job.created_at,
    startedAt,
    pickedUpAt: startedAt,
    // queued_duration counts from when the job became pending, not from its creation.
    queueSeconds: job.queued_duration ?? seconds(job.created_at, startedAt),
    setupSeconds: null,
    completedAt: job.finished_at ?? null,
    runnerName: runner ? runner.description || `#${runner.id}` : null,
  };
}
