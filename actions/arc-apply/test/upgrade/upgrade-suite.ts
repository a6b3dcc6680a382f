import type { FlywheelError } from '@gloriousflywheel/shared';
import { referenceMissingReason } from '@gloriousflywheel/testkit';
import { watchJobsKilled } from '@gloriousflywheel/testkit/arc';
import { CRD_DIR } from '@gloriousflywheel/testkit/kube';
import { afterEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/engine/pipeline';
import { newReport } from '../../src/engine/report';
import { SNAPSHOT_CONFIGMAP } from '../../src/engine/snapshot';
import type { Ars } from '../../src/kube/types';
import { rollBackUpgrade, runUpgrade } from '../../src/upgrade/pipeline';
import { readUpgradeRecord, UPGRADE_CONFIGMAP, UPGRADE_STEPS } from '../../src/upgrade/record';
import { newUpgradeReport } from '../../src/upgrade/report';
import { type BackendKind, useBackend } from '../backend';
import {
  crdsDirWith,
  doctorFix,
  FROM,
  TARGET_CRDS,
  TO,
  upgradeResultErrors,
  upgradeScenario,
} from './upgrade-scenario';

type Scenario = Awaited<ReturnType<typeof upgradeScenario>>;
let current: Scenario | undefined;
async function start(...args: Parameters<typeof upgradeScenario>): Promise<Scenario> {
  current = await upgradeScenario(...args);
  return current;
}

const TWO_SETS = [
  { name: 'nix', min: 0, max: 3 },
  { name: 'docker', min: 1, max: 2 },
];

async function arsOf(s: Scenario) {
  return s.gw.list<Ars>('AutoscalingRunnerSet', s.runners);
}

async function versionsAndCaps(s: Scenario) {
  return Object.fromEntries(
    (await arsOf(s)).map((a) => [
      a.metadata.name,
      `${a.metadata.labels?.['app.kubernetes.io/version']} ${a.spec?.minRunners}/${a.spec?.maxRunners}`,
    ]),
  );
}

async function leftBehind(s: Scenario) {
  return {
    record: await s.gw.getConfigMap(s.runners, UPGRADE_CONFIGMAP),
    snapshot: await s.gw.getConfigMap(s.runners, SNAPSHOT_CONFIGMAP),
  };
}

const caught = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    return error as FlywheelError;
  }
  throw new Error('expected the run to fail');
};

/** Busy runners on every set: jobs long enough that the drain has to wait for them. */
async function busy(s: Scenario, perSet: number, durationMs = 240_000) {
  for (const set of ['nix', 'docker'])
    for (let i = 0; i < perSet; i++) s.cluster.arc.enqueueJob({ scaleSet: set, durationMs });
  await s.cluster.clock.advance(30_000);
  const running = s.cluster.arc.jobs().filter((j) => j.state === 'running');
  expect(running.length).toBe(perSet * 2);
}

/**
 * mode: upgrade end to end on the ARC simulator and the tofu stand-in (issue #14): the controller
 * and its CRDs from 0.13.1 to 0.14.2 with jobs running, and every way it can go wrong. The same
 * bodies run on the Kubernetes fake and on a real API server (issue #21).
 */
export function describeUpgrade(kind: BackendKind): void {
  useBackend(kind);
  afterEach(async () => {
    expect(current?.cluster.sim.errors ?? []).toEqual([]);
    await current?.cluster.stop();
    current = undefined;
  });

  describe.skipIf(!TARGET_CRDS)(
    `mode: upgrade ${FROM} → ${TO} on the ${kind} backend${TARGET_CRDS ? '' : ` (${referenceMissingReason(CRD_DIR)})`}`,
    () => {
      it('upgrades a fleet with jobs running: drained, removed, CRDs and controller upgraded, reinstalled, caps restored, proven, no job killed', async () => {
        const s = await start(TWO_SETS, { oldCrds: true });
        const killed = watchJobsKilled(s.cluster);
        await busy(s, 2);
        const report = newUpgradeReport(false);
        await runUpgrade(s.deps, s.upgradeConfig(), report);

        expect(report.outcome).toBe('succeeded');
        expect(upgradeResultErrors(report)).toBeUndefined();
        expect(s.cluster.version).toBe(TO);
        expect(await versionsAndCaps(s)).toEqual({ nix: `${TO} 0/3`, docker: `${TO} 1/2` });
        expect(report.phases.map((p) => p.name)).toEqual(['preflight', ...UPGRADE_STEPS]);
        expect(report.phases.every((p) => p.outcome === 'ok')).toBe(true);
        // The drain waited for the four jobs; none was cut short.
        expect(report.drain?.waitedMs).toBeGreaterThan(0);
        expect(killed()).toEqual([]);
        expect(s.cluster.arc.jobs().every((j) => j.state === 'done')).toBe(true);
        // Every CRD had the older schema: all four replaced, stored versions kept.
        expect(report.crds.map((c) => c.action)).toEqual(['replace', 'replace', 'replace', 'replace']);
        expect(report.proof.map((p) => [p.name, p.proven])).toEqual(
          expect.arrayContaining([
            ['nix', true],
            ['docker', true],
          ]),
        );
        expect(
          report.sets.map((r) => [r.name, r.before.version, r.removed, r.after?.version, r.after?.proven]),
        ).toEqual(
          expect.arrayContaining([
            ['nix', FROM, true, TO, true],
            ['docker', FROM, true, TO, true],
          ]),
        );
        expect(await leftBehind(s)).toEqual({ record: undefined, snapshot: undefined });
        // The new sets work: a job after the upgrade runs on the 0.14.2 set.
        s.cluster.arc.enqueueJob({ scaleSet: 'nix', durationMs: 10_000 });
        await s.cluster.arc.settle();
        expect(s.cluster.arc.jobs().filter((j) => j.state !== 'done')).toEqual([]);
      });

      it('keeps a job that lands during the quiesce: it waits, and runs on the reinstalled set', async () => {
        const s = await start(TWO_SETS);
        const killed = watchJobsKilled(s.cluster);
        await busy(s, 1);
        // Queued a minute into the drain, while every set is frozen at 0.
        s.cluster.arc.enqueueJob({ scaleSet: 'nix', durationMs: 20_000, at: 60_000, displayName: 'late' });
        await runUpgrade(s.deps, s.upgradeConfig(), newUpgradeReport(false));
        const late = () => s.cluster.arc.jobs().find((j) => j.displayName === 'late')!;
        expect(late().startedAt ?? Number.POSITIVE_INFINITY).toBeGreaterThan(0);
        await s.cluster.arc.settle();
        expect(late().state).toBe('done');
        expect(killed()).toEqual([]);
      });

      it('names a deletion that hangs on a finalizer, keeps the record, and resumes once it is cleared', async () => {
        // Ages: the doctor names the stuck runner by its deletion's age (wall clock on a real server).
        const s = await start(TWO_SETS, { ages: true });
        await s.cluster.arc.runnerStuckTerminating('docker', 1);
        const first = newUpgradeReport(false);
        const error = await caught(
          runUpgrade(s.deps, s.upgradeConfig({ removalTimeoutMs: s.times.removalMs }), first),
        );
        expect(error.code).toBe('UPGRADE_STUCK');
        expect(error.message).toMatch(/docker: EphemeralRunner .*terminating/);
        expect(error.message).toContain('runner-stuck-terminating');
        const record = await readUpgradeRecord(s.gw, s.runners);
        expect(record?.completed).toEqual(['quiesce', 'remove-sets']);
        expect(error.message).not.toContain('label-capacity');
        // The old controller still runs; nothing was rolled back or reinstalled behind the operator's back.
        expect(s.cluster.version).toBe(FROM);
        // No apply may run into the half-removed fleet.
        const apply = await caught(runApply(s.deps, s.upgradeConfig({}, 'apply-1').apply, newReport(false)));
        expect(apply.code).toBe('UPGRADE_IN_PROGRESS');
        // The doctor's repair releases the stuck runner; the re-run resumes where the first stopped.
        await doctorFix(s.deps, s.times);
        const second = newUpgradeReport(false);
        await runUpgrade(s.deps, s.upgradeConfig({}, 'upgrade-2'), second);
        expect(second.resumedAt).toBe('await-sets-gone');
        expect(second.phases.map((p) => p.name)).toEqual(['preflight', ...UPGRADE_STEPS.slice(2)]);
        expect(s.cluster.version).toBe(TO);
        expect(await versionsAndCaps(s)).toEqual({ nix: `${TO} 0/3`, docker: `${TO} 1/2` });
        expect(await leftBehind(s)).toEqual({ record: undefined, snapshot: undefined });
      });

      it('rolls back to the old controller and reinstalls the sets when the new one never becomes available', async () => {
        const s = await start(TWO_SETS);
        s.cluster.arc.imagePullFailsFor(TO);
        const report = newUpgradeReport(false);
        const error = await caught(runUpgrade(s.deps, s.upgradeConfig(), report));
        expect(error.code).toBe('UPGRADE_ROLLED_BACK');
        expect(error.message).toContain('ProgressDeadlineExceeded');
        expect(error.message).toMatch(/ErrImagePull|ImagePullBackOff/);
        expect(report.rollback).toEqual({ to: FROM, proven: true });
        expect(upgradeResultErrors(report)).toBeUndefined();
        expect(s.cluster.version).toBe(FROM);
        expect(await versionsAndCaps(s)).toEqual({ nix: `${FROM} 0/3`, docker: `${FROM} 1/2` });
        expect(report.phases.find((p) => p.outcome === 'failed')?.name).toBe('await-controller');
        expect(await leftBehind(s)).toEqual({ record: undefined, snapshot: undefined });
      });

      it('refuses to run from a lane of the fleet it upgrades, before any change', async () => {
        const s = await start(TWO_SETS);
        await busy(s, 1);
        const self = s.cluster.arc.jobs()[0]!.runnerName!;
        const error = await caught(
          runUpgrade(
            s.deps,
            { ...s.upgradeConfig(), apply: { ...s.upgradeConfig().apply, runnerName: self } },
            newUpgradeReport(false),
          ),
        );
        expect(error.code).toBe('SELF_LANE');
        expect(error.hint).toMatch(/hosted runner|another cluster/);
        expect(await leftBehind(s)).toEqual({ record: undefined, snapshot: undefined });
        expect(await versionsAndCaps(s)).toEqual({ nix: `${FROM} 0/3`, docker: `${FROM} 1/2` });
      });

      it('refuses a downgrade, and a minor upgrade without the target CRDs', async () => {
        const s = await start(TWO_SETS);
        const down = await caught(
          runUpgrade(
            s.deps,
            s.upgradeConfig({ version: { ...s.upgradeConfig().version, explicit: '0.12.1' } }),
            newUpgradeReport(false),
          ),
        );
        expect(down.code).toBe('UPGRADE_REFUSED');
        const noCrds = await caught(
          runUpgrade(s.deps, s.upgradeConfig({ crdsDir: undefined }), newUpgradeReport(false)),
        );
        expect(noCrds.code).toBe('UPGRADE_REFUSED');
        expect(noCrds.hint).toContain('crds-dir');
        // A target CRD that drops a version objects are stored in is refused before any change.
        const dropped = crdsDirWith((crd) => ({
          ...crd,
          spec: {
            ...(crd.spec as object),
            versions: [{ ...(crd.spec as { versions: object[] }).versions[0], name: 'v1beta1' }],
          },
        }));
        const lost = await caught(
          runUpgrade(s.deps, s.upgradeConfig({ crdsDir: dropped }), newUpgradeReport(false)),
        );
        expect(lost.code).toBe('UPGRADE_REFUSED');
        expect(lost.message).toContain('(v1alpha1)');
        expect(await leftBehind(s)).toEqual({ record: undefined, snapshot: undefined });
        expect(s.cluster.version).toBe(FROM);
      });

      it('plans in a dry run and changes nothing', async () => {
        const s = await start(TWO_SETS);
        const report = newUpgradeReport(true);
        await runUpgrade(
          s.deps,
          { ...s.upgradeConfig(), apply: { ...s.upgradeConfig().apply, dryRun: true } },
          report,
        );
        expect(report.outcome).toBe('dry-run');
        expect(report.sets.map((r) => r.name).sort()).toEqual(['docker', 'nix']);
        expect(await leftBehind(s)).toEqual({ record: undefined, snapshot: undefined });
        expect(s.cluster.version).toBe(FROM);
      });

      it('mode: restore rolls an unfinished upgrade back to the old version', async () => {
        const s = await start(TWO_SETS, { ages: true });
        await s.cluster.arc.runnerStuckTerminating('docker', 1);
        await caught(
          runUpgrade(
            s.deps,
            s.upgradeConfig({ removalTimeoutMs: s.times.shortRemovalMs }),
            newUpgradeReport(false),
          ),
        );
        await doctorFix(s.deps, s.times);
        const report = await rollBackUpgrade(
          s.deps,
          s.upgradeConfig({}, 'restore-1'),
          newUpgradeReport(false),
        );
        expect(report?.rollback).toEqual({ to: FROM, proven: true });
        expect(s.cluster.version).toBe(FROM);
        expect(await versionsAndCaps(s)).toEqual({ nix: `${FROM} 0/3`, docker: `${FROM} 1/2` });
        expect(await leftBehind(s)).toEqual({ record: undefined, snapshot: undefined });
      });

      it('an apply of the same plan is refused and points at mode: upgrade', async () => {
        const s = await start(TWO_SETS);
        const error = await caught(runApply(s.deps, s.upgradeConfig().apply, newReport(false)));
        expect(error.code).toBe('PLAN_GUARD_REJECTED');
        expect(error.hint).toContain('mode: upgrade');
        expect(s.cluster.version).toBe(FROM);
      });
    },
  );

  describe.skipIf(!TARGET_CRDS)(`mode: upgrade killed between steps, on the ${kind} backend`, () => {
    // The process dies after each recorded step (the promise is abandoned, as a killed runner
    // leaves it); a second run on another runner resumes from the record and finishes.
    for (const step of UPGRADE_STEPS.slice(0, -1)) {
      it(`resumes after being killed once ${step} was recorded`, async () => {
        const s = await start(TWO_SETS);
        const killed = watchJobsKilled(s.cluster);
        await busy(s, 1, 90_000);
        let died = false;
        void runUpgrade(s.deps, s.upgradeConfig(), newUpgradeReport(false), {
          afterPhase: (name) => {
            if (name !== step) return;
            died = true;
            return new Promise<never>(() => {});
          },
        }).catch(() => {});
        const deadline = Date.now() + 120_000;
        while (!died) {
          if (Date.now() > deadline) throw new Error(`the first run never reached ${step}`);
          await new Promise((r) => setTimeout(r, 20));
        }
        expect((await readUpgradeRecord(s.gw, s.runners))?.completed.at(-1)).toBe(step);
        const second = newUpgradeReport(false);
        await runUpgrade(s.deps, s.upgradeConfig({}, 'upgrade-2'), second);
        expect(second.resumedAt).toBe(UPGRADE_STEPS[UPGRADE_STEPS.indexOf(step) + 1]);
        expect(second.outcome).toBe('succeeded');
        expect(s.cluster.version).toBe(TO);
        expect(await versionsAndCaps(s)).toEqual({ nix: `${TO} 0/3`, docker: `${TO} 1/2` });
        expect(await leftBehind(s)).toEqual({ record: undefined, snapshot: undefined });
        expect(killed()).toEqual([]);
      });
    }
  });
}
