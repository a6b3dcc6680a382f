import { readFileSync } from 'node:fs';
import { scaleSetOfRunnerSet } from '@gloriousflywheel/shared';
import { PrometheusClient } from '@gloriousflywheel/shared/prometheus';
import { tempDirs } from '@gloriousflywheel/testkit';
import { type SimulatedCluster, startSimulatedCluster } from '@gloriousflywheel/testkit/arc';
import { ArcMetricsServer, simulatorState } from '@gloriousflywheel/testkit/arc/metrics';
import {
  prometheusMissing,
  prometheusMissingReason,
  pushgatewayMissing,
  type RunningPrometheus,
  startPrometheus,
  startPushgateway,
  waitFor,
} from '@gloriousflywheel/testkit/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArcFromKube } from '../src/fleet/arc-kube';
import { readArcFromPrometheus, readArcFromUrls } from '../src/fleet/arc-source';
import { gaugeRows, pushGauges } from '../src/fleet/gauges';
import { DEFAULT_QUERIES, readPrometheusKpis } from '../src/fleet/prometheus-kpis';
import { DEFAULT_TARGETS } from '../src/kpi';
import { runMode } from './run-mode';

let cluster: SimulatedCluster;
let metrics: ArcMetricsServer;
const temp = tempDirs('flywheel-fleet-arc');

const listenerUrls = () =>
  cluster.store
    .list('AutoscalingListener')
    .map((al) => `${metrics.url}${metrics.listenerPath(al.metadata.namespace!, al.metadata.name!)}`);

beforeAll(async () => {
  cluster = await startSimulatedCluster();
  await cluster.arc.addScaleSet({ name: 'tinyland-nix', minRunners: 0, maxRunners: 2 });
  await cluster.arc.addScaleSet({ name: 'tinyland-docker', minRunners: 0, maxRunners: 20 });
  await cluster.arc.settle();
  // 27 jobs on a set capped at 2 runners: 2 run, 25 wait.
  for (let i = 0; i < 27; i++)
    cluster.arc.enqueueJob({ scaleSet: 'tinyland-nix', durationMs: 3_600_000, displayName: `build-${i}` });
  for (let i = 0; i < 3; i++)
    cluster.arc.enqueueJob({ scaleSet: 'tinyland-docker', durationMs: 3_600_000, displayName: `test-${i}` });
  await cluster.clock.advance(120_000);
  metrics = new ArcMetricsServer(simulatorState({ store: cluster.store, jobs: () => cluster.arc.jobs() }), {
    nodes: [
      { name: 'honey', cpus: 4, busy: 0.5 },
      { name: 'sting', cpus: 4, busy: 0.5 },
    ],
  });
  await metrics.start();
});
afterAll(async () => {
  await metrics.stop();
  await cluster.stop();
  temp.cleanup();
});

describe('ARC listener metrics as the queue source', () => {
  it('gives the queue per scale set as assigned − running, read from the listener endpoints', async () => {
    const arc = await readArcFromUrls(listenerUrls(), `${metrics.url}/controller/metrics`);
    const nix = arc.scaleSets.find((s) => s.scaleSet === 'tinyland-nix')!;
    expect(nix).toMatchObject({
      namespace: 'arc-runners',
      assigned: 27,
      running: 2,
      busy: 2,
      idle: 0,
      max: 2,
      queueDepth: 25,
    });
    expect(nix.suspectStale).toBe(false);
    expect(arc.scaleSets.find((s) => s.scaleSet === 'tinyland-docker')).toMatchObject({
      queueDepth: 0,
      running: 3,
    });
    expect(arc.listeners).toHaveLength(2);
    expect(arc.listeners.every((l) => l.up)).toBe(true);
    expect(arc.controller.find((c) => c.scaleSet === 'tinyland-nix')).toMatchObject({ running: 2 });
  });

  it("reads the listener pods through the Kubernetes API's pod proxy, with the RBAC it needs", async () => {
    cluster.fakeServer!.addPodProxy(metrics.podProxy());
    const arc = await readArcFromKube('arc-systems', cluster.kubeconfig);
    expect(arc.source).toBe('kube-proxy');
    expect(arc.scaleSets.find((s) => s.scaleSet === 'tinyland-nix')).toMatchObject({
      queueDepth: 25,
      assigned: 27,
    });
    expect(arc.unreachable).toEqual([]);
    const proxied = cluster.server.requests('GET', /\/pods\/[^/]+\/proxy\/metrics$/);
    expect(proxied).toHaveLength(2);
    // A token that may list pods but not use pods/proxy is refused by the API server, per pod.
    cluster.fakeServer!.addIdentity({
      token: 'no-proxy',
      rules: [{ verbs: ['list', 'get'], resources: ['pods'], namespaces: ['arc-systems'] }],
    });
    const limited = await readArcFromKube(
      'arc-systems',
      cluster.kubeconfig.replace(cluster.token, 'no-proxy'),
    );
    expect(limited.scaleSets).toEqual([]);
    expect(limited.unreachable).toHaveLength(2);
  });

  it('maps a runner set to its scale set by the five characters generateName adds', () => {
    expect(scaleSetOfRunnerSet('tinyland-nix-x7k2p')).toBe('tinyland-nix');
    expect(scaleSetOfRunnerSet('tinyland-nix-heavy-ab12c', ['tinyland-nix', 'tinyland-nix-heavy'])).toBe(
      'tinyland-nix-heavy',
    );
  });

  it('reports jobs waiting while runners idle as the stale-count signature (ARC #4397), and an endpoint that does not answer', async () => {
    const { rows, notes } = gaugeRows(undefined, {
      source: 'metrics-url',
      scaleSets: [
        {
          scaleSet: 'tinyland-docker',
          namespace: 'arc-runners',
          assigned: 34,
          running: 19,
          registered: 25,
          busy: 19,
          idle: 6,
          desired: 39,
          min: 5,
          max: 80,
          queueDepth: 15,
          suspectStale: true,
        },
      ],
      listeners: [],
      controller: [],
      unreachable: [],
    });
    expect(rows[0]).toMatchObject({ pool: 'tinyland-docker', queueDepth: 15, source: 'arc' });
    expect(notes[0]).toContain('ARC #4397');
    const arc = await readArcFromUrls(
      [`${metrics.url}/listeners/arc-systems/gone-listener/metrics`],
      undefined,
    );
    expect(arc.unreachable).toHaveLength(1);
    expect(arc.scaleSets).toEqual([]);
  });
});

describe.skipIf(prometheusMissing)(
  `a real Prometheus scraping the simulated cluster (${prometheusMissing ? prometheusMissingReason : 'Prometheus present'})`,
  () => {
    let prometheus: RunningPrometheus;
    let gateway: { url: string; stop: () => Promise<void> } | undefined;

    beforeAll(async () => {
      if (!pushgatewayMissing) gateway = await startPushgateway();
      const jobs = [
        ...metrics.scrapeJobs(),
        ...(gateway
          ? [
              {
                job_name: 'pushgateway',
                honor_labels: true,
                static_configs: [{ targets: [new URL(gateway.url).host] }],
              },
            ]
          : []),
      ];
      prometheus = await startPrometheus(jobs);
    }, 120_000);
    afterAll(async () => {
      await prometheus?.stop();
      await gateway?.stop();
    });

    const client = () => new PrometheusClient(prometheus.url);
    // rate() divides by its whole range: over seconds of data, the range must be seconds too.
    const cpuQuery = '100 * (1 - avg(rate(node_cpu_seconds_total{mode="idle"}[10s])))';
    const queries = { ...DEFAULT_QUERIES, cpu: cpuQuery };
    /** Waits until the CPU counters have been scraped over the whole 10 s range rate() looks at. */
    const coverCpuRange = (prom: PrometheusClient) =>
      waitFor('12 s of node CPU samples', async () => {
        const s = await prom.instant('min(count_over_time(node_cpu_seconds_total{mode="idle"}[12s]))');
        return (s[0]?.points[0]?.[1] ?? 0) >= 11 || undefined;
      });

    it('reads the listener and controller gauges through PromQL', async () => {
      const prom = client();
      const arc = await waitFor('Prometheus to have scraped both listeners', async () => {
        const r = await readArcFromPrometheus(prom);
        return r.scaleSets.length === 2 && r.listeners.length === 2 ? r : undefined;
      });
      expect(arc.source).toBe('prometheus');
      expect(arc.scaleSets.find((s) => s.scaleSet === 'tinyland-nix')).toMatchObject({
        queueDepth: 25,
        assigned: 27,
      });
      const narrowed = await readArcFromPrometheus(prom, 'namespace="elsewhere"');
      expect(narrowed.scaleSets).toEqual([]);
    });

    it('reads node CPU, listener uptime and the queue over time for the window', async () => {
      const prom = client();
      await coverCpuRange(prom);
      const end = new Date();
      const kpis = await readPrometheusKpis(
        prom,
        queries,
        { start: new Date(end.getTime() - 60_000), end },
        DEFAULT_TARGETS,
      );
      // The simulated nodes are half busy.
      expect(kpis.cpuPct!).toBeGreaterThan(45);
      expect(kpis.cpuPct!).toBeLessThan(55);
      expect(kpis.uptimePct).toBe(100);
      const nix = kpis.queueDepth.find((q) => q.scaleSet.startsWith('arc-runners/tinyland-nix'))!;
      expect(nix.max).toBe(25);
      expect(prom.requests).toBeGreaterThan(0);
    });

    it('refuses a query Prometheus cannot parse with QUERY_FAILED', async () => {
      await expect(client().instant('sum(')).rejects.toMatchObject({ code: 'QUERY_FAILED' });
    });

    it.skipIf(pushgatewayMissing)(
      'sees the pushed GARM gauges next to the ARC ones, and fleet mode reads it all',
      async () => {
        const arc = await readArcFromUrls(listenerUrls(), undefined);
        await pushGauges(gaugeRows(undefined, arc).rows, gateway!.url, 'fleet-arc-test');
        const prom = client();
        const pushed = await waitFor('the pushed queue_depth to be scraped', async () => {
          const s = await prom.instant('queue_depth{job="fleet-arc-test",pool="tinyland-nix"}');
          return s.length ? s : undefined;
        });
        expect(pushed[0]!.labels, JSON.stringify(pushed)).toMatchObject({
          scale_set: 'arc-runners/tinyland-nix',
          source: 'arc',
        });
        expect(pushed[0]!.points[0]![1]).toBe(25);
        const dir = temp.make();
        await coverCpuRange(prom);
        const r = await runMode(
          {
            mode: 'fleet',
            'prometheus-url': prometheus.url,
            window: '2m',
            'report-dir': dir,
            'results-dir': dir,
          },
          {},
          dir,
        );
        expect(r.exitCode, r.log).toBe(0);
        const record = JSON.parse(readFileSync(r.outputs['fleet-file']!, 'utf8'));
        expect(record.gauges.find((g: { pool: string }) => g.pool === 'tinyland-nix')).toMatchObject({
          queueDepth: 25,
        });
        expect(record.kpis.cpuPct).toBeGreaterThan(45);
        expect(record.kpis.uptimePct).toBe(100);
        expect(record.requests.prometheus).toBeGreaterThanOrEqual(8);
      },
    );
  },
);
