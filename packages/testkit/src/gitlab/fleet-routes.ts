import type { Job, Project, Runner } from './fake-gitlab';

/** A pipeline; its jobs are the project's jobs seeded with its `pipelineId`. */
export interface GitLabPipelineSeed {
  id: number;
  /** `workflow:name`, when the CI file gives one. */
  name?: string;
  status?: 'created' | 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped' | 'manual';
  source?: string;
  ref?: string;
  sha?: string;
  createdAt: string;
  updatedAt?: string;
}

export interface GitLabMergeRequestSeed {
  iid: number;
  title: string;
  state?: 'opened' | 'closed' | 'merged';
  targetBranch?: string;
  createdAt: string;
  mergedAt?: string | null;
  /** null for a fast-forward merge (then `sha`, the MR's head, is what the branch got). */
  mergeCommitSha?: string | null;
  squashCommitSha?: string | null;
  sha?: string;
}

export interface GitLabCommitSeed {
  sha?: string;
  message: string;
  /** The committed date. */
  date: string;
}

/** What the fake's server core lends these routes. */
export interface FleetApi {
  url: URL;
  base: string;
  projects(): Project[];
  list(all: unknown[]): void;
  ok(body: unknown): void;
  notFound(what: string): void;
  project(p: Project): unknown;
  runner(r: Runner, p: Project): unknown;
  job(p: Project, j: Job): unknown;
}

const FINISHED = new Set(['success', 'failed', 'canceled', 'skipped']);

/** A group is the namespace path its projects live under (`acme`, `acme/infra`). */
function groupProjects(api: FleetApi, group: string, withSubgroups: boolean): Project[] | undefined {
  const prefix = `${group.toLowerCase()}/`;
  const all = api.projects().filter((p) => p.path.toLowerCase().startsWith(prefix));
  if (all.length === 0) return undefined;
  return withSubgroups ? all : all.filter((p) => !p.path.slice(prefix.length).includes('/'));
}

const truthy = (v: string | null) => v === 'true' || v === '1';

/**
 * `GET /groups/:id/projects` (`include_subgroups`, `archived`) and `GET /groups/:id/runners` (the
 * group runners registered in the group, each once).
 */
export function groupRoute(api: FleetApi, group: string, rest: string): void {
  const q = api.url.searchParams;
  const projects = groupProjects(api, group, rest === '/runners' || truthy(q.get('include_subgroups')));
  if (!projects) {
    api.notFound('Group');
  } else if (rest === '/projects') {
    const archived = q.get('archived');
    api.list(
      projects
        .filter((p) => archived === null || p.archived === truthy(archived))
        .sort((a, b) => b.id - a.id)
        .map((p) => api.project(p)),
    );
  } else if (rest === '/runners') {
    const seen = new Map<number, { r: Runner; p: Project }>();
    for (const p of projects)
      for (const r of p.runners)
        if (r.runnerType === 'group_type' && !seen.has(r.id)) seen.set(r.id, { r, p });
    api.list([...seen.values()].map(({ r, p }) => api.runner(r, p)));
  } else {
    api.notFound('Group route');
  }
}

function pipelineObject(api: FleetApi, p: Project, pl: GitLabPipelineSeed) {
  return {
    id: pl.id,
    iid: pl.id,
    project_id: p.id,
    sha: pl.sha ?? '0'.repeat(40),
    ref: pl.ref ?? p.defaultBranch,
    status: pl.status ?? 'success',
    source: pl.source ?? 'push',
    ...(pl.name ? { name: pl.name } : {}),
    created_at: pl.createdAt,
    updated_at: pl.updatedAt ?? pl.createdAt,
    web_url: `${api.base}/${p.path}/-/pipelines/${pl.id}`,
  };
}

function mergeRequestObject(api: FleetApi, p: Project, mr: GitLabMergeRequestSeed) {
  const state = mr.state ?? (mr.mergedAt ? 'merged' : 'opened');
  return {
    id: 90_000 + mr.iid,
    iid: mr.iid,
    project_id: p.id,
    title: mr.title,
    state,
    target_branch: mr.targetBranch ?? p.defaultBranch,
    source_branch: `change-${mr.iid}`,
    created_at: mr.createdAt,
    updated_at: mr.mergedAt ?? mr.createdAt,
    merged_at: mr.mergedAt ?? null,
    merge_commit_sha: mr.mergeCommitSha ?? null,
    squash_commit_sha: mr.squashCommitSha ?? null,
    sha: mr.sha ?? '0'.repeat(40),
    web_url: `${api.base}/${p.path}/-/merge_requests/${mr.iid}`,
  };
}

/**
 * A project's pipelines (`scope=finished`, `updated_after`, newest id first), a pipeline's jobs,
 * merge requests (`state`, `target_branch`, `updated_after`) and the default branch's commits
 * (`ref_name`, `since`; the seeded history is linear, so `first_parent` changes nothing).
 * Returns false for a path it does not serve.
 */
export function projectFleetRoute(api: FleetApi, project: Project, rest: string): boolean {
  const q = api.url.searchParams;
  const after = (at: string, param: string) => {
    const v = q.get(param);
    return !v || Date.parse(at) >= Date.parse(v);
  };
  if (rest === '/pipelines') {
    const scope = q.get('scope');
    api.list(
      project.pipelines
        .filter((pl) => scope !== 'finished' || FINISHED.has(pl.status ?? 'success'))
        .filter((pl) => after(pl.updatedAt ?? pl.createdAt, 'updated_after'))
        .sort((a, b) => b.id - a.id)
        .map((pl) => pipelineObject(api, project, pl)),
    );
    return true;
  }
  const jobs = rest.match(/^\/pipelines\/(\d+)\/jobs$/);
  if (jobs) {
    const id = Number(jobs[1]);
    if (!project.pipelines.some((pl) => pl.id === id)) {
      api.notFound('Pipeline');
      return true;
    }
    api.list(
      project.jobs
        .filter((j) => j.pipelineId === id)
        .sort((a, b) => a.id - b.id)
        .map((j) => api.job(project, j)),
    );
    return true;
  }
  if (rest === '/merge_requests') {
    const state = q.get('state');
    const target = q.get('target_branch');
    api.list(
      project.mergeRequests
        .map((mr) => mergeRequestObject(api, project, mr))
        .filter((mr) => !state || state === 'all' || mr.state === state)
        .filter((mr) => !target || mr.target_branch === target)
        .filter((mr) => after(mr.updated_at, 'updated_after'))
        .sort((a, b) => b.created_at.localeCompare(a.created_at)),
    );
    return true;
  }
  if (rest === '/repository/commits') {
    const ref = q.get('ref_name');
    if (ref && ref !== project.defaultBranch) {
      api.notFound('Commit');
      return true;
    }
    const parents = new Map(project.commits.map((c, i) => [c.sha, project.commits[i - 1]?.sha]));
    api.list(
      [...project.commits]
        .reverse()
        .filter((c) => after(c.date, 'since'))
        .map((c) => ({
          id: c.sha,
          short_id: c.sha.slice(0, 8),
          title: c.message.split('\n')[0],
          message: c.message,
          created_at: c.date,
          committed_date: c.date,
          authored_date: c.date,
          parent_ids: parents.get(c.sha) ? [parents.get(c.sha)] : [],
          web_url: `${api.base}/${project.path}/-/commit/${c.sha}`,
        })),
    );
    return true;
  }
  return false;
}
