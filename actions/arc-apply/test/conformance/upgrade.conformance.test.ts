/**
 * Conformance: mode: upgrade from one ARC release's real controller to another's (issue #21 stage
 * 3), on a real API server: the fleet starts on the older manager and listener
 * (ARC_UPGRADE_FROM_MANAGER_BIN, ARC_UPGRADE_FROM_LISTENER_BIN, ARC_UPGRADE_FROM_VERSION) with
 * scale sets labelled for it; tofu's Helm release moves the controller Deployment, and the
 * manager that runs is the one the Deployment names. The same upgrade runs on the simulator in
 * upgrade-suite.ts. Without the variables the suite says so in one line and does not run.
 */
import { type ArcRelease, arcUpgradeFrom, FLEET_CONTROLLER } from '@gloriousflywheel/testkit/conformance';
import { setControllerVersionVar } from '@gloriousflywheel/testkit/tofu';
import { describe, expect, it } from 'vitest';
import type { Ars, Listener } from '../../src/kube/types';
import type { UpgradeConfig } from '../../src/upgrade/config';
import { runUpgrade } from '../../src/upgrade/pipeline';
import { newUpgradeReport } from '../../src/upgrade/report';
import { TARGET_CRDS, upgradeResultErrors, upgradeSettings } from '../upgrade/upgrade-scenario';
import {
  missing as arcMissing,
  busyRunners,
  failure,
  record,
  setup,
  stopFleetsAfterEach,
  version,
} from './real-arc-fleet';

const from = arcUpgradeFrom();
const missing =
  arcMissing ??
  ('missing' in from ? from.missing : TARGET_CRDS ? undefined : 'the reference ARC CRDs are absent');
const FROM = 'missing' in from ? '' : from.version;
if (missing) console.warn(`upgrade conformance on ARC's real controllers: not run: ${missing}`);
stopFleetsAfterEach();

type Setup = Awaited<ReturnType<typeof setup>>;

/** The upgrade's configuration over the fleet's apply configuration, with `to` in the var files. */
function upgradeConfig(s: Setup, to: string, over: Partial<UpgradeConfig> = {}): UpgradeConfig {
  setControllerVersionVar(s.workdir, to);
  return {
    ...upgradeSettings(
      // A proof that cannot pass ends with its reason well inside the test's time.
      { ...s.config({ runId: 'upgrade-1' }), drainTimeoutMs: 300_000, proveTimeoutMs: 180_000 },
      s.workdir,
      { removalTimeoutMs: 180_000, controllerTimeoutMs: 120_000, stuckAfterMs: 120_000 },
    ),
    ...over,
  };
}

/** Each set's version label and caps, as the API server holds them. */
async function versionsAndCaps(s: Setup) {
  const sets = (await s.fleet.list('ars')) as Ars[];
  return Object.fromEntries(
    sets.map((a) => [
      a.metadata.name,
      `${a.metadata.labels?.['app.kubernetes.io/version']} ${a.spec?.minRunners}/${a.spec?.maxRunners}`,
    ]),
  );
}

/** The image tags of the running listeners' pods: which release's listener runs. */
async function listenerImages(s: Setup): Promise<string[]> {
  const listeners = (await s.fleet.list('listener', FLEET_CONTROLLER)) as Listener[];
  return listeners
    .map(
      (l) =>
        String((l.spec as { image?: string }).image ?? '')
          .split(':')
          .pop()!,
    )
    .sort();
}

const SETS = [
  { name: 'nix', max: 3 },
  { name: 'docker', min: 1, max: 2 },
];

describe.skipIf(Boolean(missing))(`mode: upgrade from ARC ${FROM} to ${version}, real controllers`, () => {
  // Tofu renders a reinstalled set as the chart does, pointed at the fleet's Actions service.
  const start = () =>
    setup(SETS, {
      from: from as ArcRelease,
      standin: { crdsDir: TARGET_CRDS! },
      targets: (f) =>
        Object.fromEntries(
          SETS.map((x) => [
            x.name,
            {
              min_runners: x.min ?? 0,
              max_runners: x.max,
              github_config_url: f.configUrl,
            },
          ]),
        ),
    });

  it('upgrades with jobs running: no job killed, the new manager runs, sets reinstalled, caps restored, proven', async () => {
    const s = await start();
    expect(s.fleet.managerVersion()).toBe(FROM);
    const jobs = [s.fleet.queueJob('nix', 20_000), s.fleet.queueJob('docker', 20_000)];
    await s.fleet.until('two runners busy', async () => (await busyRunners(s.fleet)).length === 2);
    const report = newUpgradeReport(false);
    await runUpgrade(s.deps, upgradeConfig(s, version), report);
    record(`upgrade ${FROM} → ${version}`, report);
    expect(report.outcome).toBe('succeeded');
    expect(upgradeResultErrors(report)).toBeUndefined();
    expect(s.fleet.managerVersion()).toBe(version);
    expect(await versionsAndCaps(s)).toEqual({ nix: `${version} 0/3`, docker: `${version} 1/2` });
    expect(report.proof.map((p) => p.proven)).toEqual([true, true]);
    // The listeners ARC made for the reinstalled sets run the new release's listener.
    await s.fleet.until('both listeners up', async () => (await listenerImages(s)).length === 2);
    expect(await listenerImages(s)).toEqual([version, version]);
    expect(report.drain?.waitedMs).toBeGreaterThan(0);
    expect(s.fleet.kubelet.killed).toEqual([]);
    expect(jobs.map((j) => s.fleet.service.state.jobs.get(j.requestId)?.result)).toEqual([
      'Succeeded',
      'Succeeded',
    ]);
    // The upgraded fleet works: a job now runs to its end through the new listener and manager.
    const after = s.fleet.queueJob('nix', 2_000);
    await s.fleet.until(
      'the job after the upgrade done',
      async () => s.fleet.service.state.jobs.get(after.requestId)?.result === 'Succeeded',
      120_000,
    );
  }, 600_000);

  it('rolls back to the old real controller when the new one never becomes available', async () => {
    const s = await start();
    // A release with no image here: the new controller never becomes available.
    const missingRelease = `${version.split('.').slice(0, 2).join('.')}.99`;
    const report = newUpgradeReport(false);
    const error = await failure(runUpgrade(s.deps, upgradeConfig(s, missingRelease), report));
    record(`upgrade ${FROM} → ${missingRelease} (no image)`, report);
    console.info(`conformance ${version} · rollback: ${error.message}`);
    expect(error.code).toBe('UPGRADE_ROLLED_BACK');
    expect(report.rollback).toEqual({ to: FROM, proven: true });
    expect(s.fleet.managerVersion()).toBe(FROM);
    expect(await versionsAndCaps(s)).toEqual({ nix: `${FROM} 0/3`, docker: `${FROM} 1/2` });
    await s.fleet.until('both listeners up', async () => (await listenerImages(s)).length === 2);
    expect(await listenerImages(s)).toEqual([FROM, FROM]);
    expect(s.fleet.kubelet.killed).toEqual([]);
  }, 600_000);
});
