import { FlywheelError } from '@gloriousflywheel/shared';
import { type GitHubClient, toForgeError } from '@gloriousflywheel/shared/forge';
import { Gauge, type PrometheusContentType, Pushgateway, Registry } from 'prom-client';

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

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toForgeError(
      error,
      what,
      'org runners need a token with `organization_self_hosted_runners: read`; repo runners need admin read',
    );
  }
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

/** Replaces this job's group on the Pushgateway with the current gauges. */
export async function pushFleet(snapshot: FleetSnapshot, gatewayUrl: string, jobName: string): Promise<void> {
  const registry = fleetRegistry(snapshot, Registry.PROMETHEUS_CONTENT_TYPE);
  try {
    await new Pushgateway(gatewayUrl, { timeout: 15_000 }, registry).push({ jobName });
  } catch (error) {
    throw new FlywheelError(
      'PUSH_FAILED',
      `pushing to the Pushgateway at ${gatewayUrl} failed: ${(error as Error).message}`,
      {
        hint: 'check `pushgateway-url` and that the gateway is reachable from the runner',
        cause: error,
      },
    );
  }
}
