/**
 * Conformance: the doctor on a fleet run by ARC's real controller and listener. A healthy real
 * fleet must raise no finding (a false alarm pages someone), and a condition ARC really produces —
 * a runner whose pod the API server refuses, marked Failed (ephemeralrunner_controller.go
 * markAsFailed, ReasonInvalidPodFailure) — must be found and repaired as the simulator's is.
 * Runs only with ARC_MANAGER_BIN, ARC_LISTENER_BIN and ARC_VERSION set (see real-arc-fleet.ts).
 */
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/doctor/run';
import type { Er } from '../../src/kube/types';
import { doctorOptions } from '../doctor/doctor-fixtures';
import { busyRunners, missing, setup, stopFleetsAfterEach, version } from './real-arc-fleet';

if (missing) console.warn(`doctor conformance on ARC's real controller: not run: ${missing}`);
stopFleetsAfterEach();

describe.skipIf(Boolean(missing))(`the doctor on ARC ${version}'s real controller and listener`, () => {
  it('finds nothing wrong with a healthy fleet that runs a job', async () => {
    const s = await setup([
      { name: 'nix', min: 1, max: 4 },
      { name: 'docker', max: 3 },
    ]);
    s.fleet.queueJob('nix', 120_000);
    await s.fleet.until('a runner busy', async () => (await busyRunners(s.fleet)).length === 1);
    const report = await runDoctor(s.deps, doctorOptions());
    const failed = report.checks.filter((c) => c.status === 'fail');
    const skipped = report.checks.filter((c) => c.status === 'skipped').map((c) => c.id);
    console.info(
      `conformance ${version} · doctor on a healthy fleet: ${report.checks.length} checks, ${failed.length} failed, skipped ${skipped.join(', ')}`,
    );
    expect(failed.flatMap((c) => c.findings)).toEqual([]);
    expect(report.healthy).toBe(true);
    expect(report.fleet).toMatchObject({ scaleSets: 2, listeners: 2 });
    expect(skipped).toEqual(['listener-stale-assigned']);
    expect(s.fleet.kubelet.killed).toEqual([]);
  }, 300_000);

  it('finds the runner ARC marked Failed for a refused pod, and fix: true deletes it', async () => {
    // Requests above limits pass the CRD's schema and fail the pod's validation (422 Invalid).
    const s = await setup([{ name: 'nix', max: 4 }]);
    await s.fleet.addScaleSet({
      name: 'broken',
      min: 1,
      max: 2,
      resources: { requests: { cpu: '2' }, limits: { cpu: '1' } },
    });
    const failedRunner = async () =>
      ((await s.fleet.list('er')) as Er[]).find(
        (r) => r.status?.phase === 'Failed' && !r.metadata.deletionTimestamp,
      );
    await s.fleet.until('ARC marks the broken set runner Failed', async () => Boolean(await failedRunner()));
    const victim = (await failedRunner())!;
    const report = await runDoctor(s.deps, doctorOptions());
    const findings = report.checks.find((c) => c.id === 'runner-failed')!.findings;
    console.info(
      `conformance ${version} · doctor: runner-failed ${JSON.stringify(findings.map((f) => f.evidence))}`,
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'high',
        scaleSet: 'arc-runners/broken',
        repair: { type: 'delete-runner', object: expect.objectContaining({ name: victim.metadata.name }) },
      }),
    );
    const fixed = await runDoctor(s.deps, doctorOptions({ fix: true }));
    expect(fixed.repairs).toContainEqual(
      expect.objectContaining({
        action: 'delete-runner',
        outcome: 'done',
        object: expect.objectContaining({ name: victim.metadata.name }),
      }),
    );
    await s.fleet.until('the Failed runner is gone', async () =>
      ((await s.fleet.list('er')) as Er[]).every((r) => r.metadata.uid !== victim.metadata.uid),
    );
    expect(s.fleet.kubelet.killed).toEqual([]);
  }, 300_000);
});
