import { FlywheelError } from '@gloriousflywheel/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { driftReport } from '../src/engine/drift';
import { runPause } from '../src/engine/pause';
import { PAUSE_CONFIGMAP, readPauseRecord } from '../src/engine/pause-record';
import { newPauseReport } from '../src/engine/pause-report';
import { runApply } from '../src/engine/pipeline';
import { prove } from '../src/engine/prove';
import { reapLeakedRunners } from '../src/engine/reap';
import { newReport } from '../src/engine/report';
import { runResume } from '../src/engine/resume';
import { provenRollback, rollback } from '../src/engine/rollback';
import { parseSchedule } from '../src/engine/schedule';
import { readSnapshot } from '../src/engine/snapshot';
import { warmPool } from '../src/engine/warm-pool';
import type { ClusterGateway } from '../src/kube/gateway';
import { type Ars, type Er, type Listener, listenerCapsOf } from '../src/kube/types';
import { rollbackWords } from '../src/summary';
import { type BackendKind, useBackend } from './backend';
import { scenario } from './scenario';

type S = Awaited<ReturnType<typeof scenario>>;
let current: S | undefined;
afterEach(async () => {
  await current?.cluster.stop();
  current = undefined;
});

async function setup(...args: Parameters<typeof scenario>) {
  current = await scenario(...args);
  return current;
}

async function failure(p: Promise<unknown>): Promise<FlywheelError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error('expected the run to fail');
}

async function listenerCaps(s: S, name: string) {
  const ls = await s.gw.list<Listener>('AutoscalingListener', s.ns.controller);
  const l = ls.find((x) => x.spec?.autoscalingRunnerSetName === name);
  if (!l) return undefined;
  const caps = listenerCapsOf(l);
  return { min: caps.minRunners, max: caps.maxRunners };
}

const FOUR = [
  { name: 'nix', max: 4, labels: ['tinyland-nix'] },
  { name: 'docker', max: 4, labels: ['tinyland-docker'] },
  { name: 'dind', max: 4, labels: ['tinyland-dind'] },
  { name: 'heavy', max: 2, labels: ['tinyland-nix-heavy'] },
];

/** Polls until `check` holds, with a deadline generous for a busy machine (never a fixed sleep). */
async function until(what: string, check: () => Promise<boolean>, deadlineMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > deadlineMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What the listener does on JobStarted: a merge patch of the runner's status with the job fields. */
async function assignJob(s: S, runner: string): Promise<void> {
  const res = await fetch(
    `${s.cluster.url}/apis/actions.github.com/v1alpha1/namespaces/${s.ns.runners}/ephemeralrunners/${runner}/status`,
    {
      method: 'PATCH',
      headers: { authorization: `Bearer ${s.cluster.token}`, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({
        status: {
          jobRequestId: 77,
          jobId: 'job-77',
          jobRepositoryName: 'org/late',
          jobDisplayName: 'late job',
        },
      }),
    },
  );
  if (!res.ok) throw new Error(`assign job: ${res.status} ${await res.text()}`);
}

/** Rows in name order: the API lists objects by name, the tests should not depend on it. */
const byName = <T extends { name: string }>(rows: T[]): T[] =>
  [...rows].sort((a, b) => a.name.localeCompare(b.name));

/** Pauses `sets` with the scenario's settings (and the apply's freeze), as mode: pause does. */
async function pause(
  s: S,
  sets: string[],
  over: { drain?: boolean; runId?: string; freezeMode?: 'zero' | 'cap-current' } = {},
) {
  const report = newPauseReport('pause', false);
  const { drain = false, runId = 'pause-run', freezeMode = 'zero' } = over;
  await runPause(s.deps, { ...s.config({ runId, freezeMode }), scaleSets: sets, drain }, report);
  return report;
}

/** Resumes `sets`, as mode: resume does, with the scenario's proof settings. */
async function resume(s: S, sets: string[]) {
  const report = newPauseReport('resume', false);
  const c = s.config();
  await runResume(
    s.deps,
    {
      scaleSets: sets,
      dryRun: false,
      proof: { graceMs: c.graceMs, timeoutMs: c.proveTimeoutMs, stableForMs: c.stableForMs },
      retry: { attempts: 6, baseDelayMs: 200 },
    },
    report,
  );
  return report;
}

/** Writes to one scale set through the cluster's front, as a person or another tool would. */
function arsWrites(s: S, name: string) {
  return s.cluster.server.requests(
    'PATCH',
    `/apis/actions.github.com/v1alpha1/namespaces/${s.ns.runners}/autoscalingrunnersets/${name}`,
  );
}

/**
 * Every arc-apply scenario, on one backend: the testkit's fake, or a real API server (one per test
 * file, a cluster in fresh namespaces per scenario). The bodies are the same on both.
 */
export function describeScenarios(kind: BackendKind): void {
  useBackend(kind);

  describe(`arc-apply on the simulated cluster (${kind} backend)`, () => {
    it('happy path: 4 sets with busy runners, caps changed on two → restored to targets and proven', async () => {
      const s = await setup(FOUR, {
        targets: {
          nix: { min_runners: 0, max_runners: 8 },
          docker: { min_runners: 1, max_runners: 3 },
          dind: { min_runners: 0, max_runners: 4 },
          heavy: { min_runners: 0, max_runners: 2 },
        },
      });
      s.cluster.arc.enqueueJob({ scaleSet: 'nix', repository: 'org/app', durationMs: 3 * 60_000 });
      s.cluster.arc.enqueueJob({ scaleSet: 'docker', repository: 'org/web', durationMs: 2 * 60_000 });
      await s.cluster.arc.settle(30_000);
      const report = newReport(false);
      await runApply(s.deps, s.config(), report);
      expect(report.outcome).toBe('succeeded');
      expect(report.frozenSets).toHaveLength(4);
      expect(report.drain!.waitedMs).toBeGreaterThan(0);
      expect(s.log.lines.some((l) => /drain: \d+ busy runner\(s\).*org\/(app|web)/.test(l))).toBe(true);
      expect(await s.caps('nix')).toEqual({ min: 0, max: 8 });
      expect(await s.caps('docker')).toEqual({ min: 1, max: 3 });
      expect(await s.caps('heavy')).toEqual({ min: 0, max: 2 });
      expect(await listenerCaps(s, 'nix')).toEqual({ min: 0, max: 8 });
      expect(await listenerCaps(s, 'docker')).toEqual({ min: 1, max: 3 });
      expect(report.proof.map((p) => p.proven)).toEqual([true, true, true, true]);
      expect(report.phases.map((p) => p.name)).toEqual([
        'preflight',
        'scope',
        'reap',
        'freeze',
        'drain',
        'plan',
        'guard',
        'apply',
        'restore',
        'prove',
      ]);
      expect(await readSnapshot(s.gw, s.ns.runners)).toBeUndefined();
      expect(report.sets.find((r) => r.name === 'docker')).toMatchObject({
        before: { minRunners: 0, maxRunners: 4 },
        frozen: { minRunners: 0, maxRunners: 0 },
        target: { minRunners: 1, maxRunners: 3 },
        proven: true,
      });
    });

    it('leaves a reap candidate alone when a job lands on it between selection and deletion', async () => {
      const s = await setup([{ name: 'nix', max: 4 }]);
      s.cluster.arc.leakIdleRunners('nix', 2);
      await s.cluster.arc.settle(30_000);
      const leaked = (await s.gw.list<Er>('EphemeralRunner', s.ns.runners)).map((r) => r.metadata.name);
      expect(leaked).toHaveLength(2);
      let victim: string | undefined;
      // Between the list and the just-in-time re-read, the listener assigns a job to the first one.
      const racing: ClusterGateway = Object.create(s.gw);
      racing.get = async (kind, ns, name) => {
        if (kind === 'EphemeralRunner' && !victim) {
          victim = name;
          await assignJob(s, name);
        }
        return s.gw.get(kind, ns, name);
      };
      const report = newReport(false);
      // The job was written by hand, so the simulator never finishes it: let the drain proceed.
      await runApply(
        { ...s.deps, gw: racing },
        s.config({ drainTimeoutMs: 60_000, onDrainTimeout: 'proceed' }),
        report,
      );
      expect(report.reap!.skipped).toEqual([{ name: victim, why: 'a job arrived' }]);
      expect(report.reap!.reaped.map((r) => r.name)).toEqual(leaked.filter((n) => n !== victim));
      const deletes = s.cluster.server.requests(
        'DELETE',
        `/apis/actions.github.com/v1alpha1/namespaces/${s.ns.runners}/ephemeralrunners/`,
      );
      expect(deletes.map((r) => r.path.split('/').pop())).not.toContain(victim);
    });

    it('listener churn during the proof is transient and passes once settled', async () => {
      const s = await setup([{ name: 'nix', max: 4 }], {
        targets: { nix: { min_runners: 0, max_runners: 6 } },
      });
      const report = newReport(false);
      await runApply(s.deps, s.config(), report, {
        afterPhase: (name) => {
          if (name === 'restore') s.cluster.arc.churnListener('nix', 3, 20_000);
        },
      });
      expect(report.outcome).toBe('succeeded');
      expect(await listenerCaps(s, 'nix')).toEqual({ min: 0, max: 6 });
    });

    it('a listener stuck with old caps fails the proof fast, naming the set, and rolls back', async () => {
      const s = await setup(FOUR.slice(0, 2), {
        targets: { nix: { min_runners: 0, max_runners: 6 }, docker: { min_runners: 0, max_runners: 6 } },
      });
      s.cluster.arc.stickListenerCaps('docker');
      const report = newReport(false);
      const start = s.clock.now().getTime();
      const error = await failure(runApply(s.deps, s.config(), report));
      expect(error.code).toBe('PROOF_FAILED');
      expect(error.message).toMatch(/^docker: stable drift/);
      const proveStart = Date.parse(report.phases.find((p) => p.name === 'prove')!.start);
      expect(s.clock.now().getTime() - proveStart).toBeLessThan(10 * 60_000); // long before prove-timeout
      expect(s.clock.now().getTime()).toBeGreaterThan(start);
      expect(report.rollback?.restored.map((r) => r.name).sort()).toEqual(['docker', 'nix']);
      expect(await s.caps('docker')).toEqual({ min: 0, max: 4 });
    });

    it('a listener the controller cannot make (its Deployment has no available replica) fails the proof after the grace window', async () => {
      const s = await setup([{ name: 'nix', max: 4 }]);
      await s.cluster.arc.controllerUnavailable();
      // Deleted while no controller runs: its finalizer holds it, and nothing makes a new one.
      const [listener] = await s.gw.list<Listener>('AutoscalingListener', s.ns.controller);
      const res = await fetch(
        `${s.cluster.url}/apis/actions.github.com/v1alpha1/namespaces/${s.ns.controller}/autoscalinglisteners/${listener!.metadata.name}`,
        { method: 'DELETE', headers: { authorization: `Bearer ${s.cluster.token}` } },
      );
      expect(res.ok).toBe(true);
      const c = s.config();
      const target = { key: `${s.ns.runners}/nix`, namespace: s.ns.runners, name: 'nix' };
      const proof = () =>
        prove(s.deps, [{ ...target, target: { minRunners: 0, maxRunners: 4 } }], {
          graceMs: c.graceMs,
          timeoutMs: c.proveTimeoutMs,
          stableForMs: c.stableForMs,
          controllerVersion: undefined,
          phaseAware: false,
        });
      const start = s.clock.now().getTime();
      const error = await failure(proof());
      expect(error.code).toBe('PROOF_FAILED');
      expect(error.message).toMatch(
        /^nix: listener missing and the ARC controller is down for .*no available replica/,
      );
      expect(error.hint).toContain('controller-available');
      const waited = s.clock.now().getTime() - start;
      expect(waited).toBeGreaterThanOrEqual(c.graceMs);
      expect(waited).toBeLessThan(c.proveTimeoutMs);
      // Once the controller is back it makes the listener, and the same proof passes.
      await s.cluster.arc.controllerUnavailable(false);
      expect((await proof()).map((p) => p.proven)).toEqual([true]);
    });

    it('apply fails → caps restored from the snapshot', async () => {
      const s = await setup(FOUR.slice(0, 2), { standin: { failApply: true } });
      const report = newReport(false);
      const error = await failure(runApply(s.deps, s.config(), report));
      expect(error.code).toBe('APPLY_FAILED');
      expect(report.rollback?.error).toBeUndefined();
      expect(await s.caps('nix')).toEqual({ min: 0, max: 4 });
      expect(await s.caps('docker')).toEqual({ min: 0, max: 4 });
      expect(await readSnapshot(s.gw, s.ns.runners)).toBeUndefined();
    });

    it('the process dies after the freeze → the post phase, or mode: restore, restores from the cluster', async () => {
      for (const via of ['post', 'restore'] as const) {
        const s = await setup([{ name: 'nix', min: 1, max: 4 }]);
        void runApply(s.deps, s.config({ runId: 'dead-run' }), newReport(false), {
          afterPhase: (name) => (name === 'freeze' ? new Promise<void>(() => {}) : undefined),
        });
        await until(
          'the snapshot to be written',
          async () => (await readSnapshot(s.gw, s.ns.runners)) !== undefined,
        );
        await until('the set to be frozen', async () => (await s.caps('nix')).max === 0);
        expect(await s.caps('nix')).toEqual({ min: 0, max: 0 });
        const result = await rollback(s.deps, via === 'post' ? { onlyRunId: 'dead-run' } : {});
        expect(result.source).toBe('cluster');
        expect(await s.caps('nix')).toEqual({ min: 1, max: 4 });
        expect(await readSnapshot(s.gw, s.ns.runners)).toBeUndefined();
        // Idempotent: a second post finds nothing to do.
        expect((await rollback(s.deps, { onlyRunId: 'dead-run' })).source).toBe('none');
        await s.cluster.stop();
        current = undefined;
      }
    });

    it('eventual strategy with minRunners > 0 does not deadlock', async () => {
      const s = await setup([{ name: 'nix', min: 1, max: 4 }], {
        cluster: { updateStrategy: 'eventual' },
        targets: { nix: { min_runners: 1, max_runners: 6 } },
      });
      await s.cluster.arc.settle(60_000);
      const report = newReport(false);
      await runApply(s.deps, s.config(), report);
      expect(report.outcome).toBe('succeeded');
      expect(await listenerCaps(s, 'nix')).toEqual({ min: 1, max: 6 });
    });

    it('a version label of another minor version is rejected by the guard, nothing applied', async () => {
      const s = await setup([{ name: 'nix', max: 4 }], {
        standin: { versionLabel: '0.13.1' },
        targets: { nix: { min_runners: 0, max_runners: 6 } },
      });
      const report = newReport(false);
      const error = await failure(runApply(s.deps, s.config(), report));
      expect(error.code).toBe('PLAN_GUARD_REJECTED');
      expect(error.message).toContain('kubernetes_manifest.runner_set["nix"]: version-label');
      expect(report.applied).toBe(false);
      expect(await s.caps('nix')).toEqual({ min: 0, max: 4 });
    });

    it('missing RBAC fails before any change, listing what is missing', async () => {
      const s = await setup([{ name: 'nix', max: 4 }], {
        cluster: {
          rbac: [
            {
              user: 'limited',
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
      const { KubeClientGateway, loadKubeConfig } = await import('../src/kube/client-gateway');
      const limited = new KubeClientGateway(loadKubeConfig(s.cluster.kubeconfigFor('limited')));
      const before = s.cluster.server.log.length;
      const error = await failure(runApply({ ...s.deps, gw: limited }, s.config(), newReport(false)));
      expect(error.code).toBe('KUBE_FORBIDDEN');
      expect(error.message).toContain(`patch autoscalingrunnersets.actions.github.com in ${s.ns.runners}`);
      expect(error.message).toContain(`delete ephemeralrunners.actions.github.com in ${s.ns.runners}`);
      const writes = s.cluster.server.log
        .slice(before)
        .filter(
          (r) =>
            ['PATCH', 'PUT', 'DELETE'].includes(r.method) ||
            (r.method === 'POST' && !r.path.includes('accessreviews')),
        );
      expect(writes).toEqual([]);
    });

    it('drain timeout: fail rolls back, proceed applies', async () => {
      for (const onDrainTimeout of ['fail', 'proceed'] as const) {
        const s = await setup([{ name: 'nix', max: 4 }], {
          targets: { nix: { min_runners: 0, max_runners: 5 } },
        });
        s.cluster.arc.runnerNeverFinishes('nix');
        s.cluster.arc.enqueueJob({ scaleSet: 'nix', repository: 'org/slow', durationMs: 60_000 });
        await s.cluster.arc.settle(30_000);
        const report = newReport(false);
        const run = runApply(s.deps, s.config({ drainTimeoutMs: 2 * 60_000, onDrainTimeout }), report);
        if (onDrainTimeout === 'fail') {
          const error = await failure(run);
          expect(error.code).toBe('DRAIN_TIMEOUT');
          expect(error.message).toContain('org/slow');
          expect(await s.caps('nix')).toEqual({ min: 0, max: 4 });
        } else {
          await run;
          expect(report.drain?.timedOut).toBe(true);
          expect(report.outcome).toBe('succeeded');
          expect(await s.caps('nix')).toEqual({ min: 0, max: 5 });
        }
        await s.cluster.stop();
        current = undefined;
      }
    });

    it('refuses to freeze its own lane (SELF_LANE) and changes nothing', async () => {
      const s = await setup([
        { name: 'operator', max: 1 },
        { name: 'nix', max: 4 },
      ]);
      s.cluster.arc.enqueueJob({ scaleSet: 'operator', durationMs: 60 * 60_000 });
      await s.cluster.arc.settle(30_000);
      const runner = (await s.gw.list<Er>('EphemeralRunner', s.ns.runners)).find((r) =>
        r.metadata.name.startsWith('operator-'),
      )!;
      const error = await failure(
        runApply(s.deps, s.config({ runnerName: runner.metadata.name }), newReport(false)),
      );
      expect(error.code).toBe('SELF_LANE');
      expect(await s.caps('operator')).toEqual({ min: 0, max: 1 });
      const ok = newReport(false);
      await runApply(s.deps, s.config({ runnerName: runner.metadata.name, scaleSets: ['nix'] }), ok);
      expect(ok.outcome).toBe('succeeded');
    });

    it('409 conflicts and 500s on patches are retried on a fresh read', async () => {
      const s = await setup([{ name: 'nix', max: 4 }], {
        targets: { nix: { min_runners: 0, max_runners: 6 } },
      });
      const path = `/apis/actions.github.com/v1alpha1/namespaces/${s.ns.runners}/autoscalingrunnersets/nix`;
      s.cluster.server.inject({
        method: 'PATCH',
        path,
        status: 409,
        body: { kind: 'Status', code: 409, reason: 'Conflict' },
        times: 2,
      });
      s.cluster.server.inject({
        method: 'PATCH',
        path,
        status: 500,
        body: { kind: 'Status', code: 500 },
        times: 2,
      });
      const report = newReport(false);
      await runApply(s.deps, s.config(), report);
      expect(report.outcome).toBe('succeeded');
      expect(
        s.cluster.server.requests('PATCH', path).filter((r) => r.status === 409 || r.status === 500),
      ).toHaveLength(4);
      expect(await s.caps('nix')).toEqual({ min: 0, max: 6 });
    });
  });

  describe(`arc-apply scope and dry run (${kind} backend)`, () => {
    it('without scale-sets, scopes to the sets the plan changes', async () => {
      const s = await setup(FOUR.slice(0, 3), {
        targets: {
          nix: { min_runners: 0, max_runners: 7 },
          docker: { min_runners: 0, max_runners: 4 },
          dind: { min_runners: 0, max_runners: 4 },
        },
      });
      const report = newReport(false);
      await runApply(s.deps, s.config({ scaleSets: [] }), report);
      expect(report.scope).toEqual([{ name: 'nix', namespace: s.ns.runners, reasons: ['plan'] }]);
      expect(report.frozenSets).toEqual([`${s.ns.runners}/nix`]);
      expect(await s.caps('nix')).toEqual({ min: 0, max: 7 });
    });

    it('dry run lists what it would reap and freeze, plans and guards, and changes nothing', async () => {
      const s = await setup([{ name: 'nix', max: 4 }], {
        targets: { nix: { min_runners: 0, max_runners: 6 } },
      });
      await s.cluster.arc.leakIdleRunners('nix', 2);
      await s.cluster.arc.settle(30_000);
      const before = s.cluster.server.log.length;
      const report = newReport(true);
      await runApply(s.deps, s.config({ dryRun: true }), report);
      expect(report.outcome).toBe('dry-run');
      expect(report.reap?.wouldReap).toHaveLength(2);
      expect(report.reap?.reaped).toEqual([]);
      expect(report.sets[0]).toMatchObject({
        before: { minRunners: 0, maxRunners: 4 },
        frozen: { minRunners: 0, maxRunners: 0 },
      });
      expect(report.plan?.changes).toEqual([
        { address: 'kubernetes_manifest.runner_set["nix"]', actions: ['update'] },
      ]);
      const writes = s.cluster.server.log
        .slice(before)
        .filter((r) => r.method !== 'GET' && !r.path.includes('accessreviews'));
      expect(writes).toEqual([]);
      expect(await s.caps('nix')).toEqual({ min: 0, max: 4 });
    });
  });

  describe(`arc-apply pause and resume (${kind} backend)`, () => {
    it('pause freezes the named sets with a durable record; pausing again is a no-op that says so', async () => {
      const s = await setup(FOUR.slice(0, 3));
      const report = await pause(s, ['tinyland-nix', 'docker']);
      expect(report.outcome).toBe('succeeded');
      expect(report.sets.map((r) => [r.name, r.outcome]).sort()).toEqual([
        ['docker', 'paused'],
        ['nix', 'paused'],
      ]);
      expect(await s.caps('nix')).toEqual({ min: 0, max: 0 });
      expect(await s.caps('docker')).toEqual({ min: 0, max: 0 });
      expect(await s.caps('dind')).toEqual({ min: 0, max: 4 });
      await s.cluster.arc.settle(60_000);
      expect(await listenerCaps(s, 'nix')).toEqual({ min: 0, max: 0 });
      const record = await readPauseRecord(s.gw, s.ns.runners);
      expect(
        byName(record?.sets ?? []).map((e) => [e.name, e.minRunners, e.maxRunners, e.paused?.caps]),
      ).toEqual([
        ['docker', 0, 4, { minRunners: 0, maxRunners: 0 }],
        ['nix', 0, 4, { minRunners: 0, maxRunners: 0 }],
      ]);
      // The pause is not an apply's rollback source: nothing for mode: restore to undo.
      expect(await readSnapshot(s.gw, s.ns.runners)).toBeUndefined();

      const patches = arsWrites(s, 'nix').length;
      const again = await pause(s, ['nix'], { runId: 'second-pause' });
      expect(again.sets).toEqual([
        expect.objectContaining({
          name: 'nix',
          outcome: 'already-paused',
          note: expect.stringContaining('pause-run'),
        }),
      ]);
      expect(s.log.lines).toContain(
        `${s.ns.runners}/nix: already paused (${again.sets[0]!.note}): nothing to do`,
      );
      expect(arsWrites(s, 'nix')).toHaveLength(patches);
      // The recorded caps are still the pre-pause ones, not the paused 0/0.
      const kept = (await readPauseRecord(s.gw, s.ns.runners))?.sets.find((e) => e.name === 'nix');
      expect(kept).toMatchObject({ minRunners: 0, maxRunners: 4, paused: { runId: 'pause-run' } });
    });

    it('resume gives the pre-pause caps back and proves the listeners; resuming again is a no-op', async () => {
      const s = await setup([
        { name: 'nix', min: 1, max: 4 },
        { name: 'docker', max: 3 },
      ]);
      await pause(s, ['nix', 'docker']);
      const report = await resume(s, ['nix', 'docker']);
      expect(report.outcome).toBe('succeeded');
      expect(byName(report.sets).map((r) => [r.name, r.outcome, r.proven])).toEqual([
        ['docker', 'resumed', true],
        ['nix', 'resumed', true],
      ]);
      expect(report.proof?.proven).toBe(true);
      expect(await s.caps('nix')).toEqual({ min: 1, max: 4 });
      expect(await listenerCaps(s, 'nix')).toEqual({ min: 1, max: 4 });
      expect(await listenerCaps(s, 'docker')).toEqual({ min: 0, max: 3 });
      expect(await s.gw.getConfigMap(s.ns.runners, PAUSE_CONFIGMAP)).toBeUndefined();

      const patches = arsWrites(s, 'nix').length;
      const again = await resume(s, ['nix']);
      expect(again.outcome).toBe('succeeded');
      expect(again.sets).toEqual([expect.objectContaining({ name: 'nix', outcome: 'not-paused' })]);
      expect(again.proof).toEqual({ proven: true, sets: [] });
      expect(arsWrites(s, 'nix')).toHaveLength(patches);
    });

    it('resume of one set leaves the others paused in the record', async () => {
      const s = await setup(FOUR.slice(0, 2));
      await pause(s, ['nix', 'docker']);
      await resume(s, ['docker']);
      expect(await s.caps('docker')).toEqual({ min: 0, max: 4 });
      expect(await s.caps('nix')).toEqual({ min: 0, max: 0 });
      expect((await readPauseRecord(s.gw, s.ns.runners))?.sets.map((e) => e.name)).toEqual(['nix']);
      // Drift shows the held set as paused, not as caps to repair; the resumed one is clean.
      await s.cluster.arc.settle(60_000);
      const drift = await driftReport(
        s.deps,
        new Map([
          ['nix', { minRunners: 0, maxRunners: 4 }],
          ['docker', { minRunners: 0, maxRunners: 4 }],
        ]),
        undefined,
      );
      expect(drift.items.map((i) => [i.scaleSet, i.kind, i.severity])).toEqual([['nix', 'paused', 'low']]);
    });

    it('resume without a pause record fails with RESUME_NO_SNAPSHOT and changes nothing', async () => {
      const s = await setup([
        { name: 'nix', min: 0, max: 0 },
        { name: 'docker', max: 4 },
      ]);
      const before = s.cluster.server.log.length;
      const error = await failure(resume(s, ['nix', 'docker']));
      expect(error.code).toBe('RESUME_NO_SNAPSHOT');
      expect(error.message).toContain(`${s.ns.runners}/nix: at 0/0 and no pause record names it`);
      expect(error.hint).toMatch(/mode: restore/);
      const writes = s.cluster.server.log
        .slice(before)
        .filter((r) => r.method !== 'GET' && !r.path.includes('accessreviews'));
      expect(writes).toEqual([]);
    });

    it('resume of a set changed while paused fails with RESUME_CHANGED; pausing it again accepts the change', async () => {
      const s = await setup(FOUR.slice(0, 2));
      await pause(s, ['nix', 'docker']);
      // Someone lets one runner back in by hand while the set is paused.
      await s.gw.patch('AutoscalingRunnerSet', s.ns.runners, 'nix', { spec: { maxRunners: 1 } });
      const before = s.cluster.server.log.length;
      const error = await failure(resume(s, ['nix', 'docker']));
      expect(error.code).toBe('RESUME_CHANGED');
      expect(error.message).toContain(`${s.ns.runners}/nix: caps are 0/1, the pause left 0/0`);
      expect(error.hint).toMatch(/mode: pause/);
      const writes = s.cluster.server.log
        .slice(before)
        .filter((r) => r.method !== 'GET' && !r.path.includes('accessreviews'));
      expect(writes).toEqual([]);
      expect(await s.caps('docker')).toEqual({ min: 0, max: 0 });

      const again = await pause(s, ['nix']);
      expect(again.sets).toEqual([expect.objectContaining({ name: 'nix', outcome: 're-paused' })]);
      expect(await s.caps('nix')).toEqual({ min: 0, max: 0 });
      await resume(s, ['nix', 'docker']);
      expect(await s.caps('nix')).toEqual({ min: 0, max: 4 });
      expect(await s.caps('docker')).toEqual({ min: 0, max: 4 });
    });

    it('the scheduled warm pool never un-pauses a paused set, even one the pause left with runners', async () => {
      const s = await setup(FOUR.slice(0, 2));
      // cap-current keeps a busy runner's slot: the paused set is at 0/1, not the 0/0 a hand pause shows.
      s.cluster.arc.runnerNeverFinishes('nix');
      s.cluster.arc.enqueueJob({ scaleSet: 'nix', repository: 'org/long', durationMs: 60_000 });
      await s.cluster.arc.settle(30_000);
      await pause(s, ['nix'], { freezeMode: 'cap-current' });
      expect(await s.caps('nix')).toEqual({ min: 0, max: 1 });
      const patches = arsWrites(s, 'nix').length;
      const report = await warmPool(s.deps, ['nix', 'docker'], parseSchedule('0 * * * * => 1'), false);
      expect(byName(report.sets)).toEqual([
        { name: 'docker', from: 0, to: 1, outcome: 'patched' },
        { name: 'nix', from: 0, to: 0, outcome: 'skipped-paused' },
      ]);
      expect(s.log.warnings).toContain('nix is paused: warm pool left alone until mode: resume');
      expect(arsWrites(s, 'nix')).toHaveLength(patches);
      expect(await s.caps('nix')).toEqual({ min: 0, max: 1 });
      expect(await s.caps('docker')).toEqual({ min: 1, max: 4 });
      expect((await readPauseRecord(s.gw, s.ns.runners))?.sets.map((e) => e.name)).toEqual(['nix']);
    });

    it('an apply refuses a paused set (SCALE_SET_PAUSED) before any change; a pause refuses a set an apply froze', async () => {
      const s = await setup(FOUR.slice(0, 2), {
        targets: { nix: { min_runners: 0, max_runners: 6 }, docker: { min_runners: 0, max_runners: 4 } },
      });
      await pause(s, ['nix']);
      const error = await failure(runApply(s.deps, s.config(), newReport(false)));
      expect(error.code).toBe('SCALE_SET_PAUSED');
      expect(error.message).toContain(`${s.ns.runners}/nix (paused by run pause-run`);
      expect(await s.caps('nix')).toEqual({ min: 0, max: 0 });
      expect(await s.caps('docker')).toEqual({ min: 0, max: 4 });

      // An apply run that died after its freeze: its sets are its rollback's, not a pause's.
      void runApply(s.deps, s.config({ runId: 'dead-run', scaleSets: ['docker'] }), newReport(false), {
        afterPhase: (name) => (name === 'freeze' ? new Promise<void>(() => {}) : undefined),
      });
      await until('the apply snapshot', async () => (await readSnapshot(s.gw, s.ns.runners)) !== undefined);
      const refused = await failure(pause(s, ['docker']));
      expect(refused.code).toBe('SCALE_SET_FROZEN');
      expect(refused.message).toContain('dead-run');
    });

    it('pause with drain waits for the busy runners on the paused sets, bounded', async () => {
      const s = await setup([{ name: 'nix', max: 4 }]);
      s.cluster.arc.enqueueJob({ scaleSet: 'nix', repository: 'org/app', durationMs: 3 * 60_000 });
      await s.cluster.arc.settle(30_000);
      const report = await pause(s, ['nix'], { drain: true });
      expect(report.phases.map((p) => p.name)).toEqual(['preflight', 'scope', 'freeze', 'drain']);
      expect(report.drain?.timedOut).toBe(false);
      expect(report.drain?.waitedMs).toBeGreaterThan(0);
      const busy = (await s.gw.list<Er>('EphemeralRunner', s.ns.runners)).filter((r) => r.status?.jobId);
      expect(busy.filter((r) => !['Succeeded', 'Failed'].includes(r.status?.phase ?? ''))).toEqual([]);
      expect(await s.caps('nix')).toEqual({ min: 0, max: 0 });
    });
  });

  describe(`arc-apply proven rollback (${kind} backend)`, () => {
    it('a failed apply rolls back and proves every listener: "rolled back, proven"', async () => {
      const s = await setup(FOUR.slice(0, 2), { standin: { failApply: true } });
      const report = newReport(false);
      const error = await failure(runApply(s.deps, s.config(), report));
      expect(error.code).toBe('APPLY_FAILED');
      expect(report.rollback?.proof?.proven).toBe(true);
      expect(byName(report.rollback?.proof?.sets ?? []).map((p) => [p.name, p.proven])).toEqual([
        ['docker', true],
        ['nix', true],
      ]);
      expect(rollbackWords(report.rollback!.proof!)).toBe('rolled back, proven');
      expect(await listenerCaps(s, 'nix')).toEqual({ min: 0, max: 4 });
      expect(report.phases.map((p) => p.name).at(-1)).toBe('rollback');
    });

    it('a rollback whose listener does not come back names that set; the caps are back all the same', async () => {
      const s = await setup(FOUR.slice(0, 2), { standin: { failApply: true } });
      const report = newReport(false);
      const error = await failure(
        runApply(s.deps, s.config(), report, {
          afterPhase: async (name) => {
            if (name !== 'freeze') return;
            // docker's listener takes the frozen caps, then stops following the ARS.
            await s.cluster.arc.settle(60_000);
            expect(await listenerCaps(s, 'docker')).toEqual({ min: 0, max: 0 });
            s.cluster.arc.stickListenerCaps('docker');
          },
        }),
      );
      expect(error.code).toBe('APPLY_FAILED');
      const proof = report.rollback!.proof!;
      expect(proof.proven).toBe(false);
      expect(byName(proof.sets).map((p) => [p.name, p.proven])).toEqual([
        ['docker', false],
        ['nix', true],
      ]);
      expect(byName(proof.sets)[0]!.reason).toMatch(/^docker: stable drift/);
      expect(rollbackWords(proof)).toBe('rolled back, not proven: the listeners of docker did not come back');
      // The caps are back even so, and the snapshot is gone: the proof reports, it does not retry.
      expect(await s.caps('docker')).toEqual({ min: 0, max: 4 });
      expect(await readSnapshot(s.gw, s.ns.runners)).toBeUndefined();
    });

    it('mode restore after a dead run proves the listeners it put back', async () => {
      const s = await setup([{ name: 'nix', min: 1, max: 4 }]);
      void runApply(s.deps, s.config({ runId: 'dead-run' }), newReport(false), {
        afterPhase: (name) => (name === 'freeze' ? new Promise<void>(() => {}) : undefined),
      });
      await until('the set to be frozen', async () => (await s.caps('nix')).max === 0);
      const c = s.config();
      const result = await provenRollback(s.deps, {
        proof: { graceMs: c.graceMs, timeoutMs: c.proveTimeoutMs, stableForMs: c.stableForMs },
      });
      expect(result.source).toBe('cluster');
      expect(result.proof).toMatchObject({ proven: true, sets: [{ name: 'nix', proven: true }] });
      expect(await listenerCaps(s, 'nix')).toEqual({ min: 1, max: 4 });
    });
  });

  describe(`completed runner pods (${kind} backend)`, () => {
    /** Creates a runner pod through the API, as the controller would, and sets its phase. */
    async function runnerPod(s: S, name: string, phase: 'Running' | 'Succeeded' | 'Failed') {
      const headers = { authorization: `Bearer ${s.cluster.token}`, 'content-type': 'application/json' };
      const base = `${s.cluster.url}/api/v1/namespaces/${s.ns.runners}/pods`;
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { 'actions-ephemeral-runner': 'True' } },
        spec: { containers: [{ name: 'runner', image: 'runner:latest' }] },
      };
      const created = await fetch(base, { method: 'POST', headers, body: JSON.stringify(pod) });
      expect(created.status).toBe(201);
      const status = await fetch(`${base}/${name}/status`, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ status: { phase } }),
      });
      expect(status.status).toBe(200);
    }

    it('ages out completed runner pods past the threshold, and only those', async () => {
      // Ages come from the pods' creationTimestamps: on a real server, wall-clock seconds.
      const s = await setup([{ name: 'nix', max: 2 }], { ages: true });
      const maxAgeMs = s.onWallClock ? 5_000 : 60 * 60_000;
      const pods = async () => (await s.gw.listPods(s.ns.runners)).map((p) => p.metadata.name);
      await runnerPod(s, 'old-succeeded', 'Succeeded');
      await runnerPod(s, 'old-failed', 'Failed');
      await runnerPod(s, 'old-running', 'Running');
      await s.clock.sleep(maxAgeMs + (s.onWallClock ? 1_500 : 60_000));
      await runnerPod(s, 'young-succeeded', 'Succeeded');
      const scope = await s.gw.list<Ars>('AutoscalingRunnerSet', s.ns.runners);

      const dry = await reapLeakedRunners(s.deps, scope, {
        dryRun: true,
        podMaxAgeMs: maxAgeMs,
        settleTimeoutMs: 60_000,
      });
      expect(dry.podsDeleted).toEqual([]);
      expect(await pods()).toContain('old-succeeded');

      const run = await reapLeakedRunners(s.deps, scope, {
        dryRun: false,
        podMaxAgeMs: maxAgeMs,
        settleTimeoutMs: 60_000,
      });
      expect(run.podsDeleted.sort()).toEqual(['old-failed', 'old-succeeded']);
      const left = await pods();
      expect(left).toEqual(expect.arrayContaining(['old-running', 'young-succeeded']));
      expect(left).not.toContain('old-succeeded');
      expect(left).not.toContain('old-failed');
    });
  });
}
