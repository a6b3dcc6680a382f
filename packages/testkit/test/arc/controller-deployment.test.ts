import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/arc/cluster';
import { PROGRESS_DEADLINE_MS } from '../../src/arc/controller-upgrade';
import { CONTROLLER_DEPLOYMENT, controllerDeployment } from '../../src/arc/deployment';
import type { KubeObject } from '../../src/kube/index';
import { setControllerVersionVar, tofuWorkdir } from '../../src/tofu/index';
import { applyPlan, configSecrets, planJson, summary } from '../tofu/helpers';
import { del, listener, mergePatch, status } from './helpers';

/**
 * The controller follows its Deployment as a client writes it (tofu's Helm provider, kubectl): an
 * uninstall stops ARC, an install starts the version its template names, a template change rolls.
 */

let cluster: SimulatedCluster | undefined;
afterEach(async () => {
  expect(cluster?.sim.errors ?? []).toEqual([]);
  await cluster?.stop();
  cluster = undefined;
});

async function start(): Promise<SimulatedCluster> {
  cluster = await startSimulatedCluster({ version: '0.13', patch: 1 });
  return cluster;
}

const POD_START = 10_000;
const VERSION = 'app.kubernetes.io/version';

const deploymentsPath = (c: SimulatedCluster) =>
  `/apis/apps/v1/namespaces/${c.controllerNamespace}/deployments`;
const deployment = (c: SimulatedCluster) =>
  c.store.get('Deployment', c.controllerNamespace, CONTROLLER_DEPLOYMENT);
const condition = (d: KubeObject | undefined, type: string) =>
  (status(d)['conditions'] as { type: string; status: string; reason: string }[] | undefined)?.find(
    (x) => x.type === type,
  );
const ars = (c: SimulatedCluster, name: string) =>
  c.store.get('AutoscalingRunnerSet', c.runnersNamespace, name);
const controllerPods = (c: SimulatedCluster) =>
  c.store
    .list('Pod', c.controllerNamespace)
    .filter((p) => p.metadata.labels?.['app.kubernetes.io/component'] === 'controller-manager');

/** `helm install`, as far as the cluster sees it: the chart's Deployment, created by a client. */
async function install(c: SimulatedCluster, version: string): Promise<void> {
  const res = await fetch(`${c.url}${deploymentsPath(c)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(controllerDeployment(version, 'immediate', c.controllerNamespace)),
  });
  if (res.status !== 201) throw new Error(`install: ${res.status} ${await res.text()}`);
}

/** `helm upgrade` of the controller chart: the template's image and version labels. */
async function upgrade(c: SimulatedCluster, version: string): Promise<void> {
  const d = controllerDeployment(version, 'immediate', c.controllerNamespace);
  await mergePatch(c, `${deploymentsPath(c)}/${CONTROLLER_DEPLOYMENT}`, {
    metadata: { labels: d.metadata.labels },
    spec: { template: d.spec.template },
  });
}

describe('the controller Deployment written by a client', () => {
  it('deleted: ARC stops (a set added meanwhile gets no listener); installed again: back after the pod starts', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'old', minRunners: 1, maxRunners: 2 });
    await c.arc.settle();
    expect(listener(c, 'old')).toBeDefined();

    expect(await del(c, `${deploymentsPath(c)}/${CONTROLLER_DEPLOYMENT}`)).toBe(200);
    await c.arc.addScaleSet({ name: 'late', minRunners: 1, maxRunners: 2 });
    await c.arc.settle();
    expect(deployment(c)).toBeUndefined();
    expect(ars(c, 'late')).toBeDefined();
    expect(listener(c, 'late')).toBeUndefined();
    expect(c.sim.logs.some((l) => l.includes('controller Deployment arc-gha-rs-controller deleted'))).toBe(
      true,
    );

    // The same version installed again: a new object, so a reinstall — down until its pod is ready.
    await install(c, '0.13.1');
    await c.arc.settle(POD_START / 2);
    expect(listener(c, 'late')).toBeUndefined();
    expect(condition(deployment(c), 'Available')).toMatchObject({ status: 'False' });
    await c.clock.advance(POD_START);
    await c.arc.settle();
    expect(c.version).toBe('0.13.1');
    expect(condition(deployment(c), 'Available')).toMatchObject({ status: 'True' });
    expect(listener(c, 'late')).toBeDefined();
    expect(ars(c, 'old')).toBeDefined();
  });

  it('installed at 0.14.2 after an uninstall: the controller is 0.14.2 once its pod starts, and reconciles', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'old', minRunners: 1, maxRunners: 2 });
    await c.arc.settle();
    expect(await del(c, `${deploymentsPath(c)}/${CONTROLLER_DEPLOYMENT}`)).toBe(200);
    await c.arc.settle();
    await install(c, '0.14.2');
    await c.arc.addScaleSet({ name: 'new', minRunners: 1, maxRunners: 2, versionLabel: '0.14.2' });
    await c.arc.settle(POD_START / 2);
    expect(c.version).toBe('0.13.1');
    expect(listener(c, 'new')).toBeUndefined();
    await c.clock.advance(POD_START);
    await c.arc.settle();
    expect(c.version).toBe('0.14.2');
    expect(listener(c, 'new')).toBeDefined();
    expect(status(ars(c, 'new'))['phase']).toBe('Running');
    // The version gate: the set still labelled 0.13.1 is deleted by the 0.14.2 controller.
    expect(ars(c, 'old')).toBeUndefined();
  });

  it('imagePullFailsFor: the rollout never becomes available; a client rolling back to the old version completes', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    c.arc.imagePullFailsFor('0.14.2');
    await upgrade(c, '0.14.2');
    await c.arc.settle(POD_START);
    const [pod] = controllerPods(c);
    expect(status(pod)['phase']).toBe('Pending');
    expect(
      (status(pod)['containerStatuses'] as { state: { waiting?: { reason: string } } }[])[0]!.state.waiting
        ?.reason,
    ).toMatch(/ErrImagePull|ImagePullBackOff/);
    await c.clock.advance(PROGRESS_DEADLINE_MS);
    expect(condition(deployment(c), 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    // The old pod still serves: 0.13.1 reconciles, the set stays.
    expect(c.version).toBe('0.13.1');
    expect(ars(c, 'lane')).toBeDefined();

    await upgrade(c, '0.13.1');
    await c.arc.settle(POD_START / 2);
    expect(controllerPods(c)).toEqual([]);
    await c.clock.advance(POD_START);
    const back = deployment(c)!;
    expect(back.metadata.generation).toBe(3);
    expect(condition(back, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
    });
    expect(status(back)).toMatchObject({ observedGeneration: 3, replicas: 1, availableReplicas: 1 });
    expect(c.version).toBe('0.13.1');
    expect(ars(c, 'lane')).toBeDefined();
    expect(listener(c, 'lane')).toBeDefined();
  });
});

describe('the naive in-place upgrade through tofu (one plan bumps the controller and the sets)', () => {
  async function fleet(c: SimulatedCluster) {
    await configSecrets(c, 'a', 'b');
    const dir = tofuWorkdir(
      { a: { min_runners: 1, max_runners: 2 }, b: { min_runners: 1, max_runners: 2 } },
      { namespace: c.runnersNamespace },
      { arc_controller_version: '0.13.1' },
    );
    await planJson(dir, c.kubeconfigPath);
    expect((await applyPlan(dir, c.kubeconfigPath)).exitCode).toBe(0);
    await c.arc.settle();
    expect(ars(c, 'a')?.metadata.labels?.[VERSION]).toBe('0.13.1');
    expect(listener(c, 'a')).toBeDefined();
    expect(listener(c, 'b')).toBeDefined();
    setControllerVersionVar(dir, '0.14.2');
    return dir;
  }

  it('the whole plan: the old controller, still serving, deletes the sets relabelled 0.14.2', async () => {
    const c = await start();
    const dir = await fleet(c);
    const plan = await planJson(dir, c.kubeconfigPath);
    expect(summary(plan)).toEqual([
      ['helm_release.arc_controller', 'update'],
      ['kubernetes_manifest.runner_set["a"]', 'update'],
      ['kubernetes_manifest.runner_set["b"]', 'update'],
    ]);
    expect((await applyPlan(dir, c.kubeconfigPath)).exitCode).toBe(0);
    await c.clock.advance(POD_START);
    await c.arc.settle();
    expect(c.version).toBe('0.14.2');
    expect(ars(c, 'a')).toBeUndefined();
    expect(ars(c, 'b')).toBeUndefined();
    expect(c.store.list('AutoscalingListener', c.controllerNamespace)).toEqual([]);
    expect(c.sim.logs.some((l) => l.includes('version label 0.14.2 not allowed by controller 0.13.1'))).toBe(
      true,
    );
  });

  it('the controller first (-target): the new controller deletes the sets still labelled 0.13.1', async () => {
    const c = await start();
    const dir = await fleet(c);
    await planJson(dir, c.kubeconfigPath, ['-target=helm_release.arc_controller']);
    expect((await applyPlan(dir, c.kubeconfigPath)).exitCode).toBe(0);
    await c.arc.settle(POD_START / 2);
    expect(ars(c, 'a')).toBeDefined();
    await c.clock.advance(POD_START);
    await c.arc.settle();
    expect(c.version).toBe('0.14.2');
    expect(ars(c, 'a')).toBeUndefined();
    expect(ars(c, 'b')).toBeUndefined();
    expect(c.sim.logs.some((l) => l.includes('version label 0.13.1 not allowed by controller 0.14.2'))).toBe(
      true,
    );
  });
});
