import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/arc/cluster';
import { ArcMetricsServer, simulatorState } from '../../src/arc/metrics/index';

/** `# TYPE` lines, and each sample's name and label names (sorted), from an exposition. */
function shape(text: string) {
  const types = Object.fromEntries(
    [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!] as const),
  );
  const samples = [...text.matchAll(/^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/gm)].map((m) => ({
    name: m[1]!,
    labels: Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!] as const),
    ),
    value: Number(m[3]),
  }));
  return { types, samples };
}

const value = (text: string, name: string, labels: Record<string, string> = {}) =>
  shape(text)
    .samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

describe('the simulated listener and controller metrics endpoints', () => {
  let cluster: SimulatedCluster;
  let server: ArcMetricsServer;
  let listenerUrl: string;

  beforeAll(async () => {
    cluster = await startSimulatedCluster();
    await cluster.arc.addScaleSet({ name: 'tinyland-nix', minRunners: 0, maxRunners: 2 });
    await cluster.arc.settle();
    server = new ArcMetricsServer(simulatorState({ store: cluster.store, jobs: () => cluster.arc.jobs() }));
    await server.start();
    const al = cluster.store.list('AutoscalingListener')[0]!;
    listenerUrl = `${server.url}${server.listenerPath(al.metadata.namespace!, al.metadata.name!)}`;
  });
  afterAll(async () => {
    await server.stop();
    await cluster.stop();
  });

  it("names, types and labels the listener's metrics as ARC 0.14 does", async () => {
    // Three jobs on a set of at most 2 runners: one waits once both runners are busy.
    for (let i = 0; i < 3; i++) {
      cluster.arc.enqueueJob({ scaleSet: 'tinyland-nix', durationMs: 600_000, displayName: `build-${i}` });
    }
    await cluster.clock.advance(60_000);
    const res = await fetch(listenerUrl);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const { types, samples } = shape(text);
    for (const g of [
      'gha_assigned_jobs',
      'gha_running_jobs',
      'gha_registered_runners',
      'gha_busy_runners',
      'gha_idle_runners',
      'gha_min_runners',
      'gha_max_runners',
      'gha_desired_runners',
    ]) {
      expect(types[g]).toBe('gauge');
      const sample = samples.find((s) => s.name === g)!;
      expect(Object.keys(sample.labels).sort()).toEqual([
        'enterprise',
        'name',
        'namespace',
        'organization',
        'repository',
      ]);
      // The listener labels its gauges with the EphemeralRunnerSet, not the AutoscalingRunnerSet.
      expect(sample.labels['name']).toMatch(/^tinyland-nix-[a-z0-9]+$/);
      expect(sample.labels).toMatchObject({
        namespace: 'arc-runners',
        organization: 'tinyland',
        repository: '',
      });
    }
    expect(types['gha_started_jobs_total']).toBe('counter');
    expect(types['gha_completed_jobs_total']).toBe('counter');
    expect(types['gha_job_startup_duration_seconds']).toBe('histogram');
    expect(types['gha_job_execution_duration_seconds']).toBe('histogram');
    const startedSample = samples.find((s) => s.name === 'gha_started_jobs_total')!;
    expect(Object.keys(startedSample.labels).sort()).toEqual([
      'enterprise',
      'event_name',
      'job_name',
      'organization',
      'repository',
    ]);
    expect(
      samples.some((s) => s.name === 'gha_job_startup_duration_seconds_bucket' && s.labels['le'] === '3600'),
    ).toBe(true);
    expect(value(text, 'gha_assigned_jobs')).toBe(3);
    expect(value(text, 'gha_running_jobs')).toBe(2);
    expect(value(text, 'gha_busy_runners')).toBe(2);
    expect(value(text, 'gha_max_runners')).toBe(2);
    expect(value(text, 'gha_desired_runners')).toBe(2);
    expect(value(text, 'gha_started_jobs_total')).toBe(2);
    // Startup: from assignment to a runner taking it, the pod start included (10 s by default).
    expect(value(text, 'gha_job_startup_duration_seconds_count')).toBe(2);
    expect(value(text, 'gha_job_startup_duration_seconds_bucket', { le: '5' })).toBe(0);
    expect(value(text, 'gha_job_startup_duration_seconds_bucket', { le: '60' })).toBe(2);
  });

  it('counts completed jobs with their result once they end', async () => {
    await cluster.clock.advance(30 * 60_000);
    await cluster.arc.settle();
    const text = await (await fetch(listenerUrl)).text();
    expect(value(text, 'gha_completed_jobs_total', { job_result: 'Succeeded' })).toBe(3);
    expect(value(text, 'gha_job_execution_duration_seconds_count')).toBe(3);
    expect(value(text, 'gha_assigned_jobs')).toBe(0);
  });

  it('publishes the controller gauges per scale set and per listener', async () => {
    const text = await (await fetch(`${server.url}/controller/metrics`)).text();
    const { types, samples } = shape(text);
    for (const g of [
      'gha_controller_pending_ephemeral_runners',
      'gha_controller_running_ephemeral_runners',
      'gha_controller_failed_ephemeral_runners',
      'gha_controller_running_listeners',
    ]) {
      expect(types[g]).toBe('gauge');
      expect(Object.keys(samples.find((s) => s.name === g)!.labels).sort()).toEqual([
        'enterprise',
        'name',
        'namespace',
        'organization',
        'repository',
      ]);
    }
    // Runner gauges name the scale set; the listener gauge names the listener in its namespace.
    expect(samples.find((s) => s.name === 'gha_controller_running_ephemeral_runners')!.labels).toMatchObject({
      name: 'tinyland-nix',
      namespace: 'arc-runners',
    });
    const listener = samples.find((s) => s.name === 'gha_controller_running_listeners')!;
    expect(listener.labels).toMatchObject({ namespace: 'arc-systems' });
    expect(listener.labels['name']).toMatch(/^tinyland-nix-[0-9a-f]+-listener$/);
    expect(listener.value).toBe(1);
  });

  it("serves a listener pod's metrics through the API server's pods/proxy, as Kubernetes does", async () => {
    const al = cluster.store.list('AutoscalingListener')[0]!;
    const base = `${cluster.url}/api/v1/namespaces/${al.metadata.namespace}/pods`;
    const get = (path: string) =>
      fetch(`${base}/${path}`, { headers: { authorization: `Bearer ${cluster.token}` } });
    // Nothing answers on the pod network until the metrics server stands in for it.
    expect((await get(`${al.metadata.name}:8080/proxy/metrics`)).status).toBe(503);
    cluster.fakeServer!.addPodProxy(server.podProxy());
    const ok = await get(`${encodeURIComponent(`${al.metadata.name}:8080`)}/proxy/metrics`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# TYPE gha_assigned_jobs gauge');
    expect((await get('no-such-pod:8080/proxy/metrics')).status).toBe(404);
    expect((await get(`${al.metadata.name}:9090/proxy/metrics`)).status).toBe(503);
    const anonymous = await fetch(`${base}/${al.metadata.name}:8080/proxy/metrics`);
    expect(anonymous.status).toBe(401);
  });

  it('answers 503 for a listener whose pod is not running, as a scrape of a dead pod fails', async () => {
    const state = simulatorState({ store: cluster.store, jobs: () => cluster.arc.jobs() });
    const down = new ArcMetricsServer({
      ...state,
      listeners: () => state.listeners().map((l) => ({ ...l, running: false })),
    });
    await down.start();
    try {
      const al = cluster.store.list('AutoscalingListener')[0]!;
      const res = await fetch(`${down.url}${down.listenerPath(al.metadata.namespace!, al.metadata.name!)}`);
      expect(res.status).toBe(503);
      const controller = await (await fetch(`${down.url}/controller/metrics`)).text();
      expect(value(controller, 'gha_controller_running_listeners')).toBe(0);
    } finally {
      await down.stop();
    }
  });
});
