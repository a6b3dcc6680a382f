import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeHttpServer, sendJson, sendText } from '../http/fake-server';
import {
  type GitLabCommitSeed,
  type GitLabMergeRequestSeed,
  type GitLabPipelineSeed,
  groupRoute,
  projectFleetRoute,
} from './fleet-routes';

export type { GitLabCommitSeed, GitLabMergeRequestSeed, GitLabPipelineSeed } from './fleet-routes';

/** A GitLab runner as the fake holds it; the API shapes are derived from it. */
export interface GitLabRunnerSeed {
  id?: number;
  description: string;
  /** `instance_type` (shared), `group_type` or `project_type`. */
  runnerType: 'instance_type' | 'group_type' | 'project_type';
  tags: string[];
  runUntagged?: boolean;
  locked?: boolean;
  paused?: boolean;
  /** `online`, `offline`, `stale` or `never_contacted`. */
  status?: 'online' | 'offline' | 'stale' | 'never_contacted';
}

export interface GitLabJobSeed {
  id?: number;
  name: string;
  stage?: string;
  status?: 'created' | 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped' | 'manual';
  tags: string[];
  createdAt: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  /** Seconds the job waited for a runner. */
  queuedDuration?: number | null;
  runnerId?: number | null;
  /** The pipeline it belongs to (default: a pipeline of its own, id + 1). */
  pipelineId?: number;
}

export interface GitLabProjectSeed {
  id?: number;
  /** `group/subgroup/name`. */
  path: string;
  visibility?: 'private' | 'internal' | 'public';
  defaultBranch?: string;
  sharedRunnersEnabled?: boolean;
  runners?: GitLabRunnerSeed[];
  jobs?: GitLabJobSeed[];
  /** Repository files on the default branch, by path (e.g. `.gitlab-ci.yml`). */
  files?: Record<string, string>;
  groupRunnersEnabled?: boolean;
  archived?: boolean;
  pipelines?: GitLabPipelineSeed[];
  mergeRequests?: GitLabMergeRequestSeed[];
  /** Commits on the default branch, oldest first. */
  commits?: GitLabCommitSeed[];
}

export type Runner = GitLabRunnerSeed & { id: number };
export type Job = GitLabJobSeed & { id: number };
export interface Project {
  id: number;
  path: string;
  visibility: 'private' | 'internal' | 'public';
  defaultBranch: string;
  sharedRunnersEnabled: boolean;
  groupRunnersEnabled: boolean;
  archived: boolean;
  runners: Runner[];
  jobs: Job[];
  files: Record<string, string>;
  pipelines: GitLabPipelineSeed[];
  mergeRequests: GitLabMergeRequestSeed[];
  commits: Required<GitLabCommitSeed>[];
}

let nextId = 5000;
const newId = () => ++nextId;

/**
 * A fake of the GitLab REST API (v4) routes the canary uses: a project, the runners available to
 * it (project, group and instance runners) with their details, and its jobs with
 * `queued_duration`. Offset pagination with `x-page`, `x-next-page`, `x-total` … and `Link`.
 */
export class FakeGitLab extends FakeHttpServer {
  readonly projects = new Map<number, Project>();
  /** Accepted tokens (PRIVATE-TOKEN, JOB-TOKEN or Bearer); any token when empty. */
  readonly tokens = new Set<string>();

  constructor() {
    super((req, res, url) => this.route(req, res, url));
  }

  addProject(seed: GitLabProjectSeed): number {
    const id = seed.id ?? newId();
    this.projects.set(id, {
      id,
      path: seed.path,
      visibility: seed.visibility ?? 'private',
      defaultBranch: seed.defaultBranch ?? 'main',
      sharedRunnersEnabled: seed.sharedRunnersEnabled ?? true,
      groupRunnersEnabled: seed.groupRunnersEnabled ?? true,
      archived: seed.archived ?? false,
      runners: (seed.runners ?? []).map((r) => ({ ...r, id: r.id ?? newId() })),
      jobs: (seed.jobs ?? []).map((j) => ({ ...j, id: j.id ?? newId() })),
      files: { ...seed.files },
      pipelines: seed.pipelines ?? [],
      mergeRequests: seed.mergeRequests ?? [],
      commits: (seed.commits ?? []).map((c, i) => ({
        ...c,
        sha: c.sha ?? createHash('sha1').update(`${seed.path}:${i}:${c.message}`).digest('hex'),
      })),
    });
    return id;
  }

  private findProject(idOrPath: string): Project | undefined {
    if (/^\d+$/.test(idOrPath)) return this.projects.get(Number(idOrPath));
    return [...this.projects.values()].find((p) => p.path.toLowerCase() === idOrPath.toLowerCase());
  }

  private authorised(req: IncomingMessage): boolean {
    if (this.tokens.size === 0) return true;
    const header =
      (req.headers['private-token'] as string | undefined) ??
      (req.headers['job-token'] as string | undefined) ??
      req.headers.authorization?.replace(/^bearer\s+/i, '');
    return header !== undefined && this.tokens.has(header);
  }

  private route(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!this.authorised(req)) return sendJson(res, 401, { message: '401 Unauthorized' });
    if (req.method !== 'GET') return sendJson(res, 404, { message: '404 Not Found' });
    // Project ids may be URL-encoded paths (group%2Fproject): match on the raw path first.
    const raw = url.pathname;
    let m = raw.match(/^\/api\/v4\/projects\/([^/]+)(\/.*)?$/);
    if (m) {
      const project = this.findProject(decodeURIComponent(m[1]!));
      if (!project) return sendJson(res, 404, { message: '404 Project Not Found' });
      return this.projectRoute(res, url, project, m[2] ?? '');
    }
    m = raw.match(/^\/api\/v4\/groups\/([^/]+)(\/.*)$/);
    if (m) return groupRoute(this.fleetApi(res, url), decodeURIComponent(m[1]!), m[2]!);
    m = raw.match(/^\/api\/v4\/runners\/(\d+)$/);
    if (m) {
      const id = Number(m[1]);
      for (const project of this.projects.values()) {
        const runner = project.runners.find((r) => r.id === id);
        if (runner) return sendJson(res, 200, this.runnerDetails(runner, project));
      }
      return sendJson(res, 404, { message: '404 Runner Not Found' });
    }
    sendJson(res, 404, { error: '404 Not Found' });
  }

  private projectRoute(res: ServerResponse, url: URL, project: Project, rest: string) {
    if (rest === '') return sendJson(res, 200, this.projectObject(project));
    if (rest === '/runners') {
      const type = url.searchParams.get('type');
      const tagList = [...url.searchParams.getAll('tag_list'), ...url.searchParams.getAll('tag_list[]')]
        .flatMap((t) => t.split(','))
        .filter(Boolean);
      const runners = project.runners
        .filter((r) => project.sharedRunnersEnabled || r.runnerType !== 'instance_type')
        .filter((r) => !type || r.runnerType === type)
        .filter((r) => tagList.every((t) => r.tags.includes(t)));
      return this.list(
        res,
        url,
        runners.map((r) => this.runnerObject(r)),
      );
    }
    if (rest === '/jobs') {
      const scopes = url.searchParams.getAll('scope[]').concat(url.searchParams.getAll('scope'));
      const jobs = [...project.jobs]
        .sort((a, b) => b.id - a.id)
        .filter((j) => scopes.length === 0 || scopes.includes(j.status ?? 'success'));
      return this.list(
        res,
        url,
        jobs.map((j) => this.jobObject(project, j)),
      );
    }
    // GET /projects/:id/repository/files/:file_path/raw?ref= (the path URL-encoded, `ref` required)
    const file = rest.match(/^\/repository\/files\/([^/]+)\/raw$/);
    if (file) {
      const ref = url.searchParams.get('ref');
      if (!ref) return sendJson(res, 400, { error: 'ref is missing' });
      const text = ref === project.defaultBranch ? project.files[decodeURIComponent(file[1]!)] : undefined;
      if (text === undefined) return sendJson(res, 404, { message: '404 File Not Found' });
      return sendText(res, 200, text);
    }
    if (projectFleetRoute(this.fleetApi(res, url), project, rest)) return;
    const m = rest.match(/^\/jobs\/(\d+)$/);
    if (m) {
      const job = project.jobs.find((j) => j.id === Number(m[1]));
      if (!job) return sendJson(res, 404, { message: '404 Not found' });
      return sendJson(res, 200, this.jobObject(project, job));
    }
    sendJson(res, 404, { error: '404 Not Found' });
  }

  /** What the group, pipeline, merge request and commit routes (fleet-routes.ts) answer with. */
  private fleetApi(res: ServerResponse, url: URL) {
    return {
      url,
      projects: () => [...this.projects.values()],
      list: (all: unknown[]) => this.list(res, url, all),
      ok: (body: unknown) => sendJson(res, 200, body),
      notFound: (what: string) => sendJson(res, 404, { message: `404 ${what} Not Found` }),
      project: (p: Project) => this.projectObject(p),
      runner: (r: Runner, p: Project) => this.runnerDetails(r, p),
      job: (p: Project, j: Job) => this.jobObject(p, j),
      base: this.url,
    };
  }

  /** Offset pagination: per_page default 20, max 100. */
  private list(res: ServerResponse, url: URL, all: unknown[]): void {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 20) || 20));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const totalPages = Math.max(1, Math.ceil(all.length / perPage));
    const link = (n: number) => {
      const u = new URL(url.pathname + url.search, this.url);
      u.searchParams.set('page', String(n));
      u.searchParams.set('per_page', String(perPage));
      return u.toString();
    };
    const rels = [`<${link(1)}>; rel="first"`, `<${link(totalPages)}>; rel="last"`];
    if (page > 1) rels.unshift(`<${link(page - 1)}>; rel="prev"`);
    if (page < totalPages) rels.unshift(`<${link(page + 1)}>; rel="next"`);
    sendJson(res, 200, all.slice((page - 1) * perPage, page * perPage), {
      'x-page': String(page),
      'x-per-page': String(perPage),
      'x-next-page': page < totalPages ? String(page + 1) : '',
      'x-prev-page': page > 1 ? String(page - 1) : '',
      'x-total': String(all.length),
      'x-total-pages': String(totalPages),
      link: rels.join(', '),
    });
  }

  private projectObject(p: Project): unknown {
    const parts = p.path.split('/');
    const name = parts.pop()!;
    const namespace = parts.join('/');
    return {
      id: p.id,
      name,
      path: name,
      path_with_namespace: p.path,
      name_with_namespace: p.path.replaceAll('/', ' / '),
      description: null,
      default_branch: p.defaultBranch,
      visibility: p.visibility,
      web_url: `${this.url}/${p.path}`,
      http_url_to_repo: `${this.url}/${p.path}.git`,
      namespace: { id: p.id + 100000, name: namespace, path: namespace, kind: 'group', full_path: namespace },
      shared_runners_enabled: p.sharedRunnersEnabled,
      group_runners_enabled: p.groupRunnersEnabled,
      archived: p.archived,
      created_at: '2024-01-01T00:00:00.000Z',
      last_activity_at: '2024-01-01T00:00:00.000Z',
    };
  }

  private runnerObject(r: Runner): Record<string, unknown> {
    const status = r.status ?? 'online';
    return {
      id: r.id,
      description: r.description,
      ip_address: null,
      active: !(r.paused ?? false),
      paused: r.paused ?? false,
      is_shared: r.runnerType === 'instance_type',
      runner_type: r.runnerType,
      name: 'gitlab-runner',
      online: status === 'online',
      status,
    };
  }

  private runnerDetails(r: Runner, p: Project): unknown {
    return {
      ...this.runnerObject(r),
      tag_list: r.tags,
      run_untagged: r.runUntagged ?? false,
      locked: r.locked ?? false,
      access_level: 'not_protected',
      maximum_timeout: null,
      architecture: 'amd64',
      platform: 'linux',
      version: '17.5.0',
      contacted_at: '2024-01-01T00:00:00.000Z',
      projects:
        r.runnerType === 'project_type'
          ? [{ id: p.id, name: p.path.split('/').pop(), path_with_namespace: p.path }]
          : [],
      groups: [],
    };
  }

  private jobObject(p: Project, j: Job): unknown {
    const runner = p.runners.find((r) => r.id === j.runnerId);
    const started = j.startedAt ?? null;
    const finished = j.finishedAt ?? null;
    return {
      id: j.id,
      status: j.status ?? 'success',
      stage: j.stage ?? 'test',
      name: j.name,
      ref: p.defaultBranch,
      tag: false,
      coverage: null,
      allow_failure: false,
      created_at: j.createdAt,
      started_at: started,
      finished_at: finished,
      erased_at: null,
      duration: started && finished ? (Date.parse(finished) - Date.parse(started)) / 1000 : null,
      queued_duration: j.queuedDuration ?? null,
      tag_list: j.tags,
      web_url: `${this.url}/${p.path}/-/jobs/${j.id}`,
      pipeline: {
        id: j.pipelineId ?? j.id + 1,
        project_id: p.id,
        ref: p.defaultBranch,
        sha: '0'.repeat(40),
        status: j.status ?? 'success',
      },
      runner: runner ? this.runnerObject(runner) : null,
      project: { ci_job_token_scope_enabled: false },
    };
  }
}
