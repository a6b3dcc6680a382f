import {
  describeNonJson,
  FlywheelError,
  httpRequest,
  type OutboundService,
  outboundError,
  safeUrl,
} from '@gloriousflywheel/shared';
import { type GitHubClient, toForgeError } from '@gloriousflywheel/shared/forge';
import { Gauge, type PrometheusContentType, Registry } from 'prom-client';

/** Labels every self-hosted runner carries; they name no pool. */
const GENERIC_LABELS = new Set(['self-hosted', 'linux', 'windows', 'macos', 'x64', 'arm64', 'arm', 'x86']);

export interface PoolGauges {
  pool: string;
  /** Online runners executing a job. */
  active: number;
  /** Online runners waiting for one. */
  idle: number;
  /** Jobs queued for a runner with this label. */
  queueDepth: number;
}

export interface FleetSnapshot {
  takenAt: string;
  scope: string;
  runners: number;
  offline: number;
  pools: PoolGauges[];
}

interface Runner {
  status: string;
  busy: boolean;
  labels: { name: string }[];
}

interface Job {
  status: string;
  labels: string[];
}

export interface FleetQuery {
  org?: string;
  repositories: { owner: string; repo: string }[];
  /** Pools to report; every non-generic runner label when empty. */
  pools: string[];
}

async function call<T>(what: string, fn: () => Promise<T[]>): Promise<T[]> {
  let list: T[];
  try {
    list = await fn();
  } catch (error) {
    throw toForgeError(
      error,
      what,
      'org runners need a token with `organization_self_hosted_runners: read`; repo runners need admin read',
    );
  }
  // A page that is not a list (a proxy's answer, a changed API) must not count as "no runners".
  if (!Array.isArray(list))
    throw new FlywheelError('BAD_RESPONSE', `${what}: the GitHub API answered something that is not a list`, {
      hint: 'check the API URL: it must be the GitHub API, not a web page or a proxy',
    });
  return list;
}

/**
 * Counts, per pool (runner label), the busy and idle online runners and the jobs queued for it:
 * the gauges of the platform's runner specification.
 */
export async function fleetSnapshot(
  client: GitHubClient,
  q: FleetQuery,
  now = new Date(),
): Promise<FleetSnapshot> {
  if (!q.org && q.repositories.length === 0) {
    throw new FlywheelError('INPUT_INVALID', 'fleet mode needs `org` or `repositories`');
  }
  const runners: Runner[] = [];
  if (q.org) {
    const org = q.org;
    runners.push(
      ...((await call(`listing the runners of ${org}`, () =>
        client.paginate(client.rest.actions.listSelfHostedRunnersForOrg, { org, per_page: 100 }),
      )) as Runner[]),
    );
  } else {
    for (const r of q.repositories) {
      runners.push(
        ...((await call(`listing the runners of ${r.owner}/${r.repo}`, () =>
          client.paginate(client.rest.actions.listSelfHostedRunnersForRepo, {
            owner: r.owner,
            repo: r.repo,
            per_page: 100,
          }),
        )) as Runner[]),
      );
    }
  }
  const queued: Job[] = [];
  for (const r of q.repositories) {
    for (const status of ['queued', 'in_progress'] as const) {
      const runs = (await call(`listing ${status} runs of ${r.owner}/${r.repo}`, () =>
        client.paginate(client.rest.actions.listWorkflowRunsForRepo, {
          owner: r.owner,
          repo: r.repo,
          status,
          per_page: 100,
        }),
      )) as { id: number }[];
      for (const run of runs) {
        const jobs = (await call(`listing the jobs of run ${run.id}`, () =>
          client.paginate(client.rest.actions.listJobsForWorkflowRun, {
            owner: r.owner,
            repo: r.repo,
            run_id: run.id,
            per_page: 100,
          }),
        )) as Job[];
        queued.push(...jobs.filter((j) => j.status === 'queued'));
      }
    }
  }
  const online = runners.filter((r) => r.status === 'online');
  const pools =
    q.pools.length > 0
      ? q.pools
      : [
          ...new Set(
            runners
              .flatMap((r) => r.labels.map((l) => l.name))
              .filter((l) => !GENERIC_LABELS.has(l.toLowerCase())),
          ),
        ].sort();
  const has = (r: Runner, pool: string) => r.labels.some((l) => l.name === pool);
  return {
    takenAt: now.toISOString(),
    scope: q.org ? `org ${q.org}` : q.repositories.map((r) => `${r.owner}/${r.repo}`).join(', '),
    runners: runners.length,
    offline: runners.length - online.length,
    pools: pools.map((pool) => ({
      pool,
      active: online.filter((r) => r.busy && has(r, pool)).length,
      idle: online.filter((r) => !r.busy && has(r, pool)).length,
      queueDepth: queued.filter((j) => j.labels.includes(pool)).length,
    })),
  };
}

/** A registry holding the three gauges, in OpenMetrics (for the file) or Prometheus text (for the push). */
export function fleetRegistry(
  snapshot: FleetSnapshot,
  contentType: PrometheusContentType | 'openmetrics',
): Registry {
  const registry = new Registry();
  if (contentType === 'openmetrics') registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE as never);
  const gauge = (name: string, help: string) =>
    new Gauge({ name, help, labelNames: ['pool'], registers: [registry] });
  const active = gauge('runner_active', 'Runners executing jobs');
  const idle = gauge('runner_idle', 'Runners waiting for a job');
  const depth = gauge('queue_depth', 'Jobs waiting for a runner');
  for (const p of snapshot.pools) {
    active.set({ pool: p.pool }, p.active);
    idle.set({ pool: p.pool }, p.idle);
    depth.set({ pool: p.pool }, p.queueDepth);
  }
  return registry;
}

export async function openMetricsText(snapshot: FleetSnapshot): Promise<string> {
  return fleetRegistry(snapshot, 'openmetrics').metrics();
}

function pushgateway(url: string): OutboundService {
  return {
    name: 'the Pushgateway',
    url,
    codes: { unreachable: 'PUSHGATEWAY_UNREACHABLE', server: 'PUSH_FAILED', other: 'PUSH_FAILED' },
    hints: {
      unreachable: 'check `pushgateway-url` and that the gateway is reachable from the runner',
      other: 'check `pushgateway-url`: it is the Pushgateway’s base URL (e.g. http://pushgateway:9091)',
    },
  };
}

export interface PushOptions {
  /** Deadline of one attempt, connect to the last byte of the answer (default 15 s). */
  timeoutMs?: number;
  retries?: number;
  /** Told about each retry: which, and when. */
  onRetry?: (message: string) => void;
}

/**
 * Replaces this job's group on the Pushgateway with the current gauges: `PUT /metrics/job/<job>`
 * in the text format, as the Pushgateway documents it (README, "API"). Through httpRequest, so it
 * has a deadline and retries; prom-client's own push had neither, and left the action hanging on
 * a gateway that cut its answer.
 */
export async function pushFleet(
  snapshot: FleetSnapshot,
  gatewayUrl: string,
  jobName: string,
  options: PushOptions = {},
): Promise<void> {
  const registry = fleetRegistry(snapshot, Registry.PROMETHEUS_CONTENT_TYPE);
  const url = `${gatewayUrl.replace(/\/+$/, '')}/metrics/job/${encodeURIComponent(jobName)}`;
  const service = pushgateway(gatewayUrl);
  let status: number;
  let answer: { type: string | null; body: Buffer };
  try {
    const res = await httpRequest(url, {
      method: 'PUT',
      headers: { 'content-type': registry.contentType },
      body: await registry.metrics(),
      timeoutMs: options.timeoutMs ?? 15_000,
      retries: options.retries ?? 2,
      onRetry: (r) =>
        options.onRetry?.(
          `Pushgateway ${safeUrl(gatewayUrl)}: ${r.reason}; retry ${r.attempt} in ${Math.round(r.delayMs)} ms`,
        ),
    });
    status = res.status;
    answer = { type: res.headers.get('content-type'), body: res.body };
  } catch (error) {
    if (error instanceof FlywheelError && error.code === 'NETWORK_ERROR')
      throw outboundError(
        service,
        { kind: 'unreachable', cause: (error.details?.['cause'] as never) ?? 'other' },
        'pushing the fleet gauges',
        error,
      );
    throw error;
  }
  // 200 (older gateways) and 202 (since 1.0) both mean the group was replaced.
  if (status !== 200 && status !== 202)
    throw outboundError(service, { kind: 'status', status }, 'pushing the fleet gauges');
  // The gateway answers a push with an empty body; a web page is a proxy or a login in front of
  // it (or a URL that is not the gateway), and the push did not land.
  const what = answer.body.length > 0 ? describeNonJson(answer.type, answer.body) : '';
  if (what === 'an HTML page')
    throw outboundError(service, { kind: 'bad-response', what, status }, 'pushing the fleet gauges');
}
