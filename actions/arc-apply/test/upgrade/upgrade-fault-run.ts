import type { FlywheelError } from '@gloriousflywheel/shared';
import { watchJobsKilled } from '@gloriousflywheel/testkit/arc';
import { seededRandom } from '@gloriousflywheel/testkit/kube';
import { updateStandinConfig } from '@gloriousflywheel/testkit/tofu';
import { SNAPSHOT_CONFIGMAP } from '../../src/engine/snapshot';
import { type Ars, type Listener, listenerCapsOf } from '../../src/kube/types';
import { rollBackUpgrade, runUpgrade } from '../../src/upgrade/pipeline';
import { readUpgradeRecord, UPGRADE_STEPS } from '../../src/upgrade/record';
import { newUpgradeReport } from '../../src/upgrade/report';
import { doctorFix, FROM, TARGET_CRDS, TO, upgradeScenario } from './upgrade-scenario';

export interface UpgradeOutcome {
  seed: number;
  faults: string[];
  /** How the operator's last run ended: upgraded, rolled back, or the error left for a person. */
  end: string;
  runs: number;
  violations: string[];
}

const SETS = ['nix', 'docker', 'dind'];

/**
 * One seeded upgrade under faults, driven the way an operator would: the upgrade, and after a
 * failure what its message says to do (the doctor's repair for a stuck removal, a re-run after a
 * killed runner or a failed tofu apply, mode: restore when asked to give up), at most four runs.
 * Then the invariants: no job killed; every set present and proven at one version, the controller
 * at that version, nothing left frozen or recorded — or, when the operator stopped, a record and an
 * error that names every set not back.
 */
export async function upgradeFaultRun(seed: number): Promise<UpgradeOutcome> {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const faults: string[] = [];
  const names = SETS.slice(0, 1 + Math.floor(rnd() * 3));
  const sets = names.map((name) => {
    const min = chance(0.3) ? 1 : 0;
    return { name, min, max: min + 1 + Math.floor(rnd() * 3) };
  });
  const s = await upgradeScenario(sets, { oldCrds: chance(0.5) });
  const violations: string[] = [];
  let runs = 0;
  let end = 'not run';
  try {
    const killed = watchJobsKilled(s.cluster);
    for (const set of names) {
      for (let j = Math.floor(rnd() * 3); j > 0; j--)
        s.cluster.arc.enqueueJob({ scaleSet: set, durationMs: 30_000 + Math.floor(rnd() * 240_000) });
    }
    if (chance(0.3)) {
      const set = pick(names);
      s.cluster.arc.enqueueJob({
        scaleSet: set,
        durationMs: 20_000,
        at: 30_000 + Math.floor(rnd() * 120_000),
      });
      faults.push(`late-job:${set}`);
    }
    await s.cluster.clock.advance(20_000);
    if (chance(0.25)) {
      // A registered idle runner that then loses its node while being deleted.
      const set = pick(names);
      await s.cluster.arc.leakIdleRunners(set, 1);
      await s.cluster.clock.advance(20_000);
      await s.cluster.arc.runnerStuckTerminating(set, 1);
      faults.push(`stuck:${set}`);
    }
    const imagePull = chance(0.2);
    if (imagePull) {
      s.cluster.arc.imagePullFailsFor(TO);
      faults.push('image-pull');
    }
    const failReinstall = chance(0.15) ? pick(names) : undefined;
    if (failReinstall) {
      updateStandinConfig(s.workdir, {
        namespace: s.runners,
        controllerNamespace: s.ns.controller,
        crdsDir: TARGET_CRDS!,
        failApplyOf: [`kubernetes_manifest.runner_set["${failReinstall}"]`],
      });
      faults.push(`reinstall-fails:${failReinstall}`);
    }
    const killAfter = chance(0.3) ? pick(UPGRADE_STEPS.slice(0, -1)) : undefined;
    if (killAfter) faults.push(`killed-after:${killAfter}`);
    const giveUp = chance(0.2);
    if (giveUp) faults.push('operator-restores');

    /** What an error tells the operator to do before the re-run. */
    const followHint = async (error: FlywheelError) => {
      if (error.code === 'UPGRADE_STUCK') await doctorFix(s.deps);
      // The failed tofu apply was transient (a provider timeout, say): it works the next time.
      if (failReinstall)
        updateStandinConfig(s.workdir, {
          namespace: s.runners,
          controllerNamespace: s.ns.controller,
          crdsDir: TARGET_CRDS!,
        });
    };
    let last: FlywheelError | undefined;
    for (runs = 1; runs <= 4; runs++) {
      const cfg = s.upgradeConfig({ removalTimeoutMs: 300_000 }, `seed-${seed}-${runs}`);
      if (runs === 1 && killAfter) {
        let died = false;
        void runUpgrade(s.deps, cfg, newUpgradeReport(false), {
          afterPhase: (name) => {
            if (name !== killAfter) return;
            died = true;
            return new Promise<never>(() => {});
          },
        }).catch((error: unknown) => {
          last = error as FlywheelError;
          died = true;
        });
        const deadline = Date.now() + 180_000;
        while (!died && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        if (!died) violations.push(`the killed run never reached ${killAfter}`);
        // It may have failed before the kill point: then the operator does what the error says.
        if (!last) continue;
        const first = last as FlywheelError;
        end = `failed: ${first.code}`;
        if (first.code === 'UPGRADE_ROLLED_BACK') {
          end = `rolled back to ${FROM}`;
          last = undefined;
          break;
        }
        await followHint(first);
        continue;
      }
      const report = newUpgradeReport(false);
      try {
        if (giveUp && runs > 1 && (await readUpgradeRecord(s.gw, s.runners))) {
          await rollBackUpgrade(s.deps, cfg, report);
          end = `restored to ${FROM}`;
        } else {
          await runUpgrade(s.deps, cfg, report);
          end = report.rollback ? `rolled back to ${FROM}` : `upgraded to ${TO}`;
        }
        last = undefined;
        break;
      } catch (error) {
        last = error as FlywheelError;
        end = `failed: ${last.code}`;
        if (last.code === 'UPGRADE_ROLLED_BACK') {
          end = `rolled back to ${FROM}`;
          last = undefined;
          break;
        }
        await followHint(last);
      }
    }

    violations.push(...killed());
    const record = await readUpgradeRecord(s.gw, s.runners);
    const snapshot = await s.gw.getConfigMap(s.runners, SNAPSHOT_CONFIGMAP);
    const live = await s.gw.list<Ars>('AutoscalingRunnerSet', s.runners);
    const listeners = await s.gw.list<Listener>('AutoscalingListener', s.cluster.controllerNamespace);
    if (last) {
      // The operator stopped here: the record must say where things are, the error which sets.
      if (!record) violations.push(`failed (${last.code}) without an upgrade record`);
      for (const name of names) {
        const ars = live.find((a) => a.metadata.name === name);
        const back =
          ars &&
          !ars.metadata.deletionTimestamp &&
          listeners.some((l) => l.spec?.autoscalingRunnerSetName === name);
        if (!back && !last.message.includes(name))
          violations.push(`${name} not back and not named: ${last.message}`);
      }
    } else {
      const version = end.startsWith('upgraded') ? TO : FROM;
      if (record) violations.push(`${end}, but the upgrade record is still there`);
      if (snapshot) violations.push(`${end}, but the cap snapshot is still there`);
      if (s.cluster.version !== version)
        violations.push(`${end}, but the controller runs ${s.cluster.version}`);
      for (const { name, min, max } of sets) {
        const ars = live.find((a) => a.metadata.name === name);
        const label = ars?.metadata.labels?.['app.kubernetes.io/version'];
        if (!ars) violations.push(`${end}, but ${name} is missing`);
        else if (label !== version) violations.push(`${end}, but ${name} is labelled ${label}`);
        else if (ars.spec?.minRunners !== min || ars.spec?.maxRunners !== max)
          violations.push(
            `${end}, but ${name} is at ${ars.spec?.minRunners}/${ars.spec?.maxRunners}, not ${min}/${max}`,
          );
        const l = listeners.find(
          (x) => x.spec?.autoscalingRunnerSetName === name && !x.metadata.deletionTimestamp,
        );
        const lc = l && listenerCapsOf(l);
        if (!lc || lc.minRunners !== min || lc.maxRunners !== max)
          violations.push(
            `${end}, but ${name}'s listener is ${lc ? `${lc.minRunners}/${lc.maxRunners}` : 'missing'}`,
          );
      }
    }
    if (s.cluster.sim.errors.length) violations.push(...s.cluster.sim.errors.map((e) => `simulator: ${e}`));
    return { seed, faults, end, runs, violations };
  } finally {
    await s.cluster.stop();
  }
}
