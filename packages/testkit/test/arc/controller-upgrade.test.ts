import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/arc/cluster';
import type { ArcMinor } from '../../src/arc/constants';
import { PROGRESS_DEADLINE_MS } from '../../src/arc/controller-upgrade';
import { CONTROLLER_DEPLOYMENT } from '../../src/arc/deployment';
import { listenerName } from '../../src/arc/hash';
import { arcCrds, type KubeObject } from '../../src/kube/index';
import { arsPath, listener, mergePatch, spec, status } from './helpers';

/** What makes a controller upgrade dangerous (issue #14): the rollout and what the new version does. */

let cluster: SimulatedCluster | undefined;
afterEach(async () => {
  expect(cluster?.sim.errors ?? []).toEqual([]);
  await cluster?.stop();
  cluster = undefined;
});

async function start(version: ArcMinor, patch: number): Promise<SimulatedCluster> {
  cluster = await startSimulatedCluster({ version, patch });
  return cluster;
}

const POD_START = 10_000;
const VERSION = 'app.kubernetes.io/version';

const deployment = (c: SimulatedCluster) =>
  c.store.get('Deployment', c.controllerNamespace, CONTROLLER_DEPLOYMENT)!;
const condition = (d: KubeObject, type: string) =>
  (status(d)['conditions'] as { type: string; status: string; reason: string }[]).find(
    (x) => x.type === type,
  );
const ars = (c: SimulatedCluster, name: string) =>
  c.store.get('AutoscalingRunnerSet', c.runnersNamespace, name);
const listenersOf = (c: SimulatedCluster, scaleSet: string) =>
  c.store
    .list('AutoscalingListener', c.controllerNamespace)
    .filter((l) => spec<{ autoscalingRunnerSetName: string }>(l).autoscalingRunnerSetName === scaleSet);
const controllerPods = (c: SimulatedCluster) =>
  c.store
    .list('Pod', c.controllerNamespace)
    .filter((p) => p.metadata.labels?.['app.kubernetes.io/component'] === 'controller-manager');

describe('upgradeController: the Deployment rollout', () => {
  it('rolls the template to the new image and label; the old pod serves until the new one is available', async () => {
    const c = await start('0.13', 1);
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    expect(deployment(c).metadata.generation).toBe(1);
    await c.arc.upgradeController('0.14.2');
    const rolling = deployment(c);
    expect(rolling.metadata.generation).toBe(2);
    expect(rolling.metadata.labels?.[VERSION]).toBe('0.14.2');
    const tpl = spec<{
      template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
    }>(rolling).template;
    expect(tpl.metadata.labels[VERSION]).toBe('0.14.2');
    expect(tpl.spec.containers[0]!.image).toBe('ghcr.io/actions/gha-runner-scale-set-controller:0.14.2');
    // maxSurge 1, maxUnavailable 0: a second pod, the old one still available.
    expect(status(rolling)).toMatchObject({
      observedGeneration: 2,
      replicas: 2,
      updatedReplicas: 1,
      availableReplicas: 1,
      unavailableReplicas: 1,
    });
    expect(condition(rolling, 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
    });
    expect(condition(rolling, 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    // The old controller still runs: the 0.13.1-labelled set is still there.
    expect(c.version).toBe('0.13.1');
    expect(ars(c, 'lane')).toBeDefined();

    await c.clock.advance(POD_START);
    const done = deployment(c);
    expect(status(done)).toMatchObject({
      observedGeneration: 2,
      replicas: 1,
      updatedReplicas: 1,
      availableReplicas: 1,
    });
    expect(status(done)['unavailableReplicas']).toBeUndefined();
    expect(condition(done, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
    });
    expect(c.version).toBe('0.14.2');
    // The controller going down later reports the generation it observed, the upgraded one.
    await c.arc.controllerUnavailable();
    expect(status(deployment(c))).toMatchObject({ observedGeneration: 2, unavailableReplicas: 1 });
    await c.arc.controllerUnavailable(false);
  });

  it('makes the version gate delete every set labelled with another major.minor', async () => {
    const c = await start('0.13', 1);
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    const al = listener(c, 'lane')!;
    await c.arc.upgradeController('0.14.2');
    await c.clock.advance(POD_START);
    await c.arc.settle();
    // IsVersionAllowed(0.13.1, 0.14.2) is false: the ARS is deleted, cleaned up through its finalizer.
    expect(ars(c, 'lane')).toBeUndefined();
    expect(c.store.get('AutoscalingListener', c.controllerNamespace, al.metadata.name!)).toBeUndefined();
    expect(c.store.list('EphemeralRunnerSet', c.runnersNamespace)).toEqual([]);
    expect(c.store.list('EphemeralRunner', c.runnersNamespace)).toEqual([]);
    expect(c.sim.logs.some((l) => l.includes('version label 0.13.1 not allowed by controller 0.14.2'))).toBe(
      true,
    );
  });

  it('0.13→0.14 writes status.phase and the change-hash annotation on a set relabelled while the controller is reinstalled', async () => {
    const c = await start('0.13', 1);
    await c.arc.addScaleSet({ name: 'keep', minRunners: 1, maxRunners: 3 });
    await c.arc.addScaleSet({ name: 'lost', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    const before = ars(c, 'keep')!;
    expect(status(before)['phase']).toBeUndefined();
    expect(before.metadata.annotations?.['actions.github.com/change-hash']).toBeUndefined();

    await c.arc.upgradeController('0.14.2', { how: 'reinstall' });
    // Uninstalled and installed again: nothing serves until the new pod is up.
    const down = deployment(c);
    expect(down.metadata.generation).toBe(1);
    expect(status(down)).toMatchObject({ replicas: 1, updatedReplicas: 1, unavailableReplicas: 1 });
    expect(status(down)['availableReplicas']).toBeUndefined();
    expect(condition(down, 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
    // The scale set chart upgraded meanwhile relabels one set.
    await mergePatch(c, arsPath(c, 'keep'), { metadata: { labels: { [VERSION]: '0.14.2' } } });
    await c.arc.settle(POD_START / 2);
    expect(ars(c, 'lost')).toBeDefined();

    await c.clock.advance(POD_START);
    await c.arc.settle();
    expect(ars(c, 'lost')).toBeUndefined();
    const kept = ars(c, 'keep')!;
    expect(kept.metadata.annotations?.['actions.github.com/change-hash']).toMatch(/\S/);
    expect(status(kept)['phase']).toBe('Running');
    // Its listener is not remade: neither the label change nor the controller's image is in the
    // listener's spec hash, so it keeps the old image (#4572, #4513).
    expect(spec<{ image: string }>(listener(c, 'keep')).image).toBe(
      'ghcr.io/actions/gha-runner-scale-set-controller:0.13.1',
    );
  });
});

describe('upgradeController across 0.13.0→0.13.1: the listener name hash changes', () => {
  it('makes a second listener under the new name and leaves the old one behind, crash-looping', async () => {
    const c = await start('0.13', 0);
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    const oldName = listenerName(
      { name: 'lane', namespace: c.runnersNamespace },
      { minor: '0.13', patch: 0 },
    );
    expect(listenersOf(c, 'lane').map((l) => l.metadata.name)).toEqual([oldName]);
    const oldUid = c.store.get('Pod', c.controllerNamespace, oldName)!.metadata.uid;

    await c.arc.upgradeController('0.13.1');
    await c.clock.advance(POD_START);
    // Patch skew is allowed: the set stays; the new controller looks its listener up by the new name.
    expect(ars(c, 'lane')).toBeDefined();
    const all = listenersOf(c, 'lane');
    expect(all).toHaveLength(2);
    const fresh = all.find((l) => l.metadata.name !== oldName)!;
    expect(fresh.metadata.labels?.[VERSION]).toBe('0.13.1');
    const old = all.find((l) => l.metadata.name === oldName)!;
    expect(old.metadata.labels?.[VERSION]).toBe('0.13.0');
    expect(old.metadata.deletionTimestamp).toBeUndefined();

    // The old listener's pod cannot hold the message session beside the new one: it exits 1 and is remade.
    await c.clock.advance(10 * 60_000);
    const oldPod = c.store.get('Pod', c.controllerNamespace, oldName);
    expect(c.store.get('AutoscalingListener', c.controllerNamespace, oldName)).toBeDefined();
    expect(oldPod?.metadata.uid).not.toBe(oldUid);
    expect(c.sim.logs.some((l) => l.includes(`${oldName}: Listener pod is terminated`))).toBe(true);
    expect(c.store.get('Pod', c.controllerNamespace, fresh.metadata.name!)).toMatchObject({
      status: { phase: 'Running' },
    });
    // The new listener serves the set.
    c.arc.enqueueJob({ scaleSet: 'lane', durationMs: 60_000 });
    await c.clock.advance(5 * 60_000);
    expect(c.arc.jobs('lane').map((j) => j.state)).toEqual(['done']);
  });
});

describe('upgradeController with an image that cannot be pulled', () => {
  it('in place: the new pod stays Pending, the rollout times out, the old controller serves; rolling back restores it', async () => {
    const c = await start('0.13', 1);
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    await c.arc.upgradeController('0.14.2', { imagePullFails: true });
    const [pod] = controllerPods(c);
    expect(pod).toBeDefined();
    const waiting = () =>
      (
        status(c.store.get('Pod', c.controllerNamespace, pod!.metadata.name!))['containerStatuses'] as {
          state: { waiting?: { reason: string } };
        }[]
      )[0]!.state.waiting?.reason;
    expect(status(pod)['phase']).toBe('Pending');
    expect(waiting()).toBe('ErrImagePull');
    await c.clock.advance(60_000);
    expect(waiting()).toBe('ImagePullBackOff');
    expect(condition(deployment(c), 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'ReplicaSetUpdated',
    });
    await c.clock.advance(PROGRESS_DEADLINE_MS);
    const stuck = deployment(c);
    expect(condition(stuck, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    expect(condition(stuck, 'Available')).toMatchObject({ status: 'True' });
    expect(status(stuck)).toMatchObject({
      replicas: 2,
      updatedReplicas: 1,
      availableReplicas: 1,
      unavailableReplicas: 1,
    });
    // The old controller (0.13.1) still reconciles: a cap change reaches the listener; no set deleted.
    expect(c.version).toBe('0.13.1');
    await mergePatch(c, arsPath(c, 'lane'), { spec: { maxRunners: 5 } });
    await c.arc.settle();
    expect(spec(listener(c, 'lane'))['maxRunners']).toBe(5);

    await c.arc.upgradeController('0.13.1');
    expect(controllerPods(c)).toEqual([]);
    await c.clock.advance(POD_START);
    const back = deployment(c);
    expect(back.metadata.generation).toBe(3);
    expect(back.metadata.labels?.[VERSION]).toBe('0.13.1');
    expect(condition(back, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
    });
    expect(status(back)).toMatchObject({ observedGeneration: 3, replicas: 1, availableReplicas: 1 });
    expect(ars(c, 'lane')).toBeDefined();
  });

  it('reinstalled: no controller reconciles until a rollback to a pullable image', async () => {
    const c = await start('0.13', 1);
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    const al = listener(c, 'lane')!;
    await c.arc.upgradeController('0.14.2', { how: 'reinstall', imagePullFails: true });
    await c.clock.advance(PROGRESS_DEADLINE_MS);
    const stuck = deployment(c);
    expect(condition(stuck, 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
    expect(condition(stuck, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    expect(status(stuck)['availableReplicas']).toBeUndefined();
    // Nothing reconciles: the cap change is not acted on, and the version gate does not run either.
    await mergePatch(c, arsPath(c, 'lane'), { spec: { maxRunners: 5 } });
    await c.arc.settle();
    expect(listener(c, 'lane')!.metadata.uid).toBe(al.metadata.uid);
    expect(spec(listener(c, 'lane'))['maxRunners']).toBe(3);
    await expect(c.arc.controllerUnavailable(false)).rejects.toThrow(/rollout to 0.14.2 is in progress/);

    await c.arc.upgradeController('0.13.1', { how: 'reinstall' });
    await c.clock.advance(POD_START);
    await c.arc.settle();
    expect(c.version).toBe('0.13.1');
    expect(condition(deployment(c), 'Available')).toMatchObject({ status: 'True' });
    expect(controllerPods(c)).toEqual([]);
    expect(ars(c, 'lane')).toBeDefined();
    expect(spec(listener(c, 'lane'))['maxRunners']).toBe(5);
  });

  it('refuses a version the simulator does not model', async () => {
    const c = await start('0.14', 2);
    await expect(c.arc.upgradeController('0.15.0')).rejects.toThrow(
      /0\.12\.x, 0\.13\.x, 0\.14\.x; not 0\.15\.0/,
    );
    expect(deployment(c).metadata.generation).toBe(1);
  });
});

const crdSchemaStatus = (c: SimulatedCluster, plural: string) => {
  const crd = c.store.get('CustomResourceDefinition', undefined, `${plural}.actions.github.com`)!;
  const v = (
    crd.spec as {
      versions: {
        name: string;
        schema: { openAPIV3Schema: { properties: { status: { properties: object } } } };
      }[];
    }
  ).versions[0]!;
  return Object.keys(v.schema.openAPIV3Schema.properties.status.properties);
};

const mirrorMissing = (() => {
  const found = arcCrds('0.13.1');
  return 'missing' in found ? found.missing : undefined;
})();

describe('installCrds: replacing ARC CRDs with another release', () => {
  it.skipIf(mirrorMissing !== undefined)(
    `replaces the four CRDs with 0.13.1's (status.state, no phase), keeps objects and stored versions${mirrorMissing ? ` (${mirrorMissing})` : ''}`,
    async () => {
      const c = await start('0.14', 2);
      await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
      await c.arc.settle();
      expect(crdSchemaStatus(c, 'autoscalingrunnersets')).toContain('phase');
      const before = c.store.get(
        'CustomResourceDefinition',
        undefined,
        'autoscalingrunnersets.actions.github.com',
      )!;
      const names = await c.arc.installCrds('0.13.1');
      expect(names.sort()).toEqual([
        'autoscalinglisteners.actions.github.com',
        'autoscalingrunnersets.actions.github.com',
        'ephemeralrunners.actions.github.com',
        'ephemeralrunnersets.actions.github.com',
      ]);
      const after = c.store.get(
        'CustomResourceDefinition',
        undefined,
        'autoscalingrunnersets.actions.github.com',
      )!;
      expect(after.metadata.uid).toBe(before.metadata.uid);
      expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(before.metadata.resourceVersion));
      const props = crdSchemaStatus(c, 'autoscalingrunnersets');
      expect(props).toContain('state');
      expect(props).not.toContain('phase');
      expect(status(after)).toMatchObject({
        storedVersions: ['v1alpha1'],
        conditions: expect.arrayContaining([
          expect.objectContaining({ type: 'Established', status: 'True' }),
        ]),
      });
      // Replacing a CRD keeps its custom resources (deleting one would not).
      expect(ars(c, 'lane')).toBeDefined();
      // And back to 0.14.2.
      await c.arc.installCrds('0.14.2');
      expect(crdSchemaStatus(c, 'autoscalingrunnersets')).toContain('phase');
    },
  );
});
