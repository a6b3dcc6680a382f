import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/arc/cluster';
import { type RealKube, startRealKube } from '../../src/kube-real/index';
import { ARC, del, mergePatch, runnerSets, runners, status } from './helpers';

/**
 * Refused and stuck-terminating runners on a real kube-apiserver: the finalizers, deletionTimestamp,
 * status subresource writes and garbage collection are the real server's own.
 */

let real: RealKube | undefined;
beforeAll(async () => {
  real = await startRealKube();
}, 300_000);
afterAll(() => real?.stop(), 120_000);

const FINALIZERS = [
  'ephemeralrunner.actions.github.com/finalizer',
  'ephemeralrunner.actions.github.com/runner-registration-finalizer',
];

describe('sick runners on the real API server', () => {
  let c: SimulatedCluster | undefined;
  afterAll(() => c?.stop());

  it('a refused pod leaves a Failed runner a client can delete; a stuck deletion holds until its finalizers go', async () => {
    c = await startSimulatedCluster({
      kube: real!,
      runnersNamespace: 'sick-runners',
      controllerNamespace: 'sick-systems',
    });
    const erPath = (name: string) => `${ARC}/namespaces/${c!.runnersNamespace}/ephemeralrunners/${name}`;
    c.arc.runnerPodRejected('refused');
    await c.arc.addScaleSet({ name: 'refused', minRunners: 2, maxRunners: 3 });
    await c.arc.addScaleSet({ name: 'steady', minRunners: 2, maxRunners: 3 });
    await c.arc.settle();

    const failed = runners(c, 'refused');
    expect(failed).toHaveLength(2);
    for (const er of failed) {
      expect(er.metadata.finalizers).toEqual(FINALIZERS);
      expect(status(er)).toMatchObject({ phase: 'Failed', reason: 'InvalidPod' });
      expect(String(status(er)['message'])).toMatch(
        new RegExp(
          `^Failed to create the pod: pods "${er.metadata.name}" is forbidden: violates PodSecurity`,
        ),
      );
      expect(c.store.get('Pod', c.runnersNamespace, er.metadata.name!)).toBeUndefined();
    }
    expect(status(runnerSets(c, 'refused')[0])).toMatchObject({
      currentReplicas: 2,
      failedEphemeralRunners: 2,
    });
    expect(c.sim.errors).toHaveLength(2);

    const [stuck] = await c.arc.runnerStuckTerminating('steady', 1);
    await c.arc.settle();
    const held = c.store.get('EphemeralRunner', c.runnersNamespace, stuck!)!;
    expect(held.metadata.deletionTimestamp).toBeTruthy();
    expect(held.metadata.finalizers).toEqual(FINALIZERS);
    expect(c.store.get('Pod', c.runnersNamespace, stuck!)).toBeUndefined();
    expect(runners(c, 'steady').filter((r) => !r.metadata.deletionTimestamp)).toHaveLength(2);

    expect(await del(c, erPath(failed[0]!.metadata.name!))).toBe(200);
    await mergePatch(c, erPath(stuck!), { metadata: { finalizers: null } });
    await c.arc.settle();
    expect(c.store.get('EphemeralRunner', c.runnersNamespace, failed[0]!.metadata.name!)).toBeUndefined();
    expect(c.store.get('EphemeralRunner', c.runnersNamespace, stuck!)).toBeUndefined();
    expect(c.store.get('Secret', c.runnersNamespace, stuck!)).toBeUndefined();
    expect(c.sim.errors.every((e) => e.includes('Failed to create a pod due to unrecoverable failure'))).toBe(
      true,
    );
  }, 120_000);
});
