import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateGitHubResponse } from '../github/openapi-validator';
import { FakeHttpServer, readJson, sendEmpty, sendJson } from '../http/fake-server';
import { ActionsAuthority } from './auth';
import { cancelJob, completeJob, type QueueJobOptions, queueJob, startJob } from './job-flow';
import type { JobRecord } from './jobs';
import { type ActionsRoute, actionsRoutes } from './routes';
import { sessionRoutes } from './session-routes';
import { ActionsException, ActionsServiceState } from './state';
import { type WireShape, wireErrors } from './wire';

/** The tenant path the admin connection points ARC's client at (any path works: the client joins onto it). */
const TENANT = '/tenant';
/** Where a session's message queue lives: apart from the tenant, with its own token. */
const QUEUE = '/queue';
/** GHES-style config URLs (`http://127.0.0.1:PORT/<org>`) have their REST API under /api/v3 (scaleset v0.4.0 config.go gitHubAPIURL). */
const API = '/api/v3';

export interface FakeActionsServiceOptions {
  /** The personal access token ARC's githubConfigSecret holds (`github_token`). */
  pat: string;
  /** Organizations whose config URL (`<url>/<org>`) the service accepts. */
  orgs: string[];
  /** Admin token lifetime (default one hour); shorter makes the client refresh. */
  adminTokenTtlMs?: number;
  /** Message queue token lifetime (default one hour); after it the poll answers 401 and the listener refreshes its session. */
  queueTokenTtlMs?: number;
  /** How long a message poll waits for a message before it answers 202 (default 50 s). */
  longPollMs?: number;
}

/**
 * GitHub and the Actions service as ARC's controller and listener speak to them, on loopback:
 * the PAT → registration token → admin token flow, runner groups, runner scale sets, JIT runner
 * configs and runners (actions/scaleset v0.4.0 client.go; ARC 0.13.1 github/actions/client.go uses
 * the same routes and codes). Every JSON body it serves is validated against the shape the client
 * decodes (wire.ts), the GitHub one against GitHub's OpenAPI description.
 */
export class FakeActionsService {
  readonly state = new ActionsServiceState();
  readonly auth = new ActionsAuthority();
  private readonly server = new FakeHttpServer((req, res, url) => this.handle(req, res, url));
  private readonly routes: ActionsRoute[] = [
    ...actionsRoutes(),
    ...sessionRoutes({
      issueQueueToken: (id) => this.auth.issueAdminToken(`queue:${id}`, this.options.queueTokenTtlMs),
      queueUrl: (id, sessionId) => `${this.url}${QUEUE}/${id}/${sessionId}`,
      acquireJobUrl: (id) => this.acquireJobUrl(id),
    }),
  ];
  private stopped = false;

  constructor(private readonly options: FakeActionsServiceOptions) {}

  async start(): Promise<string> {
    return this.server.start();
  }

  /** Ends every long poll first, so a listener sees the service go rather than hang. */
  stop(): Promise<void> {
    this.stopped = true;
    for (const session of this.state.sessions.values()) session.close();
    return this.server.stop();
  }

  get url(): string {
    return this.server.url;
  }

  /** Every request, with its final status (for tests). */
  get log() {
    return this.server.log;
  }

  /** The githubConfigUrl an AutoscalingRunnerSet names for `org`. */
  configUrl(org: string): string {
    return `${this.url}/${org}`;
  }

  /** A workflow job for the scale set named `scaleSet` (in any runner group). */
  queueJob(scaleSet: string, options: QueueJobOptions = {}): JobRecord {
    const set = [...this.state.scaleSets.values()].find((s) => s.name === scaleSet);
    if (!set) throw new Error(`no scale set named ${scaleSet}`);
    return queueJob(this.state, set.id, this.acquireJobUrl(set.id), options);
  }

  /** The runner's process is up: it takes the oldest job assigned to its scale set, if any. */
  startJob(runnerName: string): JobRecord | undefined {
    return startJob(this.state, runnerName);
  }

  /** The runner's job ends; the ephemeral runner leaves the service. */
  completeJob(runnerName: string, result?: string): JobRecord {
    return completeJob(this.state, runnerName, result);
  }

  /** The job's run is cancelled while it waits for a runner. */
  cancelJob(requestId: number): JobRecord {
    return cancelJob(this.state, requestId);
  }

  private acquireJobUrl(scaleSetId: number): string {
    return `${this.url}${TENANT}/_apis/runtime/runnerscalesets/${scaleSetId}/acquirejobs`;
  }

  /** Marks the runner named `name` as running a job (`undefined`: none), without a job record. */
  setRunnerJob(name: string, jobId: string | undefined): void {
    const runner = this.state.runnerByName(name);
    if (!runner) throw new Error(`no runner named ${name}`);
    if (jobId === undefined) delete runner.jobId;
    else runner.jobId = jobId;
  }

  private async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    try {
      if (url.pathname.startsWith(`${API}/`)) return await this.github(req, res, url, method);
      if (url.pathname.startsWith(`${TENANT}/`)) return await this.actions(req, res, url, method);
      if (url.pathname.startsWith(`${QUEUE}/`)) return await this.queue(req, res, url, method);
      throw new ActionsException(404, 'NotFoundException', `No route for ${method} ${url.pathname}.`);
    } catch (error) {
      if (!(error instanceof ActionsException)) throw error;
      this.send(res, error.status, 'exception', { typeName: error.typeName, message: error.message });
    }
  }

  /** The two GitHub REST calls of the token flow. */
  private async github(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    const path = url.pathname.slice(API.length);
    const scope =
      /^\/(?:orgs\/([^/]+)|repos\/([^/]+)\/[^/]+|enterprises\/([^/]+))\/actions\/runners\/registration-token$/.exec(
        path,
      );
    if (method === 'POST' && scope) {
      const auth = req.headers.authorization ?? '';
      if (auth !== `Bearer ${this.options.pat}` && auth !== `token ${this.options.pat}`)
        return this.githubError(res, 401, 'Bad credentials');
      const org = scope[1] ?? scope[2] ?? scope[3]!;
      if (!this.options.orgs.includes(org)) return this.githubError(res, 404, 'Not Found');
      const body = this.auth.issueRegistrationToken();
      const errors = validateGitHubResponse(
        'POST',
        '/orgs/{org}/actions/runners/registration-token',
        201,
        body,
      );
      if (errors.length > 0) throw new Error(`fake Actions service: ${errors.join('; ')}`);
      sendJson(res, 201, body);
      return;
    }
    if (method === 'POST' && path === '/actions/runner-registration') {
      const token = /^RemoteAuth (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !this.auth.registrationTokenValid(token))
        return this.githubError(res, 401, 'Bad credentials');
      const body = await readJson<{ url?: string; runner_event?: string }>(req);
      const org = body?.url?.startsWith(`${this.url}/`)
        ? body.url.slice(this.url.length + 1).split('/')[0]
        : undefined;
      if (body?.runner_event !== 'register' || !org || !this.options.orgs.includes(org))
        return this.githubError(res, 404, 'Not Found');
      this.send(res, 200, 'adminConnection', {
        url: `${this.url}${TENANT}/`,
        token: this.auth.issueAdminToken(org, this.options.adminTokenTtlMs),
      });
      return;
    }
    this.githubError(res, 404, 'Not Found');
  }

  private githubError(res: ServerResponse, status: number, message: string): void {
    sendJson(res, status, { message, documentation_url: 'https://docs.github.com/rest' });
  }

  /** The Actions service proper: admin token and api-version on every call. */
  private async actions(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    // 0.13's client joins the tenant URL (it ends in `/`) and `/_apis/…` by string, so some of its
    // calls carry `//` (github/actions/client.go AcquireJobs at gha-runner-scale-set-0.13.1); the
    // service reads them as one.
    const path = url.pathname
      .slice(TENANT.length)
      .replace(/\/{2,}/g, '/')
      .replace(/\/+$/, '');
    // AcquireJobs goes with the session's queue token; every other call with the admin token.
    const acquiring = /^\/_apis\/runtime\/runnerscalesets\/(\d+)\/acquirejobs$/.exec(path);
    const subject = this.subjectOf(req);
    if (acquiring ? subject !== `queue:${acquiring[1]}` : !subject || subject.startsWith('queue:'))
      return sendEmpty(res, 401);
    if (!url.searchParams.get('api-version'))
      throw new ActionsException(
        400,
        'VssInvalidPreviewVersionException',
        'The api-version query parameter is required.',
      );
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.path.exec(path);
      if (!match) continue;
      const body = method === 'POST' || method === 'PATCH' ? await readJson(req) : undefined;
      const answer = route.handle({
        state: this.state,
        query: url.searchParams,
        match,
        body,
        base: `${this.url}${TENANT}`,
      });
      if (answer.shape === undefined) {
        sendEmpty(res, answer.status);
      } else this.send(res, answer.status, answer.shape, answer.body);
      return;
    }
    throw new ActionsException(404, 'NotFoundException', `No route for ${method} ${path}.`);
  }

  /**
   * A session's message queue: GET long-polls for the oldest message (200) or answers 202 when
   * none came; DELETE acknowledges one (204). An expired queue token is 401, on which the listener
   * refreshes its session (scaleset v0.4.0 session_client.go getMessage, deleteMessage).
   */
  private async queue(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    const [scaleSetId, sessionId, messageId] = url.pathname.slice(QUEUE.length + 1).split('/');
    const session = this.state.sessions.get(Number(scaleSetId));
    if (!session || session.sessionId !== sessionId)
      throw new ActionsException(404, 'TaskAgentSessionExpiredException', `Session ${sessionId} not found.`);
    if (this.subjectOf(req) !== `queue:${scaleSetId}`) return sendEmpty(res, 401);
    if (method === 'DELETE' && messageId) {
      if (!session.delete(Number(messageId)))
        throw new ActionsException(404, 'MessageNotFoundException', `Message ${messageId} not found.`);
      sendEmpty(res, 204);
      return;
    }
    if (method !== 'GET' || messageId)
      throw new ActionsException(405, 'MethodNotAllowedException', `${method} is not served here.`);
    const capacity = Number(req.headers['x-scalesetmaxcapacity']);
    session.lastMaxCapacity = Number.isFinite(capacity) ? capacity : undefined;
    const lastMessageId = Number(url.searchParams.get('lastMessageId') ?? 0);
    const gone = () => this.stopped || this.state.sessions.get(session.scaleSetId) !== session;
    const message = await session.next(lastMessageId, this.options.longPollMs ?? 50_000, gone);
    if (!message) {
      sendEmpty(res, 202);
      return;
    }
    const errors = wireErrors('jobMessages', message.jobMessages);
    if (errors.length > 0) throw new Error(`fake Actions service: ${errors.join('; ')}`);
    this.send(res, 200, 'message', {
      messageId: message.messageId,
      messageType: 'RunnerScaleSetJobMessages',
      body: JSON.stringify(message.jobMessages),
      statistics: this.state.statistics(session.scaleSetId),
    });
  }

  private subjectOf(req: IncomingMessage): string | undefined {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    return token ? this.auth.adminSubject(token) : undefined;
  }

  private send(res: ServerResponse, status: number, shape: WireShape, body: unknown): void {
    const errors = wireErrors(shape, body);
    if (errors.length > 0) throw new Error(`fake Actions service: ${errors.join('; ')}`);
    sendJson(res, status, body);
  }
}
