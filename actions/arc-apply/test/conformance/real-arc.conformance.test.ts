/**
 * Conformance: arc-apply's hardest scenarios against ARC's real controller manager and listener
 * (ARC_MANAGER_BIN, ARC_LISTENER_BIN, ARC_VERSION), on a real API server, with jobs driven through
 * the testkit's fake Actions service and runner pods moved by the process kubelet. The same
 * scenarios run on the simulator in scenario-suite.ts; an outcome that differs here is a simulator
 * or product bug. Without the variables the suite says so in one line and does not run: CI has
 * no ARC binary (the Go module proxy does not serve ARC, and no build of it belongs here).
 */
import { arcVersionGateAllows } from '@gloriousflywheel/shared';
import { FLEET_RUNNERS } from '@gloriousflywheel/testkit/conformance';
import { describe, expect, it } from 'vitest';
import { runApply } from '../../src/engine/pipeline';
import { newReport } from '../../src/engine/report';
import { readSnapshot } from '../../src/engine/snapshot';
import { KubeClientGateway, loadKubeConfig } from '../../src/kube/client-gateway';
import type { ClusterGateway } from '../../src/kube/gateway';
import type { Er } from '../../src/kube/types';
import {
  busyRunners,
  failure,
  listenerCaps,
  missing,
  record,
  setup,
  stopFleetsAfterEach,
  version,
} from './real-arc-fleet';

if (missing) console.warn(`arc-apply conformance on ARC's real controller: not run: ${missing}`);
stopFleetsAfterEach();

describe.skipIf(Boolean(missing))(`arc-apply against ARC ${version}'s real controller and listener`, () => {
  it('happy path: busy runners keep their jobs; caps restored to targets and proven', async () => {
    const s = await setup(
      [
        { name: 'nix', max: 4 },
        { name: 'docker', min: 1, max: 4 },
      ],
      {
        targets: { nix: { min_runners: 0, max_runners: 6 }, docker: { min_runners: 1, max_runners: 3 } },
      },
    );
    const jobs = [
      s.fleet.queueJob('nix', 20_000),
      s.fleet.queueJob('nix', 20_000),
      s.fleet.queueJob('docker', 20_000),
    ];
    await s.fleet.until('three runners busy', async () => (await busyRunners(s.fleet)).length === 3);
    const report = newReport(false);
    await runApply(s.deps, s.config(), report);
    record('happy path', report);
    expect(report.outcome).toBe('succeeded');
    expect(report.drain!.waitedMs).toBeGreaterThan(0);
    expect(await s.caps('nix')).toEqual({ min: 0, max: 6 });
    expect(await s.caps('docker')).toEqual({ min: 1, max: 3 });
    expect(await listenerCaps(s.fleet, 'nix')).toEqual({ min: 0, max: 6 });
    expect(await listenerCaps(s.fleet, 'docker')).toEqual({ min: 1, max: 3 });
    expect(report.proof.map((p) => p.proven)).toEqual([true, true]);
    expect(await readSnapshot(s.gw, FLEET_RUNNERS)).toBeUndefined();
    // No busy runner was deleted: every job ran to its end on its runner.
    expect(s.fleet.kubelet.killed).toEqual([]);
    expect(jobs.map((j) => s.fleet.service.state.jobs.get(j.requestId)?.result)).toEqual([
      'Succeeded',
      'Succeeded',
      'Succeeded',
    ]);
  }, 300_000);

  it('leaves a reap candidate alone when a job lands on it between selection and deletion', async () => {
    const s = await setup([{ name: 'nix', max: 4 }]);
    const f = s.fleet;
    // A leak as it happens: two runners come up for jobs that are cancelled while the controller
    // is down, so nothing scales them down (the real listener still patches the runner set to 0).
    f.kubelet.hold();
    const queued = [f.queueJob('nix'), f.queueJob('nix')];
    // At least two: ARC may briefly run one more than asked while its cache catches up.
    const idleRunning = async () =>
      ((await f.list('er')) as Er[]).filter(
        (r) => r.status?.phase === 'Running' && (r.status?.runnerId ?? 0) > 0,
      ).length >= 2;
    await f.until('two idle runners up', idleRunning);
    await f.stopManager();
    for (const job of queued) f.service.cancelJob(job.requestId);
    await f.until('the listener scaled the runner set to 0', async () => {
      const [ers] = await f.list('ers');
      return ((ers?.spec as { replicas?: number } | undefined)?.replicas ?? 0) === 0;
    });
    let victim: string | undefined;
    const deleted: string[] = [];
    const racing: ClusterGateway = Object.create(s.gw);
    racing.get = async (kind, ns, name) => {
      if (kind === 'EphemeralRunner' && !victim) {
        victim = name;
        // Between the list and the just-in-time re-read, a job lands on this runner: the real
        // listener writes JobStarted onto it. The controller comes back meanwhile.
        f.queueJob('nix', 5_000);
        f.kubelet.release(name);
        await f.until('the real listener marks the victim busy', async () =>
          (await busyRunners(f)).some((r) => r.metadata.name === name),
        );
        f.startManager();
      }
      return s.gw.get(kind, ns, name);
    };
    racing.delete = async (kind, ns, name, resourceVersion) => {
      if (kind === 'EphemeralRunner') deleted.push(name);
      return s.gw.delete(kind, ns, name, resourceVersion);
    };
    const report = newReport(false);
    await runApply({ ...s.deps, gw: racing }, s.config(), report);
    record('late job', report);
    console.info(
      `conformance ${version} · late job: reap skipped ${JSON.stringify(report.reap!.skipped)}, reaped ${JSON.stringify(report.reap!.reaped.map((r) => r.name))}`,
    );
    expect(report.outcome).toBe('succeeded');
    expect(report.reap!.skipped).toContainEqual({ name: victim, why: 'a job arrived' });
    expect(deleted).not.toContain(victim);
    expect(f.kubelet.killed).toEqual([]);
    expect(f.kubelet.completed.map((j) => j.runnerName)).toEqual([victim]);
  }, 300_000);

  it('eventual strategy with minRunners > 0 does not deadlock', async () => {
    const s = await setup([{ name: 'nix', min: 1, max: 4 }], {
      updateStrategy: 'eventual',
      targets: { nix: { min_runners: 1, max_runners: 6 } },
    });
    const report = newReport(false);
    await runApply(s.deps, s.config(), report);
    record('eventual, minRunners 1', report);
    console.info(
      `conformance ${version} · eventual: runner sets zeroed ${JSON.stringify(report.zeroedRunnerSets)}`,
    );
    expect(report.outcome).toBe('succeeded');
    // The frozen listener is never recreated while the idle minRunners runner is Running
    // (autoscalingrunnerset_controller.go drainingJobs): arc-apply scales the runner set to 0 itself.
    expect(report.zeroedRunnerSets).toHaveLength(1);
    expect(await listenerCaps(s.fleet, 'nix')).toEqual({ min: 1, max: 6 });
    expect(s.fleet.kubelet.killed).toEqual([]);
  }, 300_000);

  it('a listener left with old caps (its controller down from the freeze on) fails the proof fast, naming the set, and rolls back', async () => {
    const s = await setup([{ name: 'docker', max: 4 }], {
      targets: { docker: { min_runners: 0, max_runners: 6 } },
    });
    const report = newReport(false);
    // The controller comes back once the proof has failed, so the rollback's listener can return.
    const watch = setInterval(() => {
      if (report.phases.some((p) => p.name === 'prove' && p.outcome === 'failed')) {
        clearInterval(watch);
        s.fleet.startManager();
      }
    }, 200);
    try {
      const error = await failure(
        runApply(s.deps, s.config(), report, {
          // tofu's apply already writes the targets: the controller must be gone before it, and
          // only once it has put up the frozen listener (else there is no listener to be stale).
          afterPhase: async (name) => {
            if (name !== 'freeze') return;
            await s.fleet.until(
              'the frozen listener',
              async () => (await listenerCaps(s.fleet, 'docker'))?.max === 0,
            );
            await s.fleet.stopManager();
          },
        }),
      );
      record('listener left with old caps', report);
      expect(error.code).toBe('PROOF_FAILED');
      expect(error.message).toMatch(/^docker: stable drift/);
      const prove = report.phases.find((p) => p.name === 'prove')!;
      expect(Date.parse(prove.end) - Date.parse(prove.start)).toBeLessThan(s.config().proveTimeoutMs);
      expect(report.rollback?.restored.map((r) => r.name)).toEqual(['docker']);
      expect(await s.caps('docker')).toEqual({ min: 0, max: 4 });
      expect(await listenerCaps(s.fleet, 'docker')).toEqual({ min: 0, max: 4 });
    } finally {
      clearInterval(watch);
    }
  }, 600_000);

  it('apply fails → caps restored from the snapshot, the listeners back', async () => {
    const s = await setup(
      [
        { name: 'nix', max: 4 },
        { name: 'docker', max: 4 },
      ],
      { standin: { failApply: true } },
    );
    const report = newReport(false);
    const error = await failure(runApply(s.deps, s.config(), report));
    record('apply fails', report);
    expect(error.code).toBe('APPLY_FAILED');
    expect(report.rollback?.error).toBeUndefined();
    expect(await s.caps('nix')).toEqual({ min: 0, max: 4 });
    expect(await s.caps('docker')).toEqual({ min: 0, max: 4 });
    expect(await readSnapshot(s.gw, FLEET_RUNNERS)).toBeUndefined();
    await s.fleet.until('listeners back at the old caps', async () => {
      const caps = [await listenerCaps(s.fleet, 'nix'), await listenerCaps(s.fleet, 'docker')];
      return caps.every((c) => c?.max === 4);
    });
  }, 300_000);

  it('missing RBAC fails before any change', async () => {
    const s = await setup([{ name: 'nix', max: 4 }], { users: ['limited'] });
    await s.fleet.kube.grant('limited', [
      { verbs: ['get', 'list'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'] },
    ]);
    const limited = new KubeClientGateway(loadKubeConfig(s.fleet.kubeconfig('limited')));
    const starts = s.fleet.kubelet.listenerStarts.length;
    const error = await failure(runApply({ ...s.deps, gw: limited }, s.config(), newReport(false)));
    expect(error.code).toBe('KUBE_FORBIDDEN');
    expect(error.message).toContain(`patch autoscalingrunnersets.actions.github.com in ${FLEET_RUNNERS}`);
    expect(await s.caps('nix')).toEqual({ min: 0, max: 4 });
    expect(await readSnapshot(s.gw, FLEET_RUNNERS)).toBeUndefined();
    expect(s.fleet.kubelet.listenerStarts.length).toBe(starts);
  }, 300_000);

  it('keeps or deletes scale sets by their version label exactly as arcVersionGateAllows says', async () => {
    const s = await setup([]);
    const [major, minor] = version.split('.').map(Number);
    const otherMinor = `${major}.${minor! === 13 ? 14 : 13}.1`;
    const labels: Record<string, string | null> = {
      same: version,
      'v-prefix': `v${version}`,
      'minor-only': `${major}.${minor}`,
      'other-minor': otherMinor,
      unlabelled: null,
    };
    for (const [name, versionLabel] of Object.entries(labels))
      await s.fleet.addScaleSet({ name, versionLabel });
    const kept = (name: string) => arcVersionGateAllows(labels[name] ?? undefined, version);
    // Settled when every set the gate allows has its id from the service and every other one is gone.
    await s.fleet.until('the controller applied its version gate to every set', async () => {
      const sets = await s.fleet.list('ars');
      return Object.keys(labels).every((name) => {
        const found = sets.find((a) => a.metadata.name === name);
        return kept(name) ? Boolean(found?.metadata.annotations?.['runner-scale-set-id']) : !found;
      });
    });
    const outcome = Object.fromEntries(Object.keys(labels).map((n) => [n, kept(n) ? 'kept' : 'deleted']));
    console.info(`conformance ${version} · version gate: ${JSON.stringify(outcome)}`);
    expect(outcome).toMatchObject({
      same: 'kept',
      'minor-only': 'kept',
      'v-prefix': 'deleted',
      'other-minor': 'deleted',
    });
  }, 300_000);
});
