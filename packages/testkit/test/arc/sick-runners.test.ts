import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/arc/cluster';
import { ARC, del, mergePatch, runnerSets, runners, status } from './helpers';

/**
 * Sick runners as ARC 0.14.2 leaves them, read back as any client of the API server reads them:
 * pods refused by admission (runners Failed), runners stuck terminating, pods the scheduler cannot place.
 */

let cluster: SimulatedCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function start(): Promise<SimulatedCluster> {
  cluster = await startSimulatedCluster();
  return cluster;
}

const erPath = (c: SimulatedCluster, name: string) =>
  `${ARC}/namespaces/${c.runnersNamespace}/ephemeralrunners/${name}`;
const FINALIZERS = [
  'ephemeralrunner.actions.github.com/finalizer',
  'ephemeralrunner.actions.github.com/runner-registration-finalizer',
];

describe('runner pods refused by the API server (runnerPodRejected)', () => {
  it('marks each runner Failed (InvalidPod), deregisters it, keeps it and stops scaling up; a client delete removes it', async () => {
    const c = await start();
    c.arc.runnerPodRejected('lane');
    await c.arc.addScaleSet({ name: 'lane', minRunners: 2, maxRunners: 4 });
    expect((await c.arc.settle()).settled).toBe(true);
    const failed = runners(c, 'lane');
    expect(failed).toHaveLength(2);
    for (const er of failed) {
      const name = er.metadata.name!;
      expect(er.metadata.deletionTimestamp).toBeUndefined();
      expect(er.metadata.finalizers).toEqual(FINALIZERS);
      expect(status(er)).toMatchObject({
        phase: 'Failed',
        reason: 'InvalidPod',
        ready: false,
        runnerName: name,
      });
      expect(status(er)['message']).toBe(
        `Failed to create the pod: pods "${name}" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "runner" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "runner" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "runner" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "runner" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
      );
      const runnerId = status<{ runnerId: number }>(er).runnerId;
      expect(runnerId).toBeGreaterThan(0);
      expect(c.sim.github.isRegistered(runnerId)).toBe(false);
      expect(c.store.get('Pod', c.runnersNamespace, name)).toBeUndefined();
      // The done runner's JIT secret is cleaned up; the runner object stays.
      expect(c.store.get('Secret', c.runnersNamespace, name)).toBeUndefined();
    }
    // Failed runners count in the set's total: a job raises replicas to 3, one more runner, no more.
    c.arc.enqueueJob({ scaleSet: 'lane', durationMs: 60_000 });
    await c.arc.settle();
    const [ers] = runnerSets(c, 'lane');
    expect(runners(c, 'lane')).toHaveLength(3);
    expect(runners(c, 'lane').every((r) => status(r)['phase'] === 'Failed')).toBe(true);
    expect(status(ers)).toMatchObject({
      currentReplicas: 3,
      failedEphemeralRunners: 3,
      pendingEphemeralRunners: 0,
      runningEphemeralRunners: 0,
    });
    expect(status(c.store.get('AutoscalingRunnerSet', c.runnersNamespace, 'lane'))).toMatchObject({
      failedEphemeralRunners: 3,
    });
    // The controller logs each refusal as an error (log.Error), and nothing else.
    expect(c.sim.errors).toEqual(
      runners(c, 'lane').map((r) =>
        expect.stringMatching(
          new RegExp(
            `^arc-runners/${r.metadata.name}: Failed to create a pod due to unrecoverable failure: pods "${r.metadata.name}" is forbidden: violates PodSecurity`,
          ),
        ),
      ),
    );
    // The refusal lifted, a client deletes the Failed runners: they go and healthy ones replace them.
    c.arc.runnerPodRejected('lane', false);
    for (const er of runners(c, 'lane')) expect(await del(c, erPath(c, er.metadata.name!))).toBe(200);
    await c.arc.settle();
    const now = runners(c, 'lane');
    expect(now.some((r) => failed.some((f) => f.metadata.uid === r.metadata.uid))).toBe(false);
    expect(now.length).toBeGreaterThanOrEqual(2);
    expect(now.every((r) => status(r)['phase'] === 'Running')).toBe(true);
    expect(c.sim.errors).toHaveLength(3);
  });
});

describe('runners stuck terminating (runnerStuckTerminating)', () => {
  it('idle runners lose their pod and keep their deletionTimestamp and finalizers until a client removes the finalizers', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'lane', minRunners: 3, maxRunners: 4 });
    await c.arc.settle();
    const stuck = await c.arc.runnerStuckTerminating('lane', 2);
    expect(stuck).toHaveLength(2);
    expect((await c.arc.settle()).settled).toBe(true);
    await c.clock.advance(15 * 60_000);
    for (const name of stuck) {
      const er = c.store.get('EphemeralRunner', c.runnersNamespace, name)!;
      expect(er.metadata.deletionTimestamp).toBeTruthy();
      expect(er.metadata.finalizers).toEqual(FINALIZERS);
      expect(status(er)['jobId']).toBeUndefined();
      expect(c.store.get('Pod', c.runnersNamespace, name)).toBeUndefined();
    }
    expect(
      c.sim.logs.some((l) => l.includes(`${stuck[0]}: Runner is not finished yet, retrying in 30s`)),
    ).toBe(true);
    // The set does not count them (deleting) and replaces them.
    const live = runners(c, 'lane').filter((r) => !r.metadata.deletionTimestamp);
    expect(live).toHaveLength(3);
    expect(live.every((r) => status(r)['phase'] === 'Running')).toBe(true);
    expect(status(runnerSets(c, 'lane')[0])).toMatchObject({ currentReplicas: 3 });
    // A client strips the finalizers: the runners and their JIT secrets go.
    for (const name of stuck) await mergePatch(c, erPath(c, name), { metadata: { finalizers: null } });
    await c.arc.settle();
    for (const name of stuck) {
      expect(c.store.get('EphemeralRunner', c.runnersNamespace, name)).toBeUndefined();
      expect(c.store.get('Secret', c.runnersNamespace, name)).toBeUndefined();
    }
    expect(c.sim.errors).toEqual([]);
  });

  it('picks busy runners only when asked, and refuses when there are too few', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    c.arc.enqueueJob({ scaleSet: 'lane', durationMs: 60 * 60_000 });
    await c.arc.settle(5 * 60_000);
    const holding = runners(c, 'lane').filter((r) => status(r)['jobId']);
    expect(holding).toHaveLength(1);
    await expect(c.arc.runnerStuckTerminating('lane', 2, { busy: true })).rejects.toThrow(
      'has 1 busy registered runner(s), fewer than the 2 asked for',
    );
    const [name] = await c.arc.runnerStuckTerminating('lane', 1, { busy: true });
    expect(name).toBe(holding[0]!.metadata.name);
    await c.clock.advance(2 * 60 * 60_000); // the job's end does not free it either
    const er = c.store.get('EphemeralRunner', c.runnersNamespace, name!)!;
    expect(er.metadata.deletionTimestamp).toBeTruthy();
    expect(er.metadata.finalizers).toEqual(FINALIZERS);
    expect(status(er)['jobId']).toBeTruthy();
    expect(c.store.get('Pod', c.runnersNamespace, name!)).toBeUndefined();
    expect(c.sim.errors).toEqual([]);
  });
});

describe('runner pods the scheduler cannot place (runnerPodsUnschedulable)', () => {
  it('stay Pending with PodScheduled=False/Unschedulable until the scheduler can place them again', async () => {
    const c = await start();
    c.arc.runnerPodsUnschedulable('lane');
    await c.arc.addScaleSet({ name: 'lane', minRunners: 2, maxRunners: 4 });
    expect((await c.arc.settle()).settled).toBe(true);
    await c.clock.advance(10 * 60_000);
    const waiting = runners(c, 'lane');
    expect(waiting).toHaveLength(2);
    for (const er of waiting) {
      // No kubelet has reported a container, so the controller has no phase to mirror yet
      // (ephemeralrunner_controller.go 0.14.2: "Waiting for runner container status").
      expect(status(er)['phase']).toBeUndefined();
      const pod = c.store.get('Pod', c.runnersNamespace, er.metadata.name!)!;
      expect(status(pod)['phase']).toBe('Pending');
      expect(status(pod)['containerStatuses']).toBeUndefined();
      expect(status(pod)['conditions']).toEqual([
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message:
            '0/3 nodes are available: 3 Too many pods. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
          lastProbeTime: null,
          lastTransitionTime: expect.any(String),
        },
      ]);
    }
    expect(status(runnerSets(c, 'lane')[0])).toMatchObject({ pendingEphemeralRunners: 2 });
    c.arc.runnerPodsUnschedulable('lane', false);
    await c.arc.settle();
    for (const er of runners(c, 'lane')) {
      expect(status(er)['phase']).toBe('Running');
      const pod = c.store.get('Pod', c.runnersNamespace, er.metadata.name!)!;
      expect(status(pod)['conditions']).toContainEqual(
        expect.objectContaining({ type: 'PodScheduled', status: 'True' }),
      );
    }
    expect(c.sim.errors).toEqual([]);
  });

  it('takes a message of its own (another scheduler verdict)', async () => {
    const c = await start();
    const message =
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';
    await c.arc.addScaleSet({ name: 'lane', minRunners: 0, maxRunners: 2 });
    await c.arc.settle();
    c.arc.runnerPodsUnschedulable('lane', message);
    c.arc.enqueueJob({ scaleSet: 'lane', durationMs: 60_000 });
    await c.arc.settle();
    const [er] = runners(c, 'lane');
    const pod = c.store.get('Pod', c.runnersNamespace, er!.metadata.name!)!;
    expect(status(pod)['conditions']).toEqual([
      expect.objectContaining({ reason: 'Unschedulable', message }),
    ]);
    expect(c.sim.errors).toEqual([]);
  });
});
