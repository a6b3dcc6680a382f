/**
 * Each finding the doctor makes from conditions the simulator produces the way ARC does, checked
 * for its severity, objects and evidence; repairs and races are in repairs-suite.ts. The same
 * bodies run on the fake (findings.test.ts) and on a real API server (findings.real.test.ts),
 * where ages are wall-clock seconds (see doctor-fixtures.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/doctor/finding';
import { runDoctor } from '../../src/doctor/run';
import { targetsFromFile } from '../../src/engine/targets';
import { type BackendKind, useBackend } from '../backend';
import { doctorOptionsOn, thresholdsOn } from './doctor-fixtures';
import { type DoctorScenario, doctorScenario, waitPast } from './doctor-scenario';

type S = DoctorScenario;

const findingsOf = async (sc: S, check: string, over = {}): Promise<Finding[]> => {
  const report = await runDoctor(sc.deps, doctorOptionsOn(sc, over));
  return report.checks.find((c) => c.id === check)?.findings ?? [];
};

/**
 * The check's findings once `done` holds for them: on the wall clock the fleet moves while the
 * doctor reads it, so it reads again (within a deadline) until it catches the moment the test is
 * about; on simulated time nothing moves between reads, so the first read is the one.
 */
async function findingsWhen(
  sc: S,
  check: string,
  done: (found: Finding[]) => boolean,
  deadlineMs = 60_000,
): Promise<Finding[]> {
  const start = Date.now();
  for (;;) {
    const found = await findingsOf(sc, check);
    if (!sc.onWallClock || done(found) || Date.now() - start > deadlineMs) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The CRD of ARC's scale sets as a CRD older than the controller has it: without `.status.phase`. */
function withoutStatusPhase<T>(crd: T): T {
  const old = structuredClone(crd) as unknown as {
    spec: {
      versions: {
        schema: { openAPIV3Schema: { properties: { status: { properties: Record<string, unknown> } } } };
      }[];
    };
  };
  delete old.spec.versions[0]!.schema.openAPIV3Schema.properties.status.properties['phase'];
  return old as T;
}

export function describeFindings(kind: BackendKind): void {
  useBackend(kind);
  // On a real API server some tests wait, in real time, for ages to pass their thresholds.
  const timeout = kind === 'real' ? 120_000 : undefined;
  let s: S | undefined;

  describe(`doctor findings on the ${kind} backend`, { timeout }, () => {
    afterEach(async () => {
      await s?.cluster.stop();
      s = undefined;
    });

    it('an Outdated scale set (runners exiting with code 7 on 0.14) is critical, with what to do', async () => {
      s = await doctorScenario([
        { name: 'old', max: 2 },
        { name: 'ok', max: 2 },
      ]);
      s.cluster.arc.runnerOutdated('old');
      s.cluster.arc.enqueueJob({ scaleSet: 'old', durationMs: 60_000 });
      await s.cluster.arc.settle(60_000);
      const [f, ...rest] = await findingsOf(s, 'scale-set-outdated');
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ severity: 'critical', scaleSet: `${s.ns.runners}/old` });
      expect(f?.evidence).toContain('deleted the scale set on GitHub');
      expect(f?.fix).toMatch(/runner image/);
      expect(f?.repair).toBeUndefined();
    });

    it('idle registered runners beyond the warm pool, older than idle-after, were never picked up', async () => {
      s = await doctorScenario([{ name: 'pool', min: 1, max: 6 }]);
      const leaked = await s.cluster.arc.leakIdleRunners('pool', 2);
      await s.cluster.arc.settle(30_000);
      expect(await findingsOf(s, 'runner-never-picked-up')).toEqual([]);
      const idleAfterMs = s.onWallClock ? 5_000 : 20 * 60_000;
      await waitPast(s, idleAfterMs, 30 * 60_000);
      const [f] = await findingsOf(s, 'runner-never-picked-up', {
        settings: { ...thresholdsOn(s), idleAfterMs },
      });
      expect(f).toMatchObject({ severity: 'low', scaleSet: `${s.ns.runners}/pool` });
      // The controller scaled its own idle runner away (the leaked two it never scales down): two
      // idle runners, one of them the warm pool (minRunners 1), one beyond it.
      expect(f?.objects).toHaveLength(1);
      expect(leaked).toContain(f?.objects[0]?.name);
      expect(f?.evidence).toContain('beyond minRunners 1');
      expect(leaked).toHaveLength(2);
    });

    it('caps against the source targets, and a label whose every set has maxRunners 0', async () => {
      s = await doctorScenario([
        { name: 'nix', max: 4, labels: ['tinyland-nix'] },
        { name: 'gpu', max: 0, labels: ['tinyland-gpu'] },
      ]);
      const file = join(s.workdir, 'targets.json');
      writeFileSync(
        file,
        JSON.stringify({ nix: { min_runners: 0, max_runners: 6 }, gpu: { max_runners: 0 }, gone: {} }),
      );
      const report = await runDoctor(s.deps, doctorOptionsOn(s, { targets: await targetsFromFile(file) }));
      const drift = report.checks.find((c) => c.id === 'caps-drift')!.findings;
      expect(drift.map((f) => [f.severity, f.objects[0]?.name, f.evidence.split(':')[0]])).toEqual([
        ['high', 'nix', 'caps-differ'],
        ['high', 'gone', 'in the source targets but not in the cluster'],
      ]);
      const capacity = report.checks.find((c) => c.id === 'label-capacity')!.findings;
      expect(capacity).toHaveLength(1);
      expect(capacity[0]).toMatchObject({ severity: 'high' });
      expect(capacity[0]?.evidence).toContain('"tinyland-gpu"');
    });

    it('CRDs older than the controller (no status.phase for 0.14) are critical', async () => {
      s = await doctorScenario([{ name: 'nix', max: 2 }]);
      const name = 'autoscalingrunnersets.actions.github.com';
      const crd = (await s.gw.getCrd(name))!;
      // An old CRD left in place, replaced as `kubectl replace` would. CRDs are cluster-wide and a
      // real API server serves every cluster of the file: the current one goes back afterwards.
      await s.gw.putCrd(withoutStatusPhase(crd));
      const sc = s;
      try {
        // A real server answers 429 "storage is (re)initializing" while it rebuilds the resource's
        // storage after the CRD changed; the gateway reads again after its Retry-After.
        const [f, ...rest] = await findingsOf(sc, 'crd-versions');
        expect(rest).toEqual([]);
        expect(f).toMatchObject({ severity: 'critical', objects: [{ name }] });
        expect(f?.evidence).toContain('.status.phase');
      } finally {
        await s.gw.putCrd(crd);
        await sc.gw.list('AutoscalingRunnerSet', sc.ns.runners);
      }
    });

    it('a listener without its GitHub config secret has no pod: high, naming the secret to restore', async () => {
      s = await doctorScenario([{ name: 'nix', max: 2 }]);
      const secret = await s.cluster.arc.githubConfigSecretMissing('nix');
      // The listener is recreated on the next spec change; the controller then cannot build its config.
      await s.gw.patch('AutoscalingRunnerSet', s.ns.runners, 'nix', { spec: { maxRunners: 3 } });
      await s.cluster.arc.settle(30_000);
      await waitPast(s, thresholdsOn(s).graceMs, 2 * 60_000);
      const [f, ...rest] = await findingsOf(s, 'listener-not-running');
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ severity: 'high', scaleSet: `${s.ns.runners}/nix` });
      expect(f?.evidence).toContain('no listener pod');
      expect(f?.evidence).toContain(`GitHub config secret ${s.ns.runners}/${secret} is missing`);
      expect(f?.fix).toContain(`Recreate the secret ${s.ns.runners}/${secret}`);
    });

    it('a crash-looping listener: its pod, recreated at once each time, is much younger than the listener', async () => {
      s = await doctorScenario([{ name: 'nix', max: 2 }]);
      await waitPast(s, thresholdsOn(s).graceMs, 5 * 60_000);
      expect(await findingsOf(s, 'listener-not-running')).toEqual([]);
      s.cluster.arc.listenerCrashLoops('nix');
      await s.clock.sleep(s.onWallClock ? 1_000 : 20_000);
      // On the wall clock the doctor may read the pod in the instant it is Failed, before the
      // controller replaces it (a high finding, rightly): it reads again until it finds it between crashes.
      const [f, ...rest] = await findingsWhen(s, 'listener-not-running', (x) => x[0]?.severity === 'low');
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ severity: 'low', scaleSet: `${s.ns.runners}/nix` });
      expect(f?.evidence).toMatch(/its pod was recreated \S+ ago, \S+ after the listener/);
    });

    it('runner pods the scheduler cannot place: one finding per message, with the fix for the pod ceiling', async () => {
      s = await doctorScenario([{ name: 'nix', max: 4 }]);
      s.cluster.arc.runnerPodsUnschedulable('nix');
      for (let i = 0; i < 3; i++) s.cluster.arc.enqueueJob({ scaleSet: 'nix', durationMs: 60_000 });
      await s.cluster.arc.settle(30_000);
      expect(await findingsOf(s, 'pods-unschedulable')).toEqual([]);
      await waitPast(s, thresholdsOn(s).stuckAfterMs, 20 * 60_000);
      const [f, ...rest] = await findingsOf(s, 'pods-unschedulable');
      expect(rest).toEqual([]);
      expect(f?.objects.length).toBeGreaterThanOrEqual(3);
      expect(f?.evidence).toContain('Too many pods');
      expect(f?.fix).toContain('maxPods');
    });

    it('the controller Deployment down is critical', async () => {
      s = await doctorScenario([{ name: 'nix', max: 2 }]);
      await s.cluster.arc.controllerUnavailable();
      const [f] = await findingsOf(s, 'controller-available');
      expect(f).toMatchObject({ severity: 'critical' });
      expect(f?.evidence).toContain('0/1 replica(s) available (MinimumReplicasUnavailable');
      await s.cluster.arc.controllerUnavailable(false);
      expect(await findingsOf(s, 'controller-available')).toEqual([]);
    });

    it('a version label the controller will not allow is critical (staged while the controller is down, or it would delete the set)', async () => {
      s = await doctorScenario([
        { name: 'nix', max: 2 },
        { name: 'ok', max: 2 },
      ]);
      await s.cluster.arc.controllerUnavailable();
      await s.gw.patch('AutoscalingRunnerSet', s.ns.runners, 'nix', {
        metadata: { labels: { 'app.kubernetes.io/version': '0.13.1' } },
      });
      const [f, ...rest] = await findingsOf(s, 'scale-set-version-label');
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ severity: 'critical', scaleSet: `${s.ns.runners}/nix` });
      expect(f?.evidence).toContain('app.kubernetes.io/version=0.13.1 against controller 0.14');
    });

    it('a runner set held short of its replicas by Failed runners it counts is stalled', async () => {
      s = await doctorScenario([{ name: 'docker', max: 4 }]);
      s.cluster.arc.runnerPodRejected('docker');
      for (let i = 0; i < 2; i++) s.cluster.arc.enqueueJob({ scaleSet: 'docker', durationMs: 60 * 60_000 });
      await s.cluster.arc.settle(30_000);
      await waitPast(s, thresholdsOn(s).stuckAfterMs, 20 * 60_000);
      const [f, ...rest] = await findingsOf(s, 'runner-set-stalled');
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ severity: 'high', scaleSet: `${s.ns.runners}/docker` });
      expect(f?.evidence).toMatch(
        /replicas \d+, runners \d+ \(\d+ Failed, counted toward the total\); no runner created for/,
      );
      expect(f?.fix).toContain('Delete the Failed runners');
    });

    it('a set whose listener is gone (nothing recreates it while the controller is down) has no listener: high', async () => {
      s = await doctorScenario([{ name: 'nix', max: 2 }]);
      // The set must be older than the grace: settling the simulated scenario took longer already.
      await waitPast(s, thresholdsOn(s).graceMs, 0);
      await s.cluster.arc.controllerUnavailable();
      const al = s.cluster.store.list('AutoscalingListener', s.ns.controller)[0]!;
      await s.gw.patch('AutoscalingListener', s.ns.controller, al.metadata.name!, {
        metadata: { finalizers: null },
      });
      await s.gw.delete('AutoscalingListener', s.ns.controller, al.metadata.name!);
      const [f, ...rest] = await findingsOf(s, 'listener-missing');
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ severity: 'high', scaleSet: `${s.ns.runners}/nix` });
      expect(f?.evidence).toContain('no job reaches it');
    });

    it('a live runner without its pod: high when it held a job, low when idle', async () => {
      s = await doctorScenario([{ name: 'nix', min: 1, max: 3 }]);
      s.cluster.arc.enqueueJob({ scaleSet: 'nix', durationMs: 60 * 60_000 });
      await s.cluster.arc.settle(30_000);
      await s.cluster.arc.controllerUnavailable();
      const runners = s.cluster.store.list('EphemeralRunner', s.ns.runners);
      for (const r of runners) await s.gw.deletePod(s.ns.runners, r.metadata.name!);
      await waitPast(s, thresholdsOn(s).graceMs, 2 * 60_000);
      const found = await findingsOf(s, 'runner-pod-missing');
      expect(found.map((f) => f.severity).sort()).toEqual(['high', 'low']);
      expect(found.find((f) => f.severity === 'high')?.evidence).toMatch(/no pod .*; it held a job/);
    });
  });
}
