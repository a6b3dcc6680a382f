/**
 * The doctor's repairs on the simulator: each one done only on an object that still qualifies
 * when read again, with an audit entry; shown and never made under dry-run; refused before any
 * change without the verbs; hands off paused sets; and the races between the pass and the repair.
 */
import { resourceByKind } from '@gloriousflywheel/testkit/kube';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/doctor/audit-entry';
import { runDoctor } from '../../src/doctor/run';
import { writePauseRecord } from '../../src/engine/pause-record';
import { KubeClientGateway, loadKubeConfig } from '../../src/kube/client-gateway';
import type { ClusterGateway } from '../../src/kube/gateway';
import { scenario } from '../scenario';
import { doctorOptions } from './doctor-fixtures';

type S = Awaited<ReturnType<typeof scenario>>;
let s: S | undefined;
afterEach(async () => {
  await s?.cluster.stop();
  s = undefined;
});

const HOUR = 60 * 60_000;
const fix = (over = {}) => doctorOptions({ fix: true, ...over });
const exists = (sc: S, kind: string, ns: string, name: string) =>
  sc.cluster.store.get(kind, ns, name) !== undefined;
const entry = (repairs: AuditEntry[], name: string) => repairs.find((r) => r.object.name === name);
const writesSince = (sc: S, from: number) =>
  sc.cluster.server.log
    .slice(from)
    .filter(
      (r) =>
        ['PATCH', 'PUT', 'DELETE'].includes(r.method) ||
        (r.method === 'POST' && !r.path.includes('accessreviews')),
    );

/** A sick fleet: Failed runners, stuck ones (idle and busy), left-over listeners, old and young finished pods. */
async function sickFleet() {
  const sc = await scenario([
    { name: 'docker', max: 4 },
    { name: 'nix', min: 2, max: 6 },
    { name: 'dind', max: 2 },
  ]);
  sc.cluster.arc.runnerPodRejected('docker');
  sc.cluster.arc.enqueueJob({ scaleSet: 'docker', durationMs: 60_000 });
  sc.cluster.arc.enqueueJob({ scaleSet: 'nix', durationMs: 4 * HOUR });
  await sc.cluster.arc.settle(60_000);
  const stuckIdle = await sc.cluster.arc.runnerStuckTerminating('nix', 1);
  const stuckBusy = await sc.cluster.arc.runnerStuckTerminating('nix', 1, { busy: true });
  const stale = await sc.cluster.arc.staleListener('nix');
  const abandoned = await sc.cluster.arc.abandonListener('dind');
  const oldPods = await sc.cluster.arc.pileUpPods(sc.ns.runners, 3, { phase: 'Succeeded', ageMs: 3 * HOUR });
  const youngPods = await sc.cluster.arc.pileUpPods(sc.ns.runners, 2, {
    phase: 'Failed',
    ageMs: 10 * 60_000,
  });
  await sc.cluster.arc.settle(30_000);
  await sc.clock.sleep(20 * 60_000); // the stuck runners pass stuck-after (15 min)
  const failed = sc.cluster.store
    .list('EphemeralRunner', sc.ns.runners)
    .filter((r) => (r.status as { phase?: string } | undefined)?.phase === 'Failed')
    .map((r) => r.metadata.name!);
  return {
    sc,
    failed,
    stuckIdle: stuckIdle[0]!,
    stuckBusy: stuckBusy[0]!,
    stale,
    abandoned,
    oldPods,
    youngPods,
  };
}

describe('doctor repairs (fix: true)', () => {
  it('makes each safe repair once, leaves what may be busy or is too young, and audits every one', async () => {
    const f = await sickFleet();
    s = f.sc;
    expect(f.failed.length).toBeGreaterThan(0);
    const report = await runDoctor(s.deps, fix());
    const r = report.repairs;
    for (const name of f.failed) {
      expect(entry(r, name)).toMatchObject({ action: 'delete-runner', outcome: 'done', by: 'test (run-1)' });
      expect(entry(r, name)?.before).toMatchObject({ phase: 'Failed' });
    }
    expect(entry(r, f.stuckIdle)).toMatchObject({
      action: 'release-finalizers',
      outcome: 'done',
      after: { gone: true },
    });
    expect(entry(r, f.stuckIdle)?.before?.finalizers?.length).toBeGreaterThan(0);
    // A runner that still holds a job is only reported, with what to do.
    expect(entry(r, f.stuckBusy)).toBeUndefined();
    const busy = report.checks
      .find((c) => c.id === 'runner-stuck-terminating')!
      .findings.find((x) => x.objects[0]?.name === f.stuckBusy);
    expect(busy?.fix).toMatch(/Cancel that job/);
    expect(exists(s, 'EphemeralRunner', s.ns.runners, f.stuckBusy)).toBe(true);
    for (const al of [f.stale, f.abandoned]) {
      expect(entry(r, al)).toMatchObject({ action: 'delete-listener', outcome: 'done' });
    }
    for (const pod of f.oldPods)
      expect(entry(r, pod)).toMatchObject({ action: 'delete-pod', outcome: 'done', after: { gone: true } });
    for (const pod of f.youngPods) {
      expect(entry(r, pod)).toBeUndefined();
      expect(exists(s, 'Pod', s.ns.runners, pod)).toBe(true);
    }
    expect(r.every((e) => e.outcome === 'done' && e.at && e.why)).toBe(true);
    await s.cluster.arc.settle(30_000);
    for (const name of [...f.failed, f.stuckIdle])
      expect(exists(s, 'EphemeralRunner', s.ns.runners, name)).toBe(false);
    for (const al of [f.stale, f.abandoned])
      expect(exists(s, 'AutoscalingListener', s.ns.controller, al)).toBe(false);
    // The controller logs the refused pods and the abandoned listener's missing set as errors, as
    // ARC does; nothing else went wrong.
    const staged = [
      /Failed to create a pod due to unrecoverable failure/,
      new RegExp(`${f.abandoned}: Failed to find AutoscalingRunnerSet`),
    ];
    expect(s.cluster.sim.errors.filter((e) => !staged.some((x) => x.test(e)))).toEqual([]);

    // Runners the set made while the policy still refused pods are Failed in turn: once the cause
    // is gone (the policy fixed) one more pass repairs them, and the next finds nothing to do.
    s.cluster.arc.runnerPodRejected('docker', false);
    const second = await runDoctor(s.deps, fix());
    expect(
      second.repairs.every((e) => e.action === 'delete-runner' && !f.failed.includes(e.object.name)),
    ).toBe(true);
    await s.cluster.arc.settle(30_000);
    const third = await runDoctor(s.deps, fix());
    expect(third.repairs).toEqual([]);
  });

  it('under dry-run shows every repair and changes nothing', async () => {
    const f = await sickFleet();
    s = f.sc;
    const from = s.cluster.server.log.length;
    const report = await runDoctor(s.deps, fix({ dryRun: true }));
    expect(report.repairs.length).toBeGreaterThan(0);
    expect(report.repairs.every((e) => e.outcome === 'dry-run')).toBe(true);
    expect(writesSince(s, from)).toEqual([]);
    for (const name of f.failed) expect(exists(s, 'EphemeralRunner', s.ns.runners, name)).toBe(true);
  });

  it('refuses before any change when the kubeconfig lacks a verb a planned repair needs, naming each', async () => {
    const f = await sickFleet();
    s = f.sc;
    await s.cluster.stop();
    // The same sickness on a cluster with a read-only user.
    const g = await scenario([{ name: 'docker', max: 4 }], {
      cluster: {
        rbac: [
          {
            user: 'reader',
            rules: [
              { verbs: ['get', 'list'], apiGroups: ['*'], resources: ['*'] },
              {
                verbs: ['create'],
                apiGroups: ['authorization.k8s.io'],
                resources: ['selfsubjectaccessreviews'],
              },
            ],
          },
        ],
      },
    });
    s = g;
    g.cluster.arc.runnerPodRejected('docker');
    g.cluster.arc.enqueueJob({ scaleSet: 'docker', durationMs: 60_000 });
    await g.cluster.arc.pileUpPods(g.ns.runners, 2, { phase: 'Succeeded', ageMs: 3 * HOUR });
    await g.cluster.arc.settle(60_000);
    const reader = new KubeClientGateway(loadKubeConfig(g.cluster.kubeconfigFor('reader')));
    const from = g.cluster.server.log.length;
    const error = await runDoctor({ ...g.deps, gw: reader }, fix()).then(
      () => undefined,
      (e: { code?: string; message: string }) => e,
    );
    expect(error?.code).toBe('KUBE_FORBIDDEN');
    expect(error?.message).toContain(`delete ephemeralrunners.actions.github.com in ${g.ns.runners}`);
    expect(error?.message).toContain(`delete pods in ${g.ns.runners}`);
    expect(writesSince(g, from)).toEqual([]);
  });

  it('keeps its hands off a paused set, and says so in the audit', async () => {
    const f = await sickFleet();
    s = f.sc;
    await writePauseRecord(s.gw, s.ns.runners, {
      version: 1,
      runId: 'pause-run',
      createdAt: s.clock.now().toISOString(),
      sets: [
        {
          namespace: s.ns.runners,
          name: 'docker',
          minRunners: 0,
          maxRunners: 4,
          paused: {
            caps: { minRunners: 0, maxRunners: 0 },
            at: s.clock.now().toISOString(),
            runId: 'pause-run',
          },
        },
      ],
    });
    const report = await runDoctor(s.deps, fix());
    for (const name of f.failed) {
      expect(entry(report.repairs, name)).toMatchObject({
        outcome: 'skipped',
        reason: `its scale set ${s.ns.runners}/docker is paused`,
      });
      expect(exists(s, 'EphemeralRunner', s.ns.runners, name)).toBe(true);
    }
  });
});

/** The gateway, with a hook that runs just before the repair re-reads one object (the race window). */
function racing(gw: ClusterGateway, name: string, race: () => Promise<void>): ClusterGateway {
  let raced = false;
  const once = async () => {
    if (raced) return;
    raced = true;
    await race();
  };
  return new Proxy(gw, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'get' && prop !== 'getPod')
        return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        if (args.includes(name)) await once();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

describe('doctor repairs racing the fleet', () => {
  it('a job reaching a stuck runner between the pass and its repair: the re-read sees it, the runner is left', async () => {
    const f = await sickFleet();
    s = f.sc;
    const sc = s;
    // The listener's JobStarted patch arrives late, for the runner being deleted.
    const gw = racing(sc.gw, f.stuckIdle, async () => {
      sc.cluster.store.raw!.patch(
        resourceByKind('EphemeralRunner'),
        sc.ns.runners,
        f.stuckIdle,
        'merge',
        {
          status: { jobId: '4242', jobRepositoryName: 'org/late', jobDisplayName: 'late job' },
        },
        'status',
      );
    });
    const report = await runDoctor({ ...sc.deps, gw }, fix());
    expect(entry(report.repairs, f.stuckIdle)).toMatchObject({
      outcome: 'skipped',
      reason: 'it holds a job now',
    });
    expect(exists(sc, 'EphemeralRunner', sc.ns.runners, f.stuckIdle)).toBe(true);
  });

  it('an object that changes after the re-read: the resourceVersion precondition refuses the change (409)', async () => {
    const f = await sickFleet();
    s = f.sc;
    const sc = s;
    const failed = f.failed[0]!;
    let reads = 0;
    // The first re-read is the repair's; the write then races a status update by the controller.
    const gw = new Proxy(sc.gw, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== 'get') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          const got = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (args[2] === failed && ++reads === 1)
            await sc.gw.patch('EphemeralRunner', sc.ns.runners, failed, {
              metadata: { labels: { touched: 'yes' } },
            });
          return got;
        };
      },
    });
    const report = await runDoctor({ ...sc.deps, gw }, fix());
    expect(entry(report.repairs, failed)).toMatchObject({ outcome: 'skipped' });
    expect(entry(report.repairs, failed)?.reason).toContain('409');
    expect(exists(sc, 'EphemeralRunner', sc.ns.runners, failed)).toBe(true);
  });

  it('a listener recreated between the pass and its repair is not the one judged: left alone', async () => {
    const f = await sickFleet();
    s = f.sc;
    const sc = s;
    const gw = racing(sc.gw, f.stale, async () => {
      const al = sc.cluster.store.get('AutoscalingListener', sc.ns.controller, f.stale)!;
      await sc.gw.patch('AutoscalingListener', sc.ns.controller, f.stale, { metadata: { finalizers: null } });
      await sc.gw.delete('AutoscalingListener', sc.ns.controller, f.stale);
      // Recreated under the same name (as an operator re-applying an old manifest would): a new uid.
      const { name, namespace, labels, annotations } = al.metadata;
      sc.cluster.store.raw!.create(resourceByKind('AutoscalingListener'), sc.ns.controller, {
        apiVersion: al.apiVersion,
        kind: al.kind,
        metadata: { name, namespace, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) },
        spec: al.spec,
      } as never);
    });
    const report = await runDoctor({ ...sc.deps, gw }, fix());
    expect(entry(report.repairs, f.stale)).toMatchObject({
      outcome: 'skipped',
      reason: 'it was recreated since the pass',
    });
    expect(exists(sc, 'AutoscalingListener', sc.ns.controller, f.stale)).toBe(true);
  });

  it('a connection cut mid-pass fails the pass with its code, before any repair', async () => {
    const f = await sickFleet();
    s = f.sc;
    s.cluster.server.inject({ method: 'GET', path: /\/ephemeralrunners$/, reset: true, times: 10 });
    const from = s.cluster.server.log.length;
    const error = await runDoctor(s.deps, fix()).then(
      () => undefined,
      (e: { code?: string }) => e,
    );
    expect(error?.code).toBe('KUBE_UNREACHABLE');
    expect(writesSince(s, from)).toEqual([]);
  });
});
