import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/arc/cluster';
import { CONTROLLER_DEPLOYMENT } from '../../src/arc/deployment';
import { arsPath, listener, mergePatch, runners, spec, status } from './helpers';

/** What sickens a fleet around ARC rather than in it: finished pods piling up, the controller down. */

let cluster: SimulatedCluster | undefined;
afterEach(async () => {
  expect(cluster?.sim.errors ?? []).toEqual([]);
  await cluster?.stop();
  cluster = undefined;
});

async function start(): Promise<SimulatedCluster> {
  cluster = await startSimulatedCluster();
  return cluster;
}

const HOUR = 3_600_000;

describe('finished utility pods piling up (pileUpPods)', () => {
  it('leaves Job-labelled pods without an ARC owner, ended and created ageMs ago, that nobody removes', async () => {
    const c = await start();
    const piledAt = c.clock.now().getTime();
    const names = await c.arc.pileUpPods(c.controllerNamespace, 3, { phase: 'Failed', ageMs: 2 * HOUR });
    const done = await c.arc.pileUpPods(c.runnersNamespace, 2);
    expect(names).toHaveLength(3);
    expect(new Set(names).size).toBe(3);
    expect(done).toHaveLength(2);
    await c.arc.settle();
    const now = c.clock.now().getTime();
    for (const name of names) {
      const pod = c.store.get('Pod', c.controllerNamespace, name)!;
      expect(pod.metadata.ownerReferences).toBeUndefined();
      const job = pod.metadata.labels?.['job-name'];
      expect(job).toMatch(/^warm-pool-scaler-\d+$/);
      expect(name.startsWith(`${job}-`)).toBe(true);
      expect(pod.metadata.labels).toMatchObject({
        'batch.kubernetes.io/job-name': job,
        'controller-uid': pod.metadata.labels?.['batch.kubernetes.io/controller-uid'],
      });
      expect(now - Date.parse(pod.metadata.creationTimestamp!)).toBeGreaterThanOrEqual(2 * HOUR);
      const terminated = status<{
        containerStatuses: {
          state: { terminated: { exitCode: number; reason: string; finishedAt: string } };
        }[];
      }>(pod).containerStatuses[0]!.state.terminated;
      expect(status(pod)['phase']).toBe('Failed');
      expect(terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
      expect(piledAt - Date.parse(terminated.finishedAt)).toBe(2 * HOUR);
    }
    for (const name of done) {
      const pod = c.store.get('Pod', c.runnersNamespace, name)!;
      expect(status(pod)['phase']).toBe('Succeeded');
      expect(now - Date.parse(pod.metadata.creationTimestamp!)).toBeGreaterThanOrEqual(6 * HOUR);
    }
  });

  it('finished runner pods do not pile up: ARC deletes the runner, and its pod with it', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'lane', minRunners: 0, maxRunners: 2 });
    await c.arc.settle();
    c.arc.enqueueJob({ scaleSet: 'lane', durationMs: 60_000 });
    await c.arc.settle();
    expect(c.arc.jobs('lane').map((j) => j.state)).toEqual(['done']);
    expect(runners(c, 'lane')).toEqual([]);
    const pods = c.store
      .list('Pod', c.runnersNamespace)
      .filter((p) => p.metadata.labels?.['actions.github.com/scale-set-name'] === 'lane');
    expect(pods).toEqual([]);
  });
});

describe('the controller down (controllerUnavailable)', () => {
  it('reports the Deployment unavailable and stops reconciling; back up, it catches up', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    const healthy = c.store.get('Deployment', c.controllerNamespace, CONTROLLER_DEPLOYMENT)!;
    expect(status(healthy)).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1 });
    expect(status(healthy)['conditions']).toContainEqual(
      expect.objectContaining({ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }),
    );
    const before = listener(c, 'lane')!;
    await c.arc.controllerUnavailable();
    const down = status(c.store.get('Deployment', c.controllerNamespace, CONTROLLER_DEPLOYMENT));
    expect(down).toMatchObject({ replicas: 1, updatedReplicas: 1, unavailableReplicas: 1 });
    // Zero counts are absent, as a real API server writes them.
    expect(down['availableReplicas']).toBeUndefined();
    expect(down['readyReplicas']).toBeUndefined();
    expect(down['conditions']).toContainEqual(
      expect.objectContaining({
        type: 'Available',
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.',
      }),
    );
    // A cap change is not acted on: the listener keeps its old caps.
    await mergePatch(c, arsPath(c, 'lane'), { spec: { maxRunners: 5 } });
    await c.arc.settle();
    expect(listener(c, 'lane')!.metadata.uid).toBe(before.metadata.uid);
    expect(spec(listener(c, 'lane'))['maxRunners']).toBe(3);
    // The listener pod runs on and raises replicas for a job, but no runner is made for it.
    c.arc.enqueueJob({ scaleSet: 'lane', durationMs: 60_000 });
    await c.clock.advance(60_000);
    expect(runners(c, 'lane')).toHaveLength(1);
    await c.arc.controllerUnavailable(false);
    await c.arc.settle();
    expect(status(c.store.get('Deployment', c.controllerNamespace, CONTROLLER_DEPLOYMENT))).toMatchObject({
      availableReplicas: 1,
      conditions: expect.arrayContaining([expect.objectContaining({ type: 'Available', status: 'True' })]),
    });
    expect(
      status(c.store.get('Deployment', c.controllerNamespace, CONTROLLER_DEPLOYMENT))['unavailableReplicas'],
    ).toBeUndefined();
    expect(spec(listener(c, 'lane'))['maxRunners']).toBe(5);
    expect(c.arc.jobs('lane').map((j) => j.state)).toEqual(['done']);
  });
});
