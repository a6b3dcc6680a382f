import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/arc/cluster';
import { listenerName } from '../../src/arc/hash';
import type { KubeObject, StoreEvent } from '../../src/kube/index';
import { ARC, arsPath, del, listener, mergePatch, runnerSets, spec, status } from './helpers';

/**
 * Sick listeners as ARC 0.14.2 leaves them: a stale one from an upgrade, one abandoned by its ARS,
 * one crash-looping, one whose GitHub config secret is gone.
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

const LISTENER_FINALIZER = 'autoscalinglistener.actions.github.com/finalizer';

interface ContainerStatus {
  ready: boolean;
  state: { running?: { startedAt: string }; terminated?: { exitCode: number; reason: string } };
}

/** The pod versions a watcher of the controller namespace sees for one listener. */
function watchPods(c: SimulatedCluster, name: string): { type: string; pod: KubeObject }[] {
  const seen: { type: string; pod: KubeObject }[] = [];
  c.store.raw!.subscribe((e: StoreEvent) => {
    if (e.resource.kind === 'Pod' && e.object.metadata.name === name)
      seen.push({ type: e.type, pod: structuredClone(e.object) });
  });
  return seen;
}

const containerOf = (pod: KubeObject) =>
  (status<{ containerStatuses?: ContainerStatus[] }>(pod).containerStatuses ?? [])[0];

/** Pod UIDs seen, and whether each was seen running (ready) and then terminated with exit 1. */
function lifecycles(seen: { type: string; pod: KubeObject }[]) {
  const byUid = new Map<string, { ran: boolean; crashed: boolean; deleted: boolean }>();
  for (const { type, pod } of seen) {
    const life = byUid.get(pod.metadata.uid!) ?? { ran: false, crashed: false, deleted: false };
    const cs = containerOf(pod);
    if (cs?.state.running && cs.ready && status(pod)['phase'] === 'Running') life.ran = true;
    const t = cs?.state.terminated;
    if (t && t.exitCode === 1 && t.reason === 'Error' && !cs.ready && status(pod)['phase'] === 'Failed')
      life.crashed = true;
    if (type === 'DELETED') life.deleted = true;
    byUid.set(pod.metadata.uid!, life);
  }
  return [...byUid.values()];
}

describe('a stale listener left by a 0.13.0→0.13.1 upgrade (staleListener)', () => {
  it('keeps the <=0.13.0 name beside the live listener, points at a runner set that is gone, and its pod crash-loops', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    const live = listener(c, 'lane')!;
    const oldName = listenerName(
      { name: 'lane', namespace: c.runnersNamespace },
      { minor: '0.13', patch: 0 },
    );
    const seen = watchPods(c, oldName);
    expect(await c.arc.staleListener('lane')).toBe(oldName);
    // Each of its pods asks for the message session once, is refused (another listener holds it) and exits 1.
    await c.clock.advance(30 * 60_000);
    const stale = c.store.get('AutoscalingListener', c.controllerNamespace, oldName)!;
    expect(oldName).not.toBe(live.metadata.name);
    expect(stale.metadata.finalizers).toEqual([LISTENER_FINALIZER]);
    expect(stale.metadata.labels?.['app.kubernetes.io/version']).toBe('0.13.0');
    expect(stale.metadata.ownerReferences).toBeUndefined();
    expect(spec(stale)).toMatchObject({
      autoscalingRunnerSetName: 'lane',
      autoscalingRunnerSetNamespace: c.runnersNamespace,
    });
    const goneSet = spec<{ ephemeralRunnerSetName: string }>(stale).ephemeralRunnerSetName;
    expect(c.store.get('EphemeralRunnerSet', c.runnersNamespace, goneSet)).toBeUndefined();
    expect(runnerSets(c, 'lane').map((e) => e.metadata.name)).not.toContain(goneSet);
    // The listener controller made its objects; its pod starts, exits 1, is deleted and made again.
    expect(c.store.get('Secret', c.controllerNamespace, `${oldName}-config`)).toBeDefined();
    const lives = lifecycles(seen);
    expect(lives.length).toBeGreaterThanOrEqual(5);
    expect(lives.filter((l) => l.ran && l.crashed && l.deleted).length).toBeGreaterThanOrEqual(4);
    // The live listener is untouched, and the ARS controller leaves the stale one alone.
    expect(listener(c, 'lane')!.metadata.uid).toBe(live.metadata.uid);
    expect(c.store.get('Pod', c.controllerNamespace, live.metadata.name!)).toMatchObject({
      status: { phase: 'Running' },
    });
    expect(c.sim.errors).toEqual([]);
  });
});

describe('a listener abandoned by its ARS (abandonListener)', () => {
  it('stays after its ARS is gone; the listener controller fails on every reconcile and never cleans it up', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    const name = await c.arc.abandonListener('lane');
    await c.arc.settle();
    await c.clock.advance(10 * 60_000);
    expect(c.store.get('AutoscalingRunnerSet', c.runnersNamespace, 'lane')).toBeUndefined();
    expect(runnerSets(c, 'lane')).toEqual([]);
    const al = c.store.get('AutoscalingListener', c.controllerNamespace, name)!;
    expect(al.metadata.deletionTimestamp).toBeUndefined();
    expect(al.metadata.finalizers).toEqual([LISTENER_FINALIZER]);
    expect(c.store.get('Secret', c.controllerNamespace, `${name}-config`)).toBeDefined();
    // Its process exited 1 on the runner set it could not patch; nobody deletes the Failed pod.
    const pod = c.store.get('Pod', c.controllerNamespace, name)!;
    expect(status(pod)).toMatchObject({
      phase: 'Failed',
      containerStatuses: [
        expect.objectContaining({
          ready: false,
          state: { terminated: expect.objectContaining({ exitCode: 1, reason: 'Error' }) },
        }),
      ],
    });
    expect(c.sim.errors.length).toBeGreaterThan(0);
    expect(new Set(c.sim.errors)).toEqual(
      new Set([
        `AutoscalingListener controller: ${c.controllerNamespace}/${name}: Failed to find AutoscalingRunnerSet: autoscalingrunnersets.actions.github.com "lane" not found`,
      ]),
    );
    // A client's delete still goes through the listener's cleanup (deletion comes first).
    expect(await del(c, `${ARC}/namespaces/${c.controllerNamespace}/autoscalinglisteners/${name}`)).toBe(200);
    await c.arc.settle();
    expect(c.store.get('AutoscalingListener', c.controllerNamespace, name)).toBeUndefined();
    expect(c.store.get('Pod', c.controllerNamespace, name)).toBeUndefined();
  });
});

describe('a crash-looping listener (listenerCrashLoops)', () => {
  it('exits 1 shortly after each start and is deleted and recreated; switched off, it stays up', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    const al = listener(c, 'lane')!;
    const seen = watchPods(c, al.metadata.name!);
    c.arc.listenerCrashLoops('lane');
    await c.clock.advance(60_000);
    const lives = lifecycles(seen);
    expect(lives.length).toBeGreaterThanOrEqual(5);
    expect(lives.filter((l) => l.ran && l.crashed && l.deleted).length).toBeGreaterThanOrEqual(4);
    // A terminated pod reads as a person would see it in `kubectl get pod -o yaml`.
    const dead = seen.find(({ pod }) => containerOf(pod)?.state.terminated)!.pod;
    expect(status(dead)).toMatchObject({
      phase: 'Failed',
      conditions: expect.arrayContaining([expect.objectContaining({ type: 'Ready', status: 'False' })]),
      containerStatuses: [
        expect.objectContaining({
          name: 'listener',
          ready: false,
          state: { terminated: expect.objectContaining({ exitCode: 1, reason: 'Error' }) },
        }),
      ],
    });
    expect(listener(c, 'lane')!.metadata.uid).toBe(al.metadata.uid);
    c.arc.listenerCrashLoops('lane', false);
    await c.clock.advance(60_000);
    const settled = await c.arc.settle();
    expect(settled.settled).toBe(true);
    const pod = c.store.get('Pod', c.controllerNamespace, al.metadata.name!)!;
    expect(status(pod)).toMatchObject({
      phase: 'Running',
      containerStatuses: [expect.objectContaining({ ready: true, state: { running: expect.any(Object) } })],
    });
    expect(c.sim.errors).toEqual([]);
  });
});

describe('a missing GitHub config secret (githubConfigSecretMissing)', () => {
  it('the listener controller fails on it: a recreated listener gets no config secret and no pod', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    const ars = c.store.get('AutoscalingRunnerSet', c.runnersNamespace, 'lane')!;
    const secretName = spec<{ githubConfigSecret: string }>(ars).githubConfigSecret;
    expect(c.store.get('Secret', c.runnersNamespace, secretName)).toBeDefined();
    expect(await c.arc.githubConfigSecretMissing('lane')).toBe(secretName);
    expect(c.store.get('Secret', c.runnersNamespace, secretName)).toBeUndefined();
    // A cap change recreates the listener.
    const before = listener(c, 'lane')!;
    await mergePatch(c, arsPath(c, 'lane'), { spec: { maxRunners: 4 } });
    await c.arc.settle();
    const after = listener(c, 'lane')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.finalizers).toEqual([LISTENER_FINALIZER]);
    expect(c.store.get('Secret', c.controllerNamespace, `${after.metadata.name}-config`)).toBeUndefined();
    expect(c.store.get('Pod', c.controllerNamespace, after.metadata.name!)).toBeUndefined();
    expect(c.store.get('ServiceAccount', c.controllerNamespace, after.metadata.name!)).toBeUndefined();
    expect(new Set(c.sim.errors)).toEqual(
      new Set([
        `AutoscalingListener controller: ${c.controllerNamespace}/${after.metadata.name}: Failed to get app config for AutoscalingRunnerSet: failed to resolve app config: failed to get kubernetes secret: "${c.runnersNamespace}/${secretName}"`,
      ]),
    );
    expect(status(ars)['phase']).toBe('Running');
  });
});
