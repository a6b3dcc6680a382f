/**
 * The doctor's repairs on the simulator: each one done only on an object that still qualifies
 * when read again, with an audit entry; shown and never made under dry-run; refused before any
 * change without the verbs; hands off paused sets; and the races between the pass and the repair.
 * The same bodies run on the fake (repairs.test.ts) and on a real API server (repairs.real.test.ts),
 * where ages are wall-clock seconds (see doctor-fixtures.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/doctor/audit-entry';
import { runDoctor } from '../../src/doctor/run';
import { writePauseRecord } from '../../src/engine/pause-record';
import { KubeClientGateway, loadKubeConfig } from '../../src/kube/client-gateway';
import type { ClusterGateway } from '../../src/kube/gateway';
import { type BackendKind, useBackend } from '../backend';
import { doctorOptionsOn, thresholdsOn } from './doctor-fixtures';
import { type DoctorScenario, doctorScenario, waitPast } from './doctor-scenario';

type S = DoctorScenario;

const HOUR = 60 * 60_000;
const fix = (sc: S, over = {}) => doctorOptionsOn(sc, { fix: true, ...over });
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

/** A write through the cluster's front, as another client makes it (the listener, an operator). */
async function write(sc: S, method: 'PATCH' | 'POST', path: string, body: unknown): Promise<void> {
  const res = await fetch(`${sc.cluster.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${sc.cluster.token}`,
      'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

const arcPath = (ns: string, plural: string) =>
  `/apis/actions.github.com/v1alpha1/namespaces/${ns}/${plural}`;

/** Polls until `check` holds, with a deadline generous for a busy machine (never a fixed sleep). */
async function until(what: string, check: () => Promise<boolean>, deadlineMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > deadlineMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A sick fleet: Failed runners, stuck ones (idle and busy), left-over listeners, old and young finished pods. */
async function sickFleet() {
  const sc = await doctorScenario([
    { name: 'docker', max: 4 },
    { name: 'nix', min: 2, max: 6 },
    { name: 'dind', max: 2 },
  ]);
  const t = thresholdsOn(sc);
  sc.cluster.arc.runnerPodRejected('docker');
  sc.cluster.arc.enqueueJob({ scaleSet: 'docker', durationMs: 60_000 });
  sc.cluster.arc.enqueueJob({ scaleSet: 'nix', durationMs: 4 * HOUR });
  await sc.cluster.arc.settle(60_000);
  const stuckIdle = await sc.cluster.arc.runnerStuckTerminating('nix', 1);
  const stuckBusy = await sc.cluster.arc.runnerStuckTerminating('nix', 1, { busy: true });
  const stale = await sc.cluster.arc.staleListener('nix');
  const abandoned = await sc.cluster.arc.abandonListener('dind');
  const oldPods = await sc.cluster.arc.pileUpPods(sc.ns.runners, 3, { phase: 'Succeeded', ageMs: 3 * HOUR });
  // A real API server stamps creation with its own clock: there the old pods get old by waiting
  // (the stuck runners pass stuck-after meanwhile), and the young ones are made after.
  await waitPast(sc, Math.max(t.podAgeMs, t.stuckAfterMs), 0);
  const youngPods = await sc.cluster.arc.pileUpPods(sc.ns.runners, 2, {
    phase: 'Failed',
    ageMs: 10 * 60_000,
  });
  await sc.cluster.arc.settle(30_000);
  if (!sc.onWallClock) await sc.clock.sleep(20 * 60_000); // the stuck runners pass stuck-after (15 min)
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

/**
 * How long one test may take: on a real API server each sick fleet waits, in real time, for its
 * old pods and stuck runners to pass their thresholds (about 35 s), on a busy machine.
 */
const timeoutOf = (kind: BackendKind) => (kind === 'real' ? 240_000 : undefined);

/** The repairs, the dry run, the refusal and the paused set (the races are in describeRepairRaces). */
export function describeRepairs(kind: BackendKind): void {
  useBackend(kind);
  const timeout = timeoutOf(kind);
  let s: S | undefined;

  describe(`doctor repairs (fix: true) on the ${kind} backend`, { timeout }, () => {
    afterEach(async () => {
      await s?.cluster.stop();
      s = undefined;
    });

    it('makes each safe repair once, leaves what may be busy or is too young, and audits every one', async () => {
      const f = await sickFleet();
      s = f.sc;
      expect(f.failed.length).toBeGreaterThan(0);
      const report = await runDoctor(s.deps, fix(s));
      const r = report.repairs;
      for (const name of f.failed) {
        expect(entry(r, name)).toMatchObject({
          action: 'delete-runner',
          outcome: 'done',
          by: 'test (run-1)',
        });
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
        expect(entry(r, pod)).toMatchObject({
          action: 'delete-pod',
          outcome: 'done',
          after: { gone: true },
        });
      for (const pod of f.youngPods) {
        expect(entry(r, pod)).toBeUndefined();
        expect(exists(s, 'Pod', s.ns.runners, pod)).toBe(true);
      }
      // On the wall clock the abandoned listener's Failed pod is older than the old pods (it was made
      // before them, and a creationTimestamp cannot be back-dated): it has piled up too, and goes
      // with its listener when that repair comes first.
      const withListener = (e: AuditEntry) =>
        f.sc.onWallClock && e.object.kind === 'Pod' && e.object.name === f.abandoned;
      for (const e of r.filter(withListener))
        expect(e.outcome === 'done' || e.reason === 'it is gone already', JSON.stringify(e)).toBe(true);
      expect(r.filter((e) => !withListener(e)).every((e) => e.outcome === 'done' && e.at && e.why)).toBe(
        true,
      );
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
      const second = await runDoctor(s.deps, fix(s));
      expect(
        second.repairs.every((e) => e.action === 'delete-runner' && !f.failed.includes(e.object.name)),
      ).toBe(true);
      await s.cluster.arc.settle(30_000);
      const third = await runDoctor(s.deps, fix(s));
      expect(third.repairs).toEqual([]);
    });

    it('under dry-run shows every repair and changes nothing', async () => {
      const f = await sickFleet();
      s = f.sc;
      const from = s.cluster.server.log.length;
      const report = await runDoctor(s.deps, fix(s, { dryRun: true }));
      expect(report.repairs.length).toBeGreaterThan(0);
      expect(report.repairs.every((e) => e.outcome === 'dry-run')).toBe(true);
      expect(writesSince(s, from)).toEqual([]);
      for (const name of f.failed) expect(exists(s, 'EphemeralRunner', s.ns.runners, name)).toBe(true);
    });

    it('refuses before any change when the kubeconfig lacks a verb a planned repair needs, naming each', async () => {
      // A sick fleet on a cluster with a read-only user.
      const g = await doctorScenario([{ name: 'docker', max: 4 }], {
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
      await waitPast(g, thresholdsOn(g).podAgeMs, 0); // on a real API server, the pods get old by waiting
      await g.cluster.arc.settle(60_000);
      const reader = new KubeClientGateway(loadKubeConfig(g.cluster.kubeconfigFor('reader')));
      const from = g.cluster.server.log.length;
      const error = await runDoctor({ ...g.deps, gw: reader }, fix(g)).then(
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
      const report = await runDoctor(s.deps, fix(s));
      for (const name of f.failed) {
        expect(entry(report.repairs, name)).toMatchObject({
          outcome: 'skipped',
          reason: `its scale set ${s.ns.runners}/docker is paused`,
        });
        expect(exists(s, 'EphemeralRunner', s.ns.runners, name)).toBe(true);
      }
    });
  });
}

/** The races between the doctor's pass and its repairs. */
export function describeRepairRaces(kind: BackendKind): void {
  useBackend(kind);
  const timeout = timeoutOf(kind);
  let s: S | undefined;

  describe(`doctor repairs racing the fleet on the ${kind} backend`, { timeout }, () => {
    afterEach(async () => {
      await s?.cluster.stop();
      s = undefined;
    });

    it('a job reaching a stuck runner between the pass and its repair: the re-read sees it, the runner is left', async () => {
      const f = await sickFleet();
      s = f.sc;
      const sc = s;
      // The listener's JobStarted patch arrives late, for the runner being deleted.
      const gw = racing(sc.gw, f.stuckIdle, () =>
        write(sc, 'PATCH', `${arcPath(sc.ns.runners, 'ephemeralrunners')}/${f.stuckIdle}/status`, {
          status: { jobId: '4242', jobRepositoryName: 'org/late', jobDisplayName: 'late job' },
        }),
      );
      const report = await runDoctor({ ...sc.deps, gw }, fix(sc));
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
      const report = await runDoctor({ ...sc.deps, gw }, fix(sc));
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
        await sc.gw.patch('AutoscalingListener', sc.ns.controller, f.stale, {
          metadata: { finalizers: null },
        });
        await sc.gw.delete('AutoscalingListener', sc.ns.controller, f.stale);
        // It is gone once the controller has cleaned up after it (at once on the simulated clock).
        await until(
          `${f.stale} gone`,
          async () => !(await sc.gw.get('AutoscalingListener', sc.ns.controller, f.stale)),
        );
        // Recreated under the same name (as an operator re-applying an old manifest would): a new uid.
        const { name, namespace, labels, annotations } = al.metadata;
        await write(sc, 'POST', arcPath(sc.ns.controller, 'autoscalinglisteners'), {
          apiVersion: al.apiVersion,
          kind: al.kind,
          metadata: {
            name,
            namespace,
            ...(labels ? { labels } : {}),
            ...(annotations ? { annotations } : {}),
          },
          spec: al.spec,
        });
      });
      const report = await runDoctor({ ...sc.deps, gw }, fix(sc));
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
      const error = await runDoctor(s.deps, fix(s)).then(
        () => undefined,
        (e: { code?: string }) => e,
      );
      expect(error?.code).toBe('KUBE_UNREACHABLE');
      expect(writesSince(s, from)).toEqual([]);
    });
  });
}
