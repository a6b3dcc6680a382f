import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeHttpServer, sendJson } from '../http/fake-server';
import {
  fakeSha,
  fullRepoObject,
  groupObject,
  minimalRepoObject,
  newId,
  runnerObject,
  type SeedJob,
  type SeedOrg,
  type SeedRepo,
  type SeedRun,
  type SeedRunner,
  type SeedRunnerGroup,
  type SeedToken,
  userObject,
} from './model';
import { validateGitHubResponse } from './openapi-validator';
import { paginate } from './pagination';

type Runner = SeedRunner & { id: number };
type Group = SeedRunnerGroup & { id: number; repositories: string[] };
interface Org {
  login: string;
  id: number;
  groups: Group[];
  runners: Runner[];
}
interface Job extends SeedJob {
  id: number;
  runId: number;
}
interface Run extends SeedRun {
  id: number;
  runNumber: number;
  jobs: Job[];
}
interface Repo {
  id: number;
  owner: string;
  ownerId: number;
  name: string;
  private: boolean;
  defaultBranch: string;
  files: Map<string, string>;
  runners: Runner[];
  runs: Run[];
}

export interface FakeGitHubOptions {
  /** Validate every response body against the OpenAPI description and record any mismatch. */
  validateResponses?: boolean;
  /** Seconds until the primary rate limit window resets (the `x-ratelimit-reset` header). */
  rateLimitResetSeconds?: number;
}

export interface SecondaryLimit {
  path?: string | RegExp;
  /** How many requests it answers; then the real handler serves again. */
  times: number;
  status?: 403 | 429;
  retryAfterSeconds?: number;
}

const DOCS = 'https://docs.github.com/rest';

/**
 * A fake of the GitHub REST API routes the platform's actions use: repositories, org and repo
 * self-hosted runners, runner groups with their repositories and runners, workflow runs and jobs,
 * contents. Tests seed its state; it paginates with `Link` headers, sends rate-limit headers,
 * answers 401/403/404 as GitHub does, and can serve secondary rate limits.
 */
export class FakeGitHub extends FakeHttpServer {
  readonly orgs = new Map<string, Org>();
  readonly repos = new Map<string, Repo>();
  readonly tokens = new Map<string, SeedToken & { used: number }>();
  /** Responses that did not match GitHub's OpenAPI description (with `validateResponses`). */
  readonly validationErrors: string[] = [];
  private readonly ownerIds = new Map<string, number>();

  constructor(private readonly options: FakeGitHubOptions = {}) {
    super((req, res, url) => this.route(req, res, url));
  }

  /** The base URL clients use (`GITHUB_API_URL`). */
  get apiUrl(): string {
    return this.url;
  }

  addOrg(seed: SeedOrg): this {
    const defaultGroup: Group = {
      id: 1,
      name: 'Default',
      visibility: 'all',
      default: true,
      allowsPublicRepositories: false,
      repositories: [],
    };
    const groups: Group[] = (seed.groups ?? []).map((g) => ({
      ...g,
      id: g.id ?? newId(),
      repositories: g.repositories ?? [],
    }));
    if (!groups.some((g) => g.default)) groups.unshift(defaultGroup);
    const defaultId = groups.find((g) => g.default)!.id;
    this.orgs.set(seed.login.toLowerCase(), {
      login: seed.login,
      id: this.ownerId(seed.login),
      groups,
      runners: (seed.runners ?? []).map((r) => ({
        ...r,
        id: r.id ?? newId(),
        groupId: r.groupId ?? defaultId,
      })),
    });
    return this;
  }

  addRepo(seed: SeedRepo): this {
    const runs = (seed.runs ?? []).map((run, i) => this.toRun(run, i + 1));
    this.repos.set(`${seed.owner}/${seed.name}`.toLowerCase(), {
      id: newId(),
      owner: seed.owner,
      ownerId: this.ownerId(seed.owner),
      name: seed.name,
      private: seed.private ?? true,
      defaultBranch: seed.defaultBranch ?? 'main',
      files: new Map(Object.entries(seed.files ?? {})),
      runners: (seed.runners ?? []).map((r) => ({ ...r, id: r.id ?? newId() })),
      runs,
    });
    return this;
  }

  /** Adds a run to a seeded repository (newest first in listings). */
  addRun(fullName: string, run: SeedRun): number {
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) throw new Error(`unknown repository ${fullName}`);
    const state = this.toRun(run, repo.runs.length + 1);
    repo.runs.push(state);
    return state.id;
  }

  /** Restricts access: once any token is added, requests without a known token get 401. */
  addToken(token: string, seed: SeedToken = {}): this {
    this.tokens.set(token, { ...seed, used: 0 });
    return this;
  }

  /** Answers the next `times` matching requests as GitHub's secondary rate limit does. */
  secondaryRateLimit(limit: SecondaryLimit): void {
    this.inject({
      ...(limit.path ? { path: limit.path } : {}),
      times: limit.times,
      status: limit.status ?? 403,
      headers: { 'retry-after': String(limit.retryAfterSeconds ?? 1) },
      body: {
        message:
          'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
        documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
      },
    });
  }

  private ownerId(login: string): number {
    const key = login.toLowerCase();
    if (!this.ownerIds.has(key)) this.ownerIds.set(key, newId());
    return this.ownerIds.get(key)!;
  }

  private toRun(seed: SeedRun, runNumber: number): Run {
    const id = seed.id ?? newId();
    return {
      ...seed,
      id,
      runNumber,
      jobs: (seed.jobs ?? []).map((j) => ({ ...j, id: j.id ?? newId(), runId: id })),
    };
  }

  // ---- routing -------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse, url: URL) {
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/\/+$/, '');
    const token = this.authenticate(req);
    if (token === null)
      return this.reply(res, method, '/user', 401, { message: 'Bad credentials', documentation_url: DOCS });
    const limited = this.rateLimit(token);
    if (limited.exceeded) {
      return this.reply(
        res,
        method,
        '/rate_limit',
        403,
        {
          message: 'API rate limit exceeded for installation.',
          documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`,
        },
        limited.headers,
      );
    }
    const headers = limited.headers;
    if (method !== 'GET') {
      return this.reply(res, method, '/', 404, { message: 'Not Found', documentation_url: DOCS }, headers);
    }
    const runners = path.match(/^\/orgs\/([^/]+)\/actions\/runners$/);
    if (runners) return this.orgRunners(res, url, runners[1]!, token, headers);
    const groups = path.match(/^\/orgs\/([^/]+)\/actions\/runner-groups$/);
    if (groups) return this.orgGroups(res, url, groups[1]!, token, headers);
    const group = path.match(/^\/orgs\/([^/]+)\/actions\/runner-groups\/(\d+)(\/repositories|\/runners)?$/);
    if (group) return this.orgGroup(res, url, group[1]!, Number(group[2]), group[3], token, headers);
    const repo = path.match(/^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/);
    if (repo) return this.repoRoute(res, url, repo[1]!, repo[2]!, repo[3] ?? '', token, headers);
    return this.reply(res, method, '/', 404, { message: 'Not Found', documentation_url: DOCS }, headers);
  }

  /** undefined: no token in use (open fake); null: rejected. */
  private authenticate(req: IncomingMessage): (SeedToken & { used: number }) | undefined | null {
    if (this.tokens.size === 0) return undefined;
    const header = req.headers.authorization ?? '';
    const value = header.replace(/^(token|bearer)\s+/i, '');
    return this.tokens.get(value) ?? null;
  }

  private rateLimit(token: (SeedToken & { used: number }) | undefined): {
    exceeded: boolean;
    headers: Record<string, string>;
  } {
    const limit = token?.rateLimit ?? 5000;
    const counter = token ?? this.anonymous;
    const exceeded = counter.used >= limit;
    if (!exceeded) counter.used += 1;
    const reset = Math.floor(Date.now() / 1000) + (this.options.rateLimitResetSeconds ?? 3600);
    return {
      exceeded,
      headers: {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - counter.used)),
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-used': String(counter.used),
        'x-ratelimit-resource': 'core',
        'x-github-api-version-selected': '2022-11-28',
      },
    };
  }
  private readonly anonymous = { used: 0 };

  private reply(
    res: ServerResponse,
    method: string,
    route: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (this.options.validateResponses) {
      try {
        this.validationErrors.push(...validateGitHubResponse(method, route, status, body));
      } catch (error) {
        this.validationErrors.push((error as Error).message);
      }
    }
    sendJson(res, status, body, headers);
  }

  private notFound(res: ServerResponse, route: string, headers: Record<string, string>): void {
    this.reply(
      res,
      'GET',
      route,
      404,
      { message: 'Not Found', documentation_url: DOCS, status: '404' },
      headers,
    );
  }

  private forbidden(res: ServerResponse, route: string, headers: Record<string, string>): void {
    this.reply(
      res,
      'GET',
      route,
      403,
      { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' },
      headers,
    );
  }

  private listReply<T>(
    res: ServerResponse,
    url: URL,
    route: string,
    key: string,
    all: T[],
    map: (item: T) => unknown,
    headers: Record<string, string>,
  ): void {
    const page = paginate(all, url, this.url);
    const body = { total_count: all.length, [key]: page.items.map(map) };
    this.reply(res, 'GET', route, 200, body, page.link ? { ...headers, link: page.link } : headers);
  }

  private canReadRepo(token: SeedToken | undefined, repo: Repo): boolean {
    if (!token?.repositories) return true;
    const full = `${repo.owner}/${repo.name}`.toLowerCase();
    return token.repositories.some((r) => r.toLowerCase() === full);
  }

  private canAdminOrg(token: SeedToken | undefined, org: string): boolean {
    if (!token) return true;
    return (token.orgAdmin ?? []).some((o) => o.toLowerCase() === org.toLowerCase());
  }

  private canAdminRepo(token: SeedToken | undefined, repo: Repo): boolean {
    if (!token || this.canAdminOrg(token, repo.owner)) return true;
    const full = `${repo.owner}/${repo.name}`.toLowerCase();
    return (token.repoAdmin ?? []).some((r) => r.toLowerCase() === full);
  }

  private org(login: string): Org | undefined {
    return this.orgs.get(login.toLowerCase());
  }

  private orgRunners(
    res: ServerResponse,
    url: URL,
    login: string,
    token: SeedToken | undefined,
    h: Record<string, string>,
  ) {
    const route = '/orgs/{org}/actions/runners';
    const org = this.org(login);
    if (!org) return this.notFound(res, route, h);
    if (!this.canAdminOrg(token, login)) return this.forbidden(res, route, h);
    const name = url.searchParams.get('name');
    const runners = name ? org.runners.filter((r) => r.name === name) : org.runners;
    this.listReply(res, url, route, 'runners', runners, (r) => runnerObject(r, true), h);
  }

  private orgGroups(
    res: ServerResponse,
    url: URL,
    login: string,
    token: SeedToken | undefined,
    h: Record<string, string>,
  ) {
    const route = '/orgs/{org}/actions/runner-groups';
    const org = this.org(login);
    if (!org) return this.notFound(res, route, h);
    if (!this.canAdminOrg(token, login)) return this.forbidden(res, route, h);
    const visibleTo = url.searchParams.get('visible_to_repository');
    let groups = org.groups;
    if (visibleTo) {
      const repo = this.repos.get(`${org.login}/${visibleTo}`.toLowerCase());
      groups = repo ? groups.filter((g) => groupServes(g, repo)) : [];
    }
    this.listReply(res, url, route, 'runner_groups', groups, (g) => groupObject(this.url, org.login, g), h);
  }

  private orgGroup(
    res: ServerResponse,
    url: URL,
    login: string,
    groupId: number,
    sub: string | undefined,
    token: SeedToken | undefined,
    h: Record<string, string>,
  ) {
    const route = `/orgs/{org}/actions/runner-groups/{runner_group_id}${sub ?? ''}`;
    const org = this.org(login);
    const group = org?.groups.find((g) => g.id === groupId);
    if (!org || !group) return this.notFound(res, route, h);
    if (!this.canAdminOrg(token, login)) return this.forbidden(res, route, h);
    if (!sub) return this.reply(res, 'GET', route, 200, groupObject(this.url, org.login, group), h);
    if (sub === '/runners') {
      const runners = org.runners.filter((r) => r.groupId === groupId);
      return this.listReply(res, url, route, 'runners', runners, (r) => runnerObject(r, true), h);
    }
    const repos = group.repositories
      .map((name) => this.repos.get(`${org.login}/${name}`.toLowerCase()))
      .filter((r): r is Repo => Boolean(r));
    this.listReply(res, url, route, 'repositories', repos, (r) => minimalRepoObject(this.url, r), h);
  }

  private repoRoute(
    res: ServerResponse,
    url: URL,
    owner: string,
    name: string,
    rest: string,
    token: SeedToken | undefined,
    h: Record<string, string>,
  ) {
    const repo = this.repos.get(`${owner}/${name}`.toLowerCase());
    const readable = repo && this.canReadRepo(token, repo);
    if (rest === '') {
      const route = '/repos/{owner}/{repo}';
      if (!repo || !readable) return this.notFound(res, route, h);
      return this.reply(res, 'GET', route, 200, fullRepoObject(this.url, repo), h);
    }
    if (rest === '/actions/runners') {
      const route = '/repos/{owner}/{repo}/actions/runners';
      if (!repo || !readable) return this.notFound(res, route, h);
      if (!this.canAdminRepo(token, repo)) return this.forbidden(res, route, h);
      return this.listReply(res, url, route, 'runners', repo.runners, (r) => runnerObject(r, false), h);
    }
    if (rest === '/actions/runs') {
      const route = '/repos/{owner}/{repo}/actions/runs';
      if (!repo || !readable) return this.notFound(res, route, h);
      const runs = filterRuns(repo.runs, url.searchParams);
      return this.listReply(res, url, route, 'workflow_runs', runs, (r) => this.runObject(repo, r), h);
    }
    const runMatch = rest.match(/^\/actions\/runs\/(\d+)(\/jobs)?$/);
    if (runMatch) {
      const m = runMatch;
      const route = `/repos/{owner}/{repo}/actions/runs/{run_id}${m[2] ?? ''}`;
      const run = repo?.runs.find((r) => r.id === Number(m[1]));
      if (!repo || !readable || !run) return this.notFound(res, route, h);
      if (!m[2]) return this.reply(res, 'GET', route, 200, this.runObject(repo, run), h);
      return this.listReply(res, url, route, 'jobs', run.jobs, (j) => this.jobObject(repo, run, j), h);
    }
    const jobMatch = rest.match(/^\/actions\/jobs\/(\d+)$/);
    if (jobMatch) {
      const m = jobMatch;
      const route = '/repos/{owner}/{repo}/actions/jobs/{job_id}';
      const id = Number(m[1]);
      const run = repo?.runs.find((r) => r.jobs.some((j) => j.id === id));
      if (!repo || !readable || !run) return this.notFound(res, route, h);
      return this.reply(
        res,
        'GET',
        route,
        200,
        this.jobObject(repo, run, run.jobs.find((j) => j.id === id)!),
        h,
      );
    }
    const contentMatch = rest.match(/^\/contents(?:\/(.*))?$/);
    if (contentMatch) {
      const m = contentMatch;
      const route = '/repos/{owner}/{repo}/contents/{path}';
      if (!repo || !readable) return this.notFound(res, route, h);
      const body = this.contents(repo, m[1] ?? '');
      if (body === undefined) return this.notFound(res, route, h);
      return this.reply(res, 'GET', route, 200, body, h);
    }
    return this.notFound(res, '/repos/{owner}/{repo}', h);
  }

  private contents(repo: Repo, path: string): unknown {
    const clean = path.replace(/^\/+|\/+$/g, '');
    const file = repo.files.get(clean);
    if (file !== undefined) return this.contentItem(repo, clean, 'file', file, true);
    const prefix = clean ? `${clean}/` : '';
    const children = new Map<string, 'file' | 'dir'>();
    for (const p of repo.files.keys()) {
      if (!p.startsWith(prefix)) continue;
      const [head, ...tail] = p.slice(prefix.length).split('/');
      children.set(head!, tail.length ? 'dir' : 'file');
    }
    if (children.size === 0) return undefined;
    return [...children.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, type]) =>
        this.contentItem(repo, prefix + name, type, repo.files.get(prefix + name) ?? '', false),
      );
  }

  private contentItem(repo: Repo, path: string, type: 'file' | 'dir', text: string, withContent: boolean) {
    const full = `${repo.owner}/${repo.name}`;
    const sha = fakeSha(`${full}:${path}:${text}`);
    const self = `${this.url}/repos/${full}/contents/${path}?ref=${repo.defaultBranch}`;
    const git = `${this.url}/repos/${full}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
    const html = `${this.url}/${full}/${type === 'file' ? 'blob' : 'tree'}/${repo.defaultBranch}/${path}`;
    return {
      type,
      encoding: withContent ? 'base64' : undefined,
      size: type === 'file' ? Buffer.byteLength(text) : 0,
      name: path.split('/').pop()!,
      path,
      ...(withContent
        ? {
            content: Buffer.from(text)
              .toString('base64')
              .replace(/(.{60})/g, '$1\n'),
          }
        : {}),
      sha,
      url: self,
      git_url: git,
      html_url: html,
      download_url: type === 'file' ? `${this.url}/raw/${full}/${repo.defaultBranch}/${path}` : null,
      _links: { self, git, html },
    };
  }

  private runObject(repo: Repo, run: Run): unknown {
    const full = `${repo.owner}/${repo.name}`;
    const api = `${this.url}/repos/${full}/actions/runs/${run.id}`;
    const headSha = run.headSha ?? fakeSha(`${full}:${run.id}`);
    const minimal = minimalRepoObject(this.url, repo);
    const workflowPath = run.path ?? '.github/workflows/ci.yml';
    return {
      id: run.id,
      name: run.name ?? 'CI',
      node_id: Buffer.from(`WorkflowRun${run.id}`).toString('base64'),
      head_branch: run.headBranch ?? repo.defaultBranch,
      head_sha: headSha,
      path: workflowPath,
      display_title: run.name ?? 'CI',
      run_number: run.runNumber,
      run_attempt: 1,
      event: run.event ?? 'push',
      status: run.status ?? 'completed',
      conclusion: run.conclusion === undefined ? 'success' : run.conclusion,
      workflow_id: 1,
      check_suite_id: run.id,
      url: api,
      html_url: `${this.url}/${full}/actions/runs/${run.id}`,
      pull_requests: [],
      created_at: run.createdAt,
      updated_at: run.createdAt,
      run_started_at: run.createdAt,
      actor: userObject(this.url, 'octo-dev', 7, 'User'),
      triggering_actor: userObject(this.url, 'octo-dev', 7, 'User'),
      jobs_url: `${api}/jobs`,
      logs_url: `${api}/logs`,
      check_suite_url: `${this.url}/repos/${full}/check-suites/${run.id}`,
      artifacts_url: `${api}/artifacts`,
      cancel_url: `${api}/cancel`,
      rerun_url: `${api}/rerun`,
      workflow_url: `${this.url}/repos/${full}/actions/workflows/1`,
      head_commit: null,
      repository: minimal,
      head_repository: minimal,
    };
  }

  private jobObject(repo: Repo, run: Run, job: Job): unknown {
    const full = `${repo.owner}/${repo.name}`;
    const status = job.status ?? 'completed';
    return {
      id: job.id,
      run_id: run.id,
      run_url: `${this.url}/repos/${full}/actions/runs/${run.id}`,
      run_attempt: 1,
      node_id: Buffer.from(`CheckRun${job.id}`).toString('base64'),
      head_sha: run.headSha ?? fakeSha(`${full}:${run.id}`),
      url: `${this.url}/repos/${full}/actions/jobs/${job.id}`,
      html_url: `${this.url}/${full}/actions/runs/${run.id}/job/${job.id}`,
      status,
      conclusion: job.conclusion === undefined ? (status === 'completed' ? 'success' : null) : job.conclusion,
      created_at: job.createdAt,
      // GitHub sets started_at when the job is queued, equal to created_at (see the reference).
      started_at: job.startedAt ?? job.createdAt,
      completed_at: job.completedAt === undefined ? null : job.completedAt,
      name: job.name,
      steps: (job.steps ?? []).map((s, i) => ({
        name: s.name,
        status: s.status ?? 'completed',
        conclusion: s.conclusion === undefined ? 'success' : s.conclusion,
        number: i + 1,
        started_at: s.startedAt ?? null,
        completed_at: s.completedAt ?? null,
      })),
      check_run_url: `${this.url}/repos/${full}/check-runs/${job.id}`,
      labels: job.labels,
      runner_id: job.runnerId ?? null,
      runner_name: job.runnerName ?? null,
      runner_group_id: job.runnerGroupId ?? null,
      runner_group_name: job.runnerGroupName ?? null,
      workflow_name: run.name ?? 'CI',
      head_branch: run.headBranch ?? repo.defaultBranch,
    };
  }
}

/** Whether GitHub lets this repository use the group (visibility, selection, public repos). */
function groupServes(group: Group, repo: Repo): boolean {
  if (!repo.private && !group.allowsPublicRepositories) return false;
  if (group.visibility === 'all') return true;
  if (group.visibility === 'private') return repo.private;
  return group.repositories.some((r) => r.toLowerCase() === repo.name.toLowerCase());
}

function filterRuns(runs: Run[], query: URLSearchParams): Run[] {
  let out = [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  const status = query.get('status');
  if (status) out = out.filter((r) => (r.status ?? 'completed') === status || r.conclusion === status);
  const event = query.get('event');
  if (event) out = out.filter((r) => (r.event ?? 'push') === event);
  const branch = query.get('branch');
  if (branch) out = out.filter((r) => r.headBranch === branch);
  const created = query.get('created');
  if (created?.startsWith('>=')) out = out.filter((r) => r.createdAt >= created.slice(2));
  return out;
}
