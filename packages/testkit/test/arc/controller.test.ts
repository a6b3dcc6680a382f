import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/arc/cluster';
import { listenerSpec } from '../../src/arc/controllers/listener';
import { arsPath, busy, del, idle, listener, mergePatch, runnerSets, runners, spec, status } from './helpers';

let cluster: SimulatedCluster | undefined;
afterEach(async () => {
  expect(cluster?.sim.errors ?? []).toEqual([]);
  await cluster?.stop();
  cluster = undefined;
});

async function start(opts: Parameters<typeof startSimulatedCluster>[0] = {}) {
  cluster = await startSimulatedCluster(opts);
  return cluster;
}

describe('ARS → runner set and listener', () => {
  it('creates the latest runner set with an owner ref and hash, and a listener with its config secret', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'tinyland-nix', minRunners: 1, maxRunners: 4 });
    const settled = await c.arc.settle();
    expect(settled.settled).toBe(true);
    const ars = c.store.get('AutoscalingRunnerSet', 'arc-runners', 'tinyland-nix')!;
    expect(ars.metadata.finalizers).toEqual(['autoscalingrunnerset.actions.github.com/finalizer']);
    expect(Number(ars.metadata.annotations?.['runner-scale-set-id'])).toBeGreaterThan(0);
    expect(ars.metadata.annotations?.['actions.github.com/change-hash']).toMatch(
      /^[bcdfghjklmnpqrstvwxz2456789]+$/,
    );
    expect(status(ars)['phase']).toBe('Running');
    const [ers, ...more] = runnerSets(c, 'tinyland-nix');
    expect(more).toHaveLength(0);
    expect(ers!.metadata.name).toMatch(/^tinyland-nix-[a-z0-9]{5}$/);
    expect(ers!.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'AutoscalingRunnerSet',
        name: 'tinyland-nix',
        uid: ars.metadata.uid,
        controller: true,
      }),
    ]);
    expect(ers!.metadata.annotations?.['actions.github.com/runner-spec-hash']).toBeTruthy();
    const al = listener(c, 'tinyland-nix')!;
    expect(al.metadata.namespace).toBe('arc-systems');
    expect(al.metadata.name).toMatch(/^tinyland-nix-[bcdfghjklmnpqrstvwxz2456789]{8}-listener$/);
    expect(al.metadata.ownerReferences).toBeUndefined();
    expect(spec(al)).toMatchObject({
      minRunners: 1,
      maxRunners: 4,
      ephemeralRunnerSetName: ers!.metadata.name,
    });
    const secret = c.store.get('Secret', 'arc-systems', `${al.metadata.name}-config`)!;
    const config = JSON.parse(
      Buffer.from((secret['data'] as Record<string, string>)['config.json']!, 'base64').toString(),
    );
    expect(config).toMatchObject({
      min_runners: 1,
      max_runners: 4,
      ephemeral_runner_set_name: ers!.metadata.name,
    });
    expect(spec(ers)).toMatchObject({ replicas: 1, patchID: 0 });
    expect(idle(c, 'tinyland-nix')).toHaveLength(1);
  });

  it('recreates the listener on any spec change, min/max included, keeping the runner set', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'lane', minRunners: 0, maxRunners: 4 });
    await c.arc.settle();
    const before = listener(c, 'lane')!;
    const ersBefore = runnerSets(c, 'lane')[0]!;
    await mergePatch(c, arsPath(c, 'lane'), { spec: { maxRunners: 6 } });
    await c.arc.settle();
    const after = listener(c, 'lane')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.annotations?.['actions.github.com/runner-spec-hash']).not.toBe(
      before.metadata.annotations?.['actions.github.com/runner-spec-hash'],
    );
    expect(spec(after)['maxRunners']).toBe(6);
    expect(runnerSets(c, 'lane').map((e) => e.metadata.uid)).toEqual([ersBefore.metadata.uid]);
    // A label change on the ARS is not a spec change: the listener stays.
    await mergePatch(c, arsPath(c, 'lane'), { metadata: { labels: { team: 'platform' } } });
    await c.arc.settle();
    expect(listener(c, 'lane')!.metadata.uid).toBe(after.metadata.uid);
  });

  it('under immediate, a runner template change brings a new runner set and listener while the old set drains', async () => {
    const c = await start({ updateStrategy: 'immediate' });
    await c.arc.addScaleSet({ name: 'lane', minRunners: 0, maxRunners: 4 });
    await c.arc.settle();
    c.arc.enqueueJob({ scaleSet: 'lane', durationMs: 10 * 60_000 });
    await c.clock.advance(60_000);
    expect(busy(c, 'lane')).toHaveLength(1);
    const oldErs = runnerSets(c, 'lane')[0]!;
    await mergePatch(c, arsPath(c, 'lane'), {
      spec: {
        template: {
          spec: { containers: [{ name: 'runner', image: 'ghcr.io/actions/actions-runner:2.330.0' }] },
        },
      },
    });
    await c.clock.advance(5_000);
    const sets = runnerSets(c, 'lane');
    expect(sets).toHaveLength(2);
    const old = sets.find((s) => s.metadata.uid === oldErs.metadata.uid)!;
    expect(old.metadata.deletionTimestamp).toBeDefined();
    const al = listener(c, 'lane')!;
    expect(spec<{ ephemeralRunnerSetName: string }>(al).ephemeralRunnerSetName).not.toBe(
      oldErs.metadata.name,
    );
    // The busy runner is never removed: the old set waits for its job. ARC does not even mark it
    // for deletion (cleanUpEphemeralRunners skips a runner whose RemoveRunner answers
    // JobStillRunning), so nothing sees it terminating while its job runs.
    expect(busy(c, 'lane')).toHaveLength(1);
    await c.clock.advance(3 * 60_000);
    expect(busy(c, 'lane')[0]!.metadata.deletionTimestamp).toBeUndefined();
    await c.clock.advance(7 * 60_000);
    await c.arc.settle();
    expect(runnerSets(c, 'lane').map((s) => s.metadata.uid)).not.toContain(oldErs.metadata.uid);
    expect(c.arc.jobs('lane')[0]!.state).toBe('done');
  });
});

describe('eventual update strategy', () => {
  it('holds the listener while runners are running and deadlocks on idle minRunners until replicas go to 0', async () => {
    const c = await start({ updateStrategy: 'eventual' });
    await c.arc.addScaleSet({ name: 'nix', minRunners: 1, maxRunners: 4 });
    await c.arc.settle();
    expect(idle(c, 'nix')).toHaveLength(1);
    await mergePatch(c, arsPath(c, 'nix'), { spec: { minRunners: 0, maxRunners: 0 } });
    const result = await c.arc.settle(10 * 60_000);
    // The old listener is gone and none comes back while the idle warm runner counts as running.
    expect(listener(c, 'nix')).toBeUndefined();
    expect(idle(c, 'nix')).toHaveLength(1);
    expect(result.settled).toBe(true);
    expect(c.sim.logs.some((l) => l.includes('waiting for the running and pending runners to finish'))).toBe(
      true,
    );
    // The #4432 workaround: no listener exists to overwrite it.
    const ers = runnerSets(c, 'nix')[0]!;
    await mergePatch(
      c,
      `/apis/actions.github.com/v1alpha1/namespaces/arc-runners/ephemeralrunnersets/${ers.metadata.name}`,
      {
        spec: { replicas: 0, patchID: 0 },
      },
    );
    await c.arc.settle();
    expect(runners(c, 'nix')).toHaveLength(0);
    // Stored as ARC's Go types write it (omitempty): neither 0 is present, both decode as 0.
    expect(Object.keys(spec(listener(c, 'nix')))).not.toContain('maxRunners');
    expect(listenerSpec(listener(c, 'nix')!)).toMatchObject({ minRunners: 0, maxRunners: 0 });
  });
});

describe('listener and runner-set scaling', () => {
  it('patches min(minRunners + assigned jobs, maxRunners) and patchID 0 only when idle at minRunners', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'docker', minRunners: 1, maxRunners: 3 });
    await c.arc.settle();
    expect(spec(runnerSets(c, 'docker')[0])).toEqual(expect.objectContaining({ replicas: 1, patchID: 0 }));
    for (let i = 0; i < 5; i++) c.arc.enqueueJob({ scaleSet: 'docker', durationMs: 5 * 60_000 });
    await c.clock.advance(2_000);
    const ers = spec(runnerSets(c, 'docker')[0]);
    expect(ers['replicas']).toBe(3);
    expect(ers['patchID']).toBeGreaterThan(0);
    await c.clock.advance(60_000);
    expect(busy(c, 'docker')).toHaveLength(3);
    expect(c.arc.jobs('docker').filter((j) => j.state === 'queued')).toHaveLength(2);
    await c.arc.settle(60 * 60_000);
    expect(c.arc.jobs('docker').every((j) => j.state === 'done')).toBe(true);
    expect(spec(runnerSets(c, 'docker')[0])).toEqual(expect.objectContaining({ replicas: 1, patchID: 0 }));
    expect(runners(c, 'docker')).toHaveLength(1);
  });

  it('gives no working listener when maxRunners < minRunners', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'bad', minRunners: 2, maxRunners: 1 });
    await c.arc.settle();
    const al = listener(c, 'bad')!;
    expect(al).toBeDefined();
    expect(c.store.get('Secret', 'arc-systems', `${al.metadata.name}-config`)).toBeUndefined();
    expect(c.store.get('Pod', 'arc-systems', al.metadata.name!)).toBeUndefined();
    expect(spec(runnerSets(c, 'bad')[0])['replicas']).toBe(0);
    expect(c.sim.logs.some((l) => l.includes('MaxRunners (1) cannot be less than MinRunners (2)'))).toBe(
      true,
    );
  });

  it('scales down only idle registered runners and only at patchID 0, never a busy one', async () => {
    const c = await start({ updateStrategy: 'eventual' });
    await c.arc.addScaleSet({ name: 'dind', minRunners: 2, maxRunners: 4 });
    await c.arc.settle();
    c.arc.enqueueJob({ scaleSet: 'dind', durationMs: 30 * 60_000 });
    await c.clock.advance(30_000);
    expect(busy(c, 'dind')).toHaveLength(1);
    const ersName = runnerSets(c, 'dind')[0]!.metadata.name!;
    const ersPath = `/apis/actions.github.com/v1alpha1/namespaces/arc-runners/ephemeralrunnersets/${ersName}`;
    // Delete the listener so that nothing overwrites the runner set while we drive it by hand.
    c.sim.stickListenerCaps('dind');
    await del(
      c,
      `/apis/actions.github.com/v1alpha1/namespaces/arc-systems/autoscalinglisteners/${listener(c, 'dind')!.metadata.name}`,
    );
    await c.clock.advance(1_000);
    const total = runners(c, 'dind').length;
    await mergePatch(c, ersPath, { spec: { replicas: 0, patchID: 42 } });
    await c.clock.advance(1_000);
    expect(runners(c, 'dind')).toHaveLength(total); // patchID > 0: scale-down ignored
    await mergePatch(c, ersPath, { spec: { replicas: 0, patchID: 0 } });
    await c.clock.advance(1_000);
    expect(idle(c, 'dind')).toHaveLength(0);
    expect(busy(c, 'dind')).toHaveLength(1);
  });
});

describe('ephemeral runners', () => {
  for (const version of ['0.12', '0.13', '0.14'] as const) {
    it(`${version}: writes job fields on start (jobId from 0.13) and never clears them`, async () => {
      const c = await start({ version });
      await c.arc.addScaleSet({ name: 'lane', minRunners: 0, maxRunners: 2 });
      await c.arc.settle();
      c.arc.enqueueJob({ scaleSet: 'lane', durationMs: 120_000, repository: 'tinyland/site' });
      await c.clock.advance(30_000);
      const [runner] = busy(c, 'lane');
      expect(runner!.metadata.finalizers).toEqual([
        'ephemeralrunner.actions.github.com/finalizer',
        'ephemeralrunner.actions.github.com/runner-registration-finalizer',
      ]);
      const st = status(runner);
      expect(st['jobRequestId']).toBe(c.arc.jobs('lane')[0]!.requestId);
      expect(st['jobRepositoryName']).toBe('tinyland/site');
      expect(st['jobId']).toBe(version === '0.12' ? undefined : c.arc.jobs('lane')[0]!.jobId);
      expect(st['runnerId']).toBeGreaterThan(0);
      const pod = c.store.get('Pod', 'arc-runners', runner!.metadata.name!)!;
      expect(pod.metadata.labels?.['actions-ephemeral-runner']).toBe('True');
      // The runner exits 0 at the end of its job and is deleted; its job fields were never cleared before.
      const seen: unknown[] = [];
      const off = c.store.raw!.subscribe((e) => {
        if (e.object.metadata.name === runner!.metadata.name && e.resource.kind === 'EphemeralRunner') {
          seen.push((e.object.status as Record<string, unknown>)['jobRequestId']);
        }
      });
      await c.clock.advance(120_000);
      off();
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((v) => v === st['jobRequestId'])).toBe(true);
      expect(c.store.get('EphemeralRunner', 'arc-runners', runner!.metadata.name!)).toBeUndefined();
    });
  }

  it('holds the deletion of a busy runner until its job ends', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'lane', minRunners: 0, maxRunners: 2 });
    await c.arc.settle();
    c.arc.enqueueJob({ scaleSet: 'lane', durationMs: 10 * 60_000 });
    await c.clock.advance(30_000);
    const name = busy(c, 'lane')[0]!.metadata.name!;
    expect(
      await del(c, `/apis/actions.github.com/v1alpha1/namespaces/arc-runners/ephemeralrunners/${name}`),
    ).toBe(200);
    await c.clock.advance(5 * 60_000);
    const held = c.store.get('EphemeralRunner', 'arc-runners', name)!;
    expect(held.metadata.deletionTimestamp).toBeDefined();
    expect(held.metadata.finalizers).toContain(
      'ephemeralrunner.actions.github.com/runner-registration-finalizer',
    );
    expect(c.sim.logs.some((l) => l.includes('Runner is not finished yet, retrying in 30s'))).toBe(true);
    await c.clock.advance(6 * 60_000);
    expect(c.store.get('EphemeralRunner', 'arc-runners', name)).toBeUndefined();
    expect(c.store.get('Pod', 'arc-runners', name)).toBeUndefined();
  });

  it('shows a runner that just took a job as idle until the listener handles JobStarted, and a delete then kills no job', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'lane', minRunners: 1, maxRunners: 2 });
    await c.arc.settle();
    const [warm] = idle(c, 'lane');
    c.arc.enqueueJob({ scaleSet: 'lane', durationMs: 10 * 60_000 });
    for (let i = 0; i < 100 && c.arc.jobs('lane')[0]?.state !== 'running'; i++) await c.clock.advance(100);
    const [job] = c.arc.jobs('lane');
    expect(job?.runnerName).toBe(warm!.metadata.name);
    // GitHub runs the job on it; the runner's status does not say so yet (the race the reap meets).
    expect(
      status(c.store.get('EphemeralRunner', 'arc-runners', warm!.metadata.name!))['jobId'],
    ).toBeUndefined();
    expect(
      await del(
        c,
        `/apis/actions.github.com/v1alpha1/namespaces/arc-runners/ephemeralrunners/${warm!.metadata.name}`,
      ),
    ).toBe(200);
    await c.clock.advance(5_000);
    // RemoveRunner answers JobStillRunning: the runner and its pod stay, and JobStarted lands on it.
    const held = c.store.get('EphemeralRunner', 'arc-runners', warm!.metadata.name!)!;
    expect(held.metadata.deletionTimestamp).toBeDefined();
    expect(status(held)['jobId']).toBe(job!.jobId);
    expect(status(c.store.get('Pod', 'arc-runners', warm!.metadata.name!))['phase']).toBe('Running');
    await c.clock.advance(11 * 60_000);
    expect(c.arc.jobs('lane')[0]).toMatchObject({ state: 'done' });
    expect(c.arc.jobs('lane')[0]!.finishedAt! - c.arc.jobs('lane')[0]!.startedAt!).toBe(10 * 60_000);
    expect(c.store.get('EphemeralRunner', 'arc-runners', warm!.metadata.name!)).toBeUndefined();
  });
});

describe('version gate', () => {
  it('deletes an ARS whose version label is missing or of another minor, and keeps patch skew', async () => {
    const c = await start({ version: '0.14', patch: 2 });
    await c.arc.addScaleSet({ name: 'missing', versionLabel: null });
    await c.arc.addScaleSet({ name: 'older', versionLabel: '0.13.1' });
    await c.arc.addScaleSet({ name: 'skew', versionLabel: '0.14.0' });
    // IsVersionAllowed reads no `v` prefix; it reads a version without a patch.
    await c.arc.addScaleSet({ name: 'prefixed', versionLabel: 'v0.14.2' });
    await c.arc.addScaleSet({ name: 'short', versionLabel: '0.14' });
    await c.arc.settle();
    expect(c.store.get('AutoscalingRunnerSet', 'arc-runners', 'prefixed')).toBeUndefined();
    expect(c.store.get('AutoscalingRunnerSet', 'arc-runners', 'short')).toBeDefined();
    expect(c.store.get('AutoscalingRunnerSet', 'arc-runners', 'missing')).toBeUndefined();
    expect(c.store.get('AutoscalingRunnerSet', 'arc-runners', 'older')).toBeUndefined();
    expect(c.store.get('AutoscalingRunnerSet', 'arc-runners', 'skew')).toBeDefined();
    expect(listener(c, 'skew')).toBeDefined();
  });
});

describe('fault scenarios', () => {
  it('leaks idle runners the controller never scales down; a client delete removes them', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'nix', minRunners: 0, maxRunners: 4 });
    await c.arc.settle();
    const leaked = await c.arc.leakIdleRunners('nix', 2);
    await c.arc.settle();
    expect(spec(runnerSets(c, 'nix')[0])).toEqual(expect.objectContaining({ replicas: 0, patchID: 0 }));
    expect(
      idle(c, 'nix')
        .map((r) => r.metadata.name)
        .sort(),
    ).toEqual([...leaked].sort());
    for (const name of leaked)
      await del(c, `/apis/actions.github.com/v1alpha1/namespaces/arc-runners/ephemeralrunners/${name}`);
    await c.arc.settle();
    expect(runners(c, 'nix')).toHaveLength(0);
  });

  it('churns the listener: deleted and recreated with a new uid each time', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'nix', minRunners: 0, maxRunners: 4 });
    await c.arc.settle();
    const uids = new Set<string>();
    const off = c.store.raw!.subscribe((e) => {
      if (e.resource.kind === 'AutoscalingListener' && e.type === 'ADDED') uids.add(e.object.metadata.uid!);
    });
    c.arc.churnListener('nix', 3, 60_000);
    await c.clock.advance(4 * 60_000);
    off();
    expect(uids.size).toBe(3);
    expect(listener(c, 'nix')).toBeDefined();
  });

  it('sticks the listener caps: an ARS min/max change leaves the listener with the old ones', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'nix', minRunners: 0, maxRunners: 4 });
    await c.arc.settle();
    c.arc.stickListenerCaps('nix');
    await mergePatch(c, arsPath(c, 'nix'), { spec: { maxRunners: 8 } });
    await c.arc.settle();
    expect(listenerSpec(listener(c, 'nix')!)).toMatchObject({ minRunners: 0, maxRunners: 4 });
  });

  it('keeps a runner whose job never finishes busy, and the drain never completes', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'nix', minRunners: 0, maxRunners: 4 });
    await c.arc.settle();
    c.arc.runnerNeverFinishes('nix');
    c.arc.enqueueJob({ scaleSet: 'nix', durationMs: 60_000 });
    const result = await c.arc.settle(30 * 60_000);
    expect(result.settled).toBe(false);
    expect(busy(c, 'nix')).toHaveLength(1);
    expect(c.arc.jobs('nix')[0]!.state).toBe('running');
  });

  it('queues jobs that arrive at a given moment', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'nix', minRunners: 0, maxRunners: 4 });
    await c.arc.settle();
    c.arc.enqueueJob({ scaleSet: 'nix', durationMs: 60_000, at: 5 * 60_000 });
    await c.clock.advance(4 * 60_000);
    expect(c.arc.jobs('nix')).toHaveLength(0);
    await c.clock.advance(2 * 60_000);
    expect(c.arc.jobs('nix')).toHaveLength(1);
  });
});

describe('safe quiesce under immediate', () => {
  it('min 0 / max 0 removes idle runners and lets busy ones finish and leave', async () => {
    const c = await start({ updateStrategy: 'immediate' });
    await c.arc.addScaleSet({ name: 'nix', minRunners: 2, maxRunners: 4 });
    await c.arc.settle();
    c.arc.enqueueJob({ scaleSet: 'nix', durationMs: 5 * 60_000 });
    await c.clock.advance(30_000);
    expect(busy(c, 'nix')).toHaveLength(1);
    await mergePatch(c, arsPath(c, 'nix'), { spec: { minRunners: 0, maxRunners: 0 } });
    await c.clock.advance(3 * 60_000);
    // Stored as ARC's Go types write it (omitempty): neither 0 is present, both decode as 0.
    expect(Object.keys(spec(listener(c, 'nix')))).not.toContain('maxRunners');
    expect(listenerSpec(listener(c, 'nix')!)).toMatchObject({ minRunners: 0, maxRunners: 0 });
    expect(idle(c, 'nix')).toHaveLength(0);
    expect(busy(c, 'nix')).toHaveLength(1);
    await c.arc.settle();
    expect(runners(c, 'nix')).toHaveLength(0);
  });
});

describe('uninstall and naming', () => {
  it('deleting an ARS removes its listener, runner sets and runners before the ARS itself goes', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'nix', minRunners: 2, maxRunners: 4 });
    await c.arc.settle();
    expect(runners(c, 'nix')).toHaveLength(2);
    const scaleSetId = Number(
      c.store.get('AutoscalingRunnerSet', 'arc-runners', 'nix')!.metadata.annotations?.[
        'runner-scale-set-id'
      ],
    );
    expect(c.sim.github.scaleSets.has(scaleSetId)).toBe(true);
    expect(await del(c, arsPath(c, 'nix'))).toBe(200);
    await c.clock.advance(1_000);
    expect(c.store.get('AutoscalingRunnerSet', 'arc-runners', 'nix')).toBeUndefined();
    expect(listener(c, 'nix')).toBeUndefined();
    expect(runnerSets(c, 'nix')).toHaveLength(0);
    expect(runners(c, 'nix')).toHaveLength(0);
    expect(c.store.list('Pod', 'arc-runners')).toHaveLength(0);
    expect(c.sim.github.scaleSets.has(scaleSetId)).toBe(false);
  });

  it('names the listener by namespace only up to 0.13.0 and by namespace@group@url from 0.13.1', async () => {
    const names: string[] = [];
    for (const patch of [0, 1]) {
      const c = await start({ version: '0.13', patch });
      await c.arc.addScaleSet({ name: 'nix', runnerGroup: 'gpu', maxRunners: 1 });
      names.push(listener(c, 'nix')!.metadata.name!);
      await cluster!.stop();
      cluster = undefined;
    }
    expect(names[0]).toMatch(/^nix-[a-z0-9]{8}-listener$/);
    expect(names[1]).toMatch(/^nix-[a-z0-9]{8}-listener$/);
    expect(names[0]).not.toBe(names[1]);
  });
});

describe('0.14 Outdated path', () => {
  it('an outdated runner makes the ERS and ARS Outdated, cleans up, and stays so until the spec changes', async () => {
    const c = await start({ version: '0.14' });
    c.arc.runnerOutdated('nix');
    await c.arc.addScaleSet({ name: 'nix', minRunners: 1, maxRunners: 2 });
    await c.arc.settle();
    const ars = c.store.get('AutoscalingRunnerSet', 'arc-runners', 'nix')!;
    expect(status(ars)['phase']).toBe('Outdated');
    expect(listener(c, 'nix')).toBeUndefined();
    expect(runnerSets(c, 'nix')).toHaveLength(0);
    expect(c.sim.github.scaleSets.size).toBe(0);
    c.arc.runnerOutdated('nix', false);
    await c.arc.settle();
    expect(status(c.store.get('AutoscalingRunnerSet', 'arc-runners', 'nix'))['phase']).toBe('Outdated');
    await mergePatch(c, arsPath(c, 'nix'), { spec: { maxRunners: 3 } });
    await c.arc.settle();
    expect(status(c.store.get('AutoscalingRunnerSet', 'arc-runners', 'nix'))['phase']).toBe('Running');
    expect(listener(c, 'nix')).toBeDefined();
    expect(idle(c, 'nix')).toHaveLength(1);
  });
});

describe('0.13 exit code 7', () => {
  it('is a failure like any other, retried after the backoff: 0.13 has no Outdated phase', async () => {
    const c = await start({ version: '0.13', patch: 1 });
    c.arc.runnerOutdated('nix');
    await c.arc.addScaleSet({ name: 'nix', minRunners: 1, maxRunners: 2 });
    await c.clock.advance(40_000);
    const [runner] = runners(c, 'nix');
    expect(Object.keys(status<{ failures?: Record<string, string> }>(runner).failures ?? {})).toHaveLength(2);
    expect(status(runner)['phase']).toBe('Pending');
    expect(c.sim.github.scaleSets.size).toBe(1);
  });
});

describe('runner failures', () => {
  const failureTimes = (c: SimulatedCluster, name: string): number[] => {
    const er = c.store.get('EphemeralRunner', 'arc-runners', name);
    const failures = er ? status<{ failures?: Record<string, string> }>(er).failures : undefined;
    return Object.values(failures ?? {})
      .map((t) => Date.parse(t))
      .sort((a, b) => a - b);
  };

  it('recreates a failed pod after a backoff that doubles from 5 s, and deletes the runner after more than 5 failures', async () => {
    const c = await start();
    c.arc.runnerFails('nix');
    await c.arc.addScaleSet({ name: 'nix', minRunners: 1, maxRunners: 2 });
    for (let s = 0; s < 30 && runners(c, 'nix').length === 0; s++) await c.clock.advance(1_000);
    const name = runners(c, 'nix')[0]!.metadata.name!;
    for (let s = 0; s < 300 && failureTimes(c, name).length < 5; s++) await c.clock.advance(1_000);
    // Each gap: the backoff after n failures (5, 10, 20, 40 s) and the 10 s pod start.
    const times = failureTimes(c, name);
    expect(times.slice(1).map((t, i) => (t - times[i]!) / 1000)).toEqual([15, 20, 30, 50]);
    // A failure is not a phase: the runner stays Pending, as its pods last reported.
    expect(status(runners(c, 'nix')[0])['phase']).toBe('Pending');
    // The sixth pod starts 80 s after the fifth failure and fails 10 s later: more than 5.
    await c.clock.advance(times[4]! + 89_000 - c.clock.now().getTime());
    expect(failureTimes(c, name)).toHaveLength(5);
    await c.clock.advance(2_000);
    expect(c.store.get('EphemeralRunner', 'arc-runners', name)).toBeUndefined();
    expect(c.sim.logs.some((l) => l.includes('has failed more than 5 times'))).toBe(true);
    c.arc.runnerFails('nix', false);
    await c.arc.settle();
    expect(idle(c, 'nix')).toHaveLength(1);
  });

  it('deletes a runner whose pod fails while it holds a job, instead of restarting the pod', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'nix', minRunners: 0, maxRunners: 1 });
    c.arc.enqueueJob({ scaleSet: 'nix', durationMs: 60 * 60_000 });
    await c.arc.settle(60_000);
    const [busy] = runners(c, 'nix');
    expect(status(busy)['jobId']).toBeTruthy();
    await c.arc.killRunnerContainer('nix', busy!.metadata.name!);
    await c.clock.advance(1_000);
    const after = c.store.get('EphemeralRunner', 'arc-runners', busy!.metadata.name!);
    // Deleted (its registration finalizer waits for GitHub to let the job go), never given a new pod.
    expect(after?.metadata.deletionTimestamp).toBeDefined();
    expect(status(after)['failures']).toBeUndefined();
    // ARC logs it as an error; the check after each test expects none but this one.
    expect(c.sim.errors.splice(0)).toEqual([
      `arc-runners/${busy!.metadata.name}: Ephemeral runner either has faulty entrypoint or something external killing the runner`,
    ]);
  });

  it('gives a live runner whose pod vanished a new pod, whatever its phase', async () => {
    const c = await start();
    await c.arc.addScaleSet({ name: 'nix', minRunners: 1, maxRunners: 1 });
    await c.arc.settle();
    const [runner] = runners(c, 'nix');
    expect(status(runner)['phase']).toBe('Running');
    const before = c.store.get('Pod', 'arc-runners', runner!.metadata.name!)!;
    expect(await del(c, `/api/v1/namespaces/arc-runners/pods/${runner!.metadata.name}`)).toBe(200);
    await c.arc.settle();
    const after = c.store.get('Pod', 'arc-runners', runner!.metadata.name!);
    expect(after?.metadata.uid).toBeDefined();
    expect(after?.metadata.uid).not.toBe(before.metadata.uid);
    expect(status(c.store.get('EphemeralRunner', 'arc-runners', runner!.metadata.name!))['phase']).toBe(
      'Running',
    );
  });
});
