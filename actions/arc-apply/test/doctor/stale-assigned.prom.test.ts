/**
 * listener-stale-assigned against a real Prometheus: it scrapes listener gauges served here every
 * second, and the doctor's one PromQL query must pick out only the set whose assigned-jobs count
 * stayed above running + idle runners for the whole window.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusClient } from '@gloriousflywheel/shared/prometheus';
import {
  prometheusMissing,
  prometheusMissingReason,
  type RunningPrometheus,
  startPrometheus,
  waitFor,
} from '@gloriousflywheel/testkit/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStaleAssigned } from '../../src/doctor/metrics';
import { runDoctor } from '../../src/doctor/run';
import { scenario } from '../scenario';
import { doctorOptions } from './doctor-fixtures';

/** What one listener reports: its gauges (arc-facts §6). */
interface ListenerGauges {
  assigned: number;
  running: number;
  idle: number;
}

const OVER: ListenerGauges = { assigned: 5, running: 1, idle: 2 };
const STALE = OVER;
const HEALTHY: ListenerGauges = { assigned: 2, running: 2, idle: 1 };
const WINDOW_MS = 20_000;
/** How long the third set is over before it recovers, and how long after that the doctor looks. */
const OVER_FOR_MS = 12_000;
const AFTER_RECOVERY_MS = WINDOW_MS - OVER_FOR_MS;

/**
 * ARC's listener exposition for one runner set: `name`/`namespace` are its EphemeralRunnerSet's
 * (cmd/ghalistener/app/app.go), beside the GitHub config URL's enterprise/organization/repository.
 */
function exposition(sets: Map<string, ListenerGauges>, namespace: string): string {
  const lines: string[] = [];
  const gauge = (metric: string, help: string, pick: (g: ListenerGauges) => number) => {
    lines.push(`# HELP ${metric} ${help}`, `# TYPE ${metric} gauge`);
    for (const [ers, g] of sets)
      lines.push(
        `${metric}{enterprise="",name="${ers}",namespace="${namespace}",organization="tinyland",repository=""} ${pick(g)}`,
      );
  };
  gauge('gha_assigned_jobs', 'Jobs assigned to the scale set.', (g) => g.assigned);
  gauge('gha_running_jobs', 'Jobs running on the scale set.', (g) => g.running);
  gauge('gha_idle_runners', 'Registered runners without a job.', (g) => g.idle);
  return `${lines.join('\n')}\n`;
}

/** A listener's metrics endpoint: whatever `sets` holds at the moment of the scrape. */
async function serveListenerMetrics(sets: Map<string, ListenerGauges>, namespace: string) {
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(exposition(sets, namespace));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type S = Awaited<ReturnType<typeof scenario>>;
let s: S;
let listener: Awaited<ReturnType<typeof serveListenerMetrics>> | undefined;
let prometheus: RunningPrometheus | undefined;
let client: PrometheusClient;
/** The runner set of each scale set, as the listener labels its gauges. */
const ers: Record<'stale' | 'healthy' | 'recovers', string> = { stale: '', healthy: '', recovers: '' };
/** When the third set recovered (the listener served its healthy gauges from then on). */
let recoveredAt: number;

/** Each runner set's samples with their times (s), from a range-vector selector at the newest data. */
async function samplesOf(metric: string, range: string): Promise<Map<string, number[]>> {
  const series = await client.instant(`${metric}[${range}]`);
  return new Map(series.map((x) => [x.labels['name'] ?? '', x.points.map(([t]) => t)]));
}

/** Waits until Prometheus holds a sample of every set at or after `ms`. */
async function scrapedUntil(ms: number): Promise<void> {
  await waitFor(`samples of every set at ${new Date(ms).toISOString()}`, async () => {
    const times = await samplesOf('gha_assigned_jobs', '10s');
    return Object.values(ers).every((name) => (times.get(name)?.at(-1) ?? 0) * 1000 >= ms);
  });
}

describe.skipIf(prometheusMissing)(
  `listener-stale-assigned on a real Prometheus (${prometheusMissing ? prometheusMissingReason : 'Prometheus present'})`,
  () => {
    beforeAll(async () => {
      s = await scenario([{ name: 'stale' }, { name: 'healthy' }, { name: 'recovers' }]);
      for (const set of Object.keys(ers) as (keyof typeof ers)[]) {
        const name = s.cluster.store
          .list('EphemeralRunnerSet', s.ns.runners)
          .map((o) => o.metadata.name ?? '')
          .find((n) => n.startsWith(`${set}-`));
        if (!name) throw new Error(`the simulated cluster made no runner set for ${set}`);
        ers[set] = name;
      }
      const gauges = new Map<string, ListenerGauges>([
        [ers.stale, STALE],
        [ers.healthy, HEALTHY],
        [ers.recovers, OVER],
      ]);
      listener = await serveListenerMetrics(gauges, s.ns.runners);
      prometheus = await startPrometheus([
        { job_name: 'arc-listeners', static_configs: [{ targets: [listener.target] }] },
      ]);
      client = new PrometheusClient(prometheus.url);

      // The third set is over until Prometheus holds OVER_FOR_MS of it, then recovers.
      const first = await waitFor('the first scrape of every set', async () => {
        const times = await samplesOf('gha_assigned_jobs', '5m');
        const firsts = Object.values(ers).map((name) => times.get(name)?.[0]);
        return firsts.every((t) => t !== undefined) && Math.max(...(firsts as number[])) * 1000;
      });
      await scrapedUntil(first + OVER_FOR_MS);
      recoveredAt = Date.now();
      gauges.set(ers.recovers, HEALTHY);
      // The doctor looks at a past instant whose whole window Prometheus already holds.
      await scrapedUntil(recoveredAt + AFTER_RECOVERY_MS + 1000);
    }, 240_000);

    afterAll(async () => {
      await prometheus?.stop();
      await listener?.stop();
      await s?.cluster.stop();
    });

    it('reports only the set over for the whole window, with its excess and its runner set', async () => {
      const at = new Date(recoveredAt + AFTER_RECOVERY_MS);
      // The premise: the third set was over for part of this window.
      const highest = await client.instant(
        'max_over_time((gha_assigned_jobs - gha_running_jobs - gha_idle_runners)[20s:1s])',
        at,
      );
      expect(highest.find((x) => x.labels['name'] === ers.recovers)?.points[0]?.[1]).toBe(2);

      const read = await readStaleAssigned(client, WINDOW_MS, at);
      expect(read).toEqual({
        windowMs: WINDOW_MS,
        // The listener's label names the runner set; the check maps it to its scale set.
        stale: [{ runnerSet: ers.stale, namespace: s.ns.runners, excess: 2 }],
      });

      // Over a window that ends before it recovered, the third set is stale too.
      const before = await readStaleAssigned(client, 10_000, new Date(recoveredAt - 1000));
      expect('stale' in before && before.stale.map((x) => x.runnerSet).sort()).toEqual(
        [ers.recovers, ers.stale].sort(),
      );
    });

    it('fails listener-stale-assigned through runDoctor with one finding for that set', async () => {
      const at = new Date(recoveredAt + AFTER_RECOVERY_MS);
      // The doctor asks for the window ending at its clock's now: here, the instant examined above.
      const deps = { ...s.deps, clock: { ...s.deps.clock, now: () => at } };
      const options = doctorOptions({
        settings: { ...doctorOptions().settings, stuckAfterMs: WINDOW_MS },
        prometheus: client,
      });
      const report = await runDoctor(deps, options);
      const check = report.checks.find((c) => c.id === 'listener-stale-assigned');
      expect(check?.status).toBe('fail');
      expect(check?.findings).toEqual([
        expect.objectContaining({
          check: 'listener-stale-assigned',
          severity: 'high',
          scaleSet: `${s.ns.runners}/stale`,
          objects: [{ kind: 'AutoscalingRunnerSet', namespace: s.ns.runners, name: 'stale' }],
          evidence: expect.stringContaining('by at least 2'),
        }),
      ]);
      expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([
        'listener-stale-assigned',
      ]);
    });

    it('fails the doctor with QUERY_FAILED when prometheus-url is not a Prometheus', async () => {
      const options = doctorOptions({ prometheus: new PrometheusClient(listener!.url) });
      await expect(runDoctor(s.deps, options)).rejects.toMatchObject({
        code: 'QUERY_FAILED',
        message: expect.stringContaining('without JSON'),
      });
    });
  },
);
