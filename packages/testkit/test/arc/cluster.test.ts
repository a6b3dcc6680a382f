import { AppsV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { startSimulatedCluster } from '../../src/arc/cluster';
import { DEMO_SCALE_SETS, fleetStatus, formatFleetStatus, populateDemoFleet } from '../../src/arc/demo-fleet';

describe('the simulated cluster as a client sees it', () => {
  it('exposes the controller Deployment with its version and update strategy', async () => {
    const c = await startSimulatedCluster({ version: '0.13', patch: 1, updateStrategy: 'eventual' });
    const kc = new KubeConfig();
    kc.loadFromFile(c.kubeconfigPath);
    const apps = kc.makeApiClient(AppsV1Api);
    const list = await apps.listNamespacedDeployment({
      namespace: 'arc-systems',
      labelSelector: 'app.kubernetes.io/name=gha-rs-controller',
    });
    expect(list.items).toHaveLength(1);
    const dep = list.items[0]!;
    expect(dep.metadata?.name).toBe('arc-gha-rs-controller');
    expect(dep.metadata?.labels?.['app.kubernetes.io/version']).toBe('0.13.1');
    const manager = dep.spec?.template.spec?.containers.find((x) => x.name === 'manager');
    expect(manager?.args).toContain('--update-strategy=eventual');
    expect(dep.status?.readyReplicas).toBe(1);
    await c.stop();
  });

  it('lets a restricted identity read but not patch, per its RBAC rules', async () => {
    const c = await startSimulatedCluster({
      rbac: [
        {
          user: 'viewer',
          rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: ['actions.github.com'], resources: ['*'] }],
        },
      ],
    });
    await c.arc.addScaleSet({ name: 'nix', maxRunners: 2 });
    const kc = new KubeConfig();
    kc.loadFromString(c.kubeconfigFor('viewer'));
    const api = kc.makeApiClient(CustomObjectsApi);
    const got = (await api.getNamespacedCustomObject({
      group: 'actions.github.com',
      version: 'v1alpha1',
      namespace: 'arc-runners',
      plural: 'autoscalingrunnersets',
      name: 'nix',
    })) as { spec: { maxRunners: number } };
    expect(got.spec.maxRunners).toBe(2);
    const denied = await api
      .deleteNamespacedCustomObject({
        group: 'actions.github.com',
        version: 'v1alpha1',
        namespace: 'arc-runners',
        plural: 'autoscalingrunnersets',
        name: 'nix',
      })
      .then(
        () => 0,
        (e: { code: number }) => e.code,
      );
    expect(denied).toBe(403);
    await c.stop();
  });

  it('runs the demo fleet: every lane gets a listener and the arriving jobs run to completion', async () => {
    const c = await startSimulatedCluster();
    await populateDemoFleet(c);
    await c.clock.advance(3 * 60_000);
    const rows = fleetStatus(c);
    expect(rows.map((r) => r.scaleSet).sort()).toEqual(DEMO_SCALE_SETS.map((s) => s.name).sort());
    expect(rows.every((r) => r.listener)).toBe(true);
    expect(rows.find((r) => r.scaleSet === 'tinyland-nix')).toMatchObject({
      minRunners: 0,
      maxRunners: 16,
      busy: 3,
    });
    expect(rows.reduce((n, r) => n + r.busy, 0)).toBe(7);
    const table = formatFleetStatus(rows);
    expect(table.split('\n')[0]).toMatch(
      /^scale set\s+min\s+max\s+runners\s+idle\s+busy\s+pending\s+listener$/,
    );
    expect(table).toContain('tinyland-nix-operator');
    const settled = await c.arc.settle(60 * 60_000);
    expect(settled.settled).toBe(true);
    expect(c.arc.jobs().every((j) => j.state === 'done')).toBe(true);
    expect(fleetStatus(c).every((r) => r.runners === 0)).toBe(true);
    expect(c.sim.errors).toEqual([]);
    await c.stop();
  });

  it('runs in real time, faster by a speed factor', async () => {
    const c = await startSimulatedCluster({ clock: 'real', speed: 200 });
    await c.arc.addScaleSet({ name: 'nix', minRunners: 1, maxRunners: 2 });
    // 10 s pod start + 2 s listener start at 200x: well under a second of wall time.
    const started = c.clock.now().getTime();
    while (fleetStatus(c)[0]!.idle < 1) await new Promise((r) => setTimeout(r, 20));
    expect(c.clock.now().getTime() - started).toBeGreaterThanOrEqual(10_000);
    await c.stop();
  });
});
