import { join } from 'node:path';
import { FlywheelError, toFlywheelError } from '@gloriousflywheel/shared';
import type { EngineDeps } from '../engine/deps';
import { drain } from '../engine/drain';
import { readFleet, runnersOf } from '../engine/fleet';
import { freeze } from '../engine/freeze';
import { known, type Phase, runPhases } from '../engine/phase-runner';
import { assertAccess, type ControllerInfo, controllerAmong, requiredAccess } from '../engine/preflight';
import { prove } from '../engine/prove';
import { reapLeakedRunners } from '../engine/reap';
import { applyCaps, restorePlan } from '../engine/restore';
import { rollback } from '../engine/rollback';
import { selfScaleSet } from '../engine/scope';
import { readSnapshot, SNAPSHOT_CONFIGMAP } from '../engine/snapshot';
import { loadTargets } from '../engine/targets';
import { processTofu, type TofuRunner } from '../engine/tofu';
import { atLeast, isBusy, parseVersion } from '../engine/version';
import { capsOf, keyOf, VERSION_LABEL } from '../kube/types';
import type { UpgradeConfig, UpgradeHooks } from './config';
import { installCrds, planCrds, readCrdsDir } from './crds';
import {
  deleteUpgradeRecord,
  nextStep,
  readUpgradeRecord,
  saveUpgradeRecord,
  UPGRADE_STEPS,
  type UpgradeRecord,
  type UpgradeStep,
} from './record';
import { releasesOf } from './releases';
import type { UpgradeReport, UpgradeSetRow } from './report';
import { tofuStep } from './tofu-steps';
import { checkDirection, targetVersion } from './versions';
import { awaitControllerAvailable, awaitControllerGone, awaitSetsGone } from './waits';

/** One upgrade run: what it was given and what its steps found. */
interface UpgradeRun {
  deps: EngineDeps;
  cfg: UpgradeConfig;
  report: UpgradeReport;
  tofu: TofuRunner;
  record?: UpgradeRecord;
  controller?: ControllerInfo;
  /** The tofu steps have begun removing sets: a caps rollback can no longer undo the run. */
  removing?: boolean;
  /**
   * No rollback to the old controller any more: one was tried (it runs once, whichever step
   * failed), or the new controller is up and from then on a failure rolls forward.
   */
  rollbackClosed?: boolean;
}

const PROGRESS_EVERY_MS = 30_000;
const recordFile = (run: UpgradeRun) => join(run.cfg.apply.workDir, 'upgrade-record.json');

async function save(run: UpgradeRun): Promise<void> {
  await saveUpgradeRecord(run.deps.gw, run.deps.ns.runners, known(run.record, 'the record'), recordFile(run));
}

function rowOf(report: UpgradeReport, key: string): UpgradeSetRow | undefined {
  return report.sets.find((r) => r.key === key);
}

/** The variable pinned to a version, for every plan of the run (the input may differ from the files). */
const pinned = (run: UpgradeRun, version: string) => ({ [run.cfg.version.variable]: version });
const setAddresses = (record: UpgradeRecord) => new Set(record.sets.map((s) => s.address));

/**
 * Reads where things stand: the controller, an earlier run's record, the target; checks the verbs,
 * the lane, the direction and the CRDs; and (not in a dry run) writes the record before any change.
 */
async function preflight(run: UpgradeRun): Promise<void> {
  const { deps, cfg, report } = run;
  await assertAccess(deps.gw, requiredAccess(deps.ns, 'upgrade'));
  const found = controllerAmong(await deps.gw.listDeployments(deps.ns.controller));
  if (found) run.controller = found;
  const to = await targetVersion(cfg.version);
  const view = await readFleet(deps.gw, deps.ns, { ers: false, listeners: false });
  // The whole fleet goes down: a job standing on any of its lanes would remove its own runner.
  const self = selfScaleSet(cfg.apply.runnerName, view.runners, view.ars);
  if (self) {
    throw new FlywheelError(
      'SELF_LANE',
      `this job runs on runner ${cfg.apply.runnerName} of scale set ${self.metadata.name}: an upgrade removes every scale set of the controller, its own lane too`,
      {
        hint: "Run mode: upgrade from outside this fleet: a GitHub-hosted runner or another cluster's lane (runs-on in the workflow).",
      },
    );
  }
  const existing = await readUpgradeRecord(deps.gw, deps.ns.runners);
  if (existing) {
    if (existing.to !== to && !existing.rollingBack) {
      throw new FlywheelError(
        'UPGRADE_IN_PROGRESS',
        `an upgrade ${existing.from} → ${existing.to} (run ${existing.runId}) is not finished; this run asks for ${to}`,
        {
          hint: `Re-run with the target ${existing.to} to finish it, or mode: restore to roll it back to ${existing.from}.`,
        },
      );
    }
    run.record = existing;
    report.from = existing.from;
    report.to = existing.to;
    report.resumedAt = nextStep(existing);
    for (const s of existing.sets) {
      report.sets.push({
        key: `${s.namespace}/${s.name}`,
        name: s.name,
        before: { ...(s.version ? { version: s.version } : {}), caps: s.caps },
        removed: false,
      });
    }
    deps.log.info(
      `resuming the upgrade ${existing.from} → ${existing.to} of run ${existing.runId} at ${report.resumedAt ?? 'its end'}`,
    );
    if (cfg.crdsDir) report.crds = await planCrds(deps.gw, await readCrdsDir(cfg.crdsDir));
    return;
  }
  const from = run.controller?.versionText;
  report.from = from;
  report.to = to;
  if (!run.controller) {
    throw new FlywheelError('NOT_FOUND', `no ARC controller Deployment in namespace ${deps.ns.controller}`, {
      hint: 'mode: upgrade upgrades an installed controller; set controller-namespace to its namespace.',
    });
  }
  if (from === to) {
    report.alreadyAtTarget = true;
    deps.log.info(`the controller already runs ${to}: nothing to upgrade`);
    return;
  }
  const direction = checkDirection(from, to, cfg.allowDowngrade);
  if (direction.warning) report.warnings.push(direction.warning);
  const minorChanges = parseVersion(from)?.minor !== parseVersion(to)?.minor;
  if (cfg.crdsDir) report.crds = await planCrds(deps.gw, await readCrdsDir(cfg.crdsDir));
  else if (minorChanges) {
    throw new FlywheelError(
      'UPGRADE_REFUSED',
      `${from} → ${to} changes the minor version and no crds-dir was given`,
      {
        hint:
          "Helm never upgrades CRDs: give crds-dir, the target chart's crds/ folder (helm pull … --version " +
          to +
          ' --untar).',
      },
    );
  } else report.warnings.push('no crds-dir: the CRDs are left as they are (a patch release keeps them)');
  // Where each set lives in the stack, from a plan of the var files at the target.
  const full = await run.tofu.planAndShow(cfg.apply.workDir, 'scope.tfplan', { vars: pinned(run, to) });
  const releases = releasesOf(full.json);
  const unmanaged = view.ars.filter((a) => !releases.sets.has(a.metadata.name)).map((a) => a.metadata.name);
  if (unmanaged.length > 0) {
    throw new FlywheelError(
      'UPGRADE_REFUSED',
      `scale sets not managed by the tofu stack: ${unmanaged.join(', ')}; the upgrade could not reinstall them and the new controller would delete them (version gate)`,
      { hint: 'Add them to the var files, or delete them first.' },
    );
  }
  run.record = {
    version: 1,
    runId: cfg.apply.runId,
    startedAt: deps.clock.now().toISOString(),
    from: known(from, 'the version'),
    to,
    variable: cfg.version.variable,
    controllerAddress: releases.controller,
    sets: view.ars.map((a) => ({
      namespace: a.metadata.namespace ?? deps.ns.runners,
      name: a.metadata.name,
      address: releases.sets.get(a.metadata.name)!,
      ...(a.metadata.labels?.[VERSION_LABEL] ? { version: a.metadata.labels[VERSION_LABEL] } : {}),
      caps: capsOf(a),
    })),
    completed: [],
    crds: [],
  };
  for (const s of run.record.sets) {
    report.sets.push({
      key: `${s.namespace}/${s.name}`,
      name: s.name,
      before: { ...(s.version ? { version: s.version } : {}), caps: s.caps },
      removed: false,
    });
  }
  deps.log.info(`upgrade ${from} → ${to}: ${run.record.sets.length} scale set(s) to remove and reinstall`);
  if (!cfg.apply.dryRun) await save(run);
}

/** Marks a step done in the durable record, so a re-run starts after it. */
async function done(run: UpgradeRun, step: UpgradeStep): Promise<void> {
  const record = known(run.record, 'the record');
  if (!record.completed.includes(step)) record.completed.push(step);
  await save(run);
}

/**
 * The controller release alone, through tofu at `version`: removed (a targeted destroy, then its
 * Deployment gone) or installed (a targeted apply). The upgrade and its rollback both use it.
 */
async function controllerStep(
  run: UpgradeRun,
  step: string,
  action: 'delete' | 'create',
  version: string,
): Promise<void> {
  const { deps, cfg, report } = run;
  const address = known(run.record, 'the record').controllerAddress;
  await tofuStep(
    deps,
    run.tofu,
    cfg.apply.workDir,
    report,
    { step, addresses: new Set([address]), actions: new Set([action]) },
    { ...(action === 'delete' ? { destroy: true } : {}), targets: [address], vars: pinned(run, version) },
  );
  if (action === 'delete')
    await awaitControllerGone(deps, {
      timeoutMs: cfg.controllerTimeoutMs,
      progressEveryMs: PROGRESS_EVERY_MS,
    });
}

/** Puts the old controller back and the sets at the old version, then caps and proof (runs once). */
async function rollbackToOld(run: UpgradeRun): Promise<void> {
  run.rollbackClosed = true;
  const { deps, cfg, report } = run;
  const record = known(run.record, 'the record');
  record.rollingBack = true;
  await save(run);
  const from = record.from;
  const wait = { timeoutMs: cfg.controllerTimeoutMs, progressEveryMs: PROGRESS_EVERY_MS };
  try {
    const current = controllerAmong(await deps.gw.listDeployments(deps.ns.controller));
    if (current?.versionText !== from) {
      if (current) await controllerStep(run, 'rollback-remove-controller', 'delete', from);
      await controllerStep(run, 'rollback-install-controller', 'create', from);
    }
    await awaitControllerAvailable(deps, from, wait);
    await reinstallSets(run, from, 'rollback-reinstall-sets');
    await restoreAndProve(run, from);
    report.rollback = { to: from, proven: report.proof.every((p) => p.proven) };
    await finish(run);
  } catch (error) {
    const failure = toFlywheelError(error);
    report.rollback = { to: from, proven: false, error: failure.message };
    record.lastError = failure.message;
    await save(run).catch(() => {});
    deps.log.warning(
      `the rollback to ${from} failed; the upgrade record stays for mode: restore: ${failure.message}`,
    );
    throw failure;
  }
}

/** The sets back through tofu at `version` (and any set the var files add). */
async function reinstallSets(run: UpgradeRun, version: string, step: string): Promise<void> {
  const { deps, cfg, report } = run;
  const record = known(run.record, 'the record');
  await tofuStep(
    deps,
    run.tofu,
    cfg.apply.workDir,
    report,
    {
      step,
      addresses: setAddresses(record),
      anyScaleSet: true,
      actions: new Set(['create', 'update']),
      setVersion: version,
    },
    { vars: pinned(run, version) },
  );
}

/** Their caps from the source targets (else the snapshot), then every listener proven at `version`. */
async function restoreAndProve(run: UpgradeRun, version: string): Promise<void> {
  const { deps, cfg, report } = run;
  const record = known(run.record, 'the record');
  const targets = await loadTargets({
    workingDirectory: cfg.apply.tofu.workingDirectory,
    varFiles: cfg.apply.tofu.varFiles,
    targetsFile: cfg.apply.targetsFile,
    targetsVariable: cfg.apply.targetsVariable,
  });
  // The pre-freeze caps: the snapshot when the freeze wrote one, else the record's.
  const snapshot = (await readSnapshot(deps.gw, deps.ns.runners)) ?? {
    version: 1 as const,
    runId: record.runId,
    createdAt: record.startedAt,
    sets: record.sets.map((s) => ({ namespace: s.namespace, name: s.name, ...s.caps })),
  };
  const planned = restorePlan(snapshot, targets);
  await applyCaps(deps, planned, cfg.apply.retry);
  report.proof = await prove(
    deps,
    planned.map((p) => ({ key: p.key, namespace: p.namespace, name: p.name, target: p.caps })),
    {
      graceMs: cfg.apply.graceMs,
      timeoutMs: cfg.apply.proveTimeoutMs,
      stableForMs: cfg.apply.stableForMs,
      controllerVersion: parseVersion(version),
      phaseAware: atLeast(parseVersion(version), 0, 14),
      keepGoing: true,
    },
  );
  const view = await readFleet(deps.gw, deps.ns, { ers: false, runners: false, listeners: false });
  for (const p of planned) {
    const ars = view.ars.find((a) => keyOf(a) === p.key);
    const proof = report.proof.find((e) => e.key === p.key);
    const row = rowOf(report, p.key);
    if (row) {
      row.after = {
        ...(ars?.metadata.labels?.[VERSION_LABEL] ? { version: ars.metadata.labels[VERSION_LABEL] } : {}),
        ...(ars ? { caps: capsOf(ars) } : {}),
        proven: proof?.proven ?? false,
        ...(proof && !proof.proven ? { reason: proof.reason } : {}),
      };
    }
  }
  const unproven = report.proof.filter((p) => !p.proven);
  if (unproven.length > 0) {
    throw new FlywheelError(
      'PROOF_FAILED',
      `listeners not proven at ${version}: ${unproven.map((p) => `${p.name} (${p.reason})`).join('; ')}`,
      {
        hint: 'The upgrade record stays: see the sets named (mode: doctor), then re-run to resume.',
        details: { unproven },
      },
    );
  }
}

/** Success (or a finished rollback): the snapshot and the record go. */
async function finish(run: UpgradeRun): Promise<void> {
  await run.deps.gw.deleteConfigMap(run.deps.ns.runners, SNAPSHOT_CONFIGMAP);
  await deleteUpgradeRecord(run.deps.gw, run.deps.ns.runners);
}

/** The controller steps fail into a rollback to the old version. */
const rollsBack: Phase<UpgradeRun>['undo'] = {
  name: 'rollback',
  needed: (run) => !run.rollbackClosed,
  run: rollbackToOld,
};

const STEP_PHASES: Record<UpgradeStep, Phase<UpgradeRun>> = {
  quiesce: {
    name: 'quiesce',
    dryRun: 'skip',
    async run(run) {
      const { deps, cfg, report } = run;
      const record = known(run.record, 'the record');
      const keys = new Set(record.sets.map((s) => `${s.namespace}/${s.name}`));
      const scope = (
        await readFleet(deps.gw, deps.ns, { ers: false, runners: false, listeners: false })
      ).ars.filter((a) => keys.has(keyOf(a)));
      const controller = known(run.controller, 'the controller');
      report.reap = await reapLeakedRunners(deps, scope, {
        dryRun: false,
        podMaxAgeMs: cfg.apply.podMaxAgeMs,
        settleTimeoutMs: cfg.apply.settleTimeoutMs,
      });
      const frozen = await freeze(deps, scope, {
        mode: cfg.apply.freezeMode,
        runId: cfg.apply.runId,
        snapshotFile: join(cfg.apply.workDir, 'cap-snapshot.json'),
        controller,
        listenerGoneTimeoutMs: cfg.apply.listenerGoneTimeoutMs,
        ...(cfg.apply.retry ? { retry: cfg.apply.retry } : {}),
      });
      for (const s of frozen.sets) {
        const row = rowOf(report, s.key);
        if (row) row.frozen = s.frozen;
      }
      // The caps to come back to are the snapshot's (a dead apply's frozen set keeps its older caps).
      for (const entry of frozen.snapshot.sets) {
        const set = record.sets.find((s) => s.name === entry.name && s.namespace === entry.namespace);
        if (set) set.caps = { minRunners: entry.minRunners, maxRunners: entry.maxRunners };
      }
      // Running jobs are never cut short by an upgrade: a drain timeout always fails (and rolls back).
      report.drain = await drain(deps, scope, {
        timeoutMs: cfg.apply.drainTimeoutMs,
        onTimeout: 'fail',
        progressEveryMs: PROGRESS_EVERY_MS,
        controllerVersion: controller.version,
      });
      await done(run, 'quiesce');
    },
    undo: {
      name: 'rollback caps',
      // Only until the first set is removed: from then on the record is the way back.
      needed: (run) => !run.removing,
      async run(run) {
        const { deps } = run;
        await rollback(deps, {});
        await deleteUpgradeRecord(deps.gw, deps.ns.runners);
      },
    },
  },
  'remove-sets': {
    name: 'remove-sets',
    dryRun: 'skip',
    async run(run) {
      const { deps, cfg, report } = run;
      const record = known(run.record, 'the record');
      // A job that got a runner after the drain: wait for it too, never delete a busy runner.
      const view = await readFleet(deps.gw, deps.ns, { ers: false, listeners: false });
      const keys = new Set(record.sets.map((s) => `${s.namespace}/${s.name}`));
      const scope = view.ars.filter((a) => keys.has(keyOf(a)));
      const version = run.controller?.version;
      if (scope.some((a) => runnersOf(view, a).some((r) => isBusy(r, version)))) {
        report.drain = await drain(deps, scope, {
          timeoutMs: cfg.apply.drainTimeoutMs,
          onTimeout: 'fail',
          progressEveryMs: PROGRESS_EVERY_MS,
          controllerVersion: version,
        });
      }
      run.removing = true;
      await tofuStep(
        deps,
        run.tofu,
        cfg.apply.workDir,
        report,
        { step: 'remove-sets', addresses: setAddresses(record), actions: new Set(['delete']) },
        { destroy: true, targets: record.sets.map((s) => s.address), vars: pinned(run, record.to) },
      );
      for (const row of report.sets) row.removed = true;
      // The frozen sets are gone: the record's caps are the way back from here, and a frozen mark
      // would keep the doctor from releasing what blocks their removal.
      await deps.gw.deleteConfigMap(deps.ns.runners, SNAPSHOT_CONFIGMAP);
      await done(run, 'remove-sets');
    },
  },
  'await-sets-gone': {
    name: 'await-sets-gone',
    dryRun: 'skip',
    async run(run) {
      run.removing = true;
      const { cfg } = run;
      await awaitSetsGone(run.deps, known(run.record, 'the record').sets, {
        timeoutMs: cfg.removalTimeoutMs,
        progressEveryMs: PROGRESS_EVERY_MS,
        stuckAfterMs: cfg.stuckAfterMs,
        graceMs: cfg.apply.graceMs,
      });
      await done(run, 'await-sets-gone');
    },
  },
  'remove-controller': {
    name: 'remove-controller',
    dryRun: 'skip',
    async run(run) {
      run.removing = true;
      await controllerStep(run, 'remove-controller', 'delete', known(run.record, 'the record').from);
      await done(run, 'remove-controller');
    },
    undo: rollsBack,
  },
  crds: {
    name: 'crds',
    dryRun: 'skip',
    async run(run) {
      const { deps, cfg, report } = run;
      const record = known(run.record, 'the record');
      if (cfg.crdsDir) {
        const target = await readCrdsDir(cfg.crdsDir);
        report.crds = await planCrds(deps.gw, target);
        const written = await installCrds(deps.gw, target, report.crds);
        record.crds = [...new Set([...record.crds, ...written])];
        deps.log.info(
          written.length ? `CRDs written: ${written.join(', ')}` : "the CRDs are already the target chart's",
        );
      }
      await done(run, 'crds');
    },
    undo: rollsBack,
  },
  'install-controller': {
    name: 'install-controller',
    dryRun: 'skip',
    async run(run) {
      await controllerStep(run, 'install-controller', 'create', known(run.record, 'the record').to);
      await done(run, 'install-controller');
    },
    undo: rollsBack,
  },
  'await-controller': {
    name: 'await-controller',
    dryRun: 'skip',
    async run(run) {
      const record = known(run.record, 'the record');
      await awaitControllerAvailable(run.deps, record.to, {
        timeoutMs: run.cfg.controllerTimeoutMs,
        progressEveryMs: PROGRESS_EVERY_MS,
      });
      await done(run, 'await-controller');
    },
    undo: rollsBack,
  },
  'reinstall-sets': {
    name: 'reinstall-sets',
    dryRun: 'skip',
    async run(run) {
      // The new controller is up: from here a failure rolls forward (a re-run resumes).
      run.rollbackClosed = true;
      await reinstallSets(run, known(run.record, 'the record').to, 'reinstall-sets');
      await done(run, 'reinstall-sets');
    },
  },
  prove: {
    name: 'prove',
    dryRun: 'skip',
    async run(run) {
      run.rollbackClosed = true;
      await restoreAndProve(run, known(run.record, 'the record').to);
      await done(run, 'prove');
    },
    commit: finish,
  },
};

/**
 * The managed controller upgrade (ARC's documented procedure, arc-facts §7): preflight → quiesce
 * (reap, freeze, drain) → remove the scale sets through tofu → wait until they are gone → remove
 * the controller → replace the CRDs that changed → install the controller at the target → wait
 * until it is available → reinstall the sets at the target → restore caps and prove every
 * listener. Each step is recorded in the cluster as it ends, so a re-run resumes after the last.
 */
export async function runUpgrade(
  deps: EngineDeps,
  cfg: UpgradeConfig,
  report: UpgradeReport,
  hooks: UpgradeHooks = {},
): Promise<UpgradeReport> {
  const run: UpgradeRun = { deps, cfg, report, tofu: cfg.apply.tofuRunner ?? processTofu(cfg.apply.tofu) };
  const options = { clock: deps.clock, log: deps.log, ledger: report, dryRun: cfg.apply.dryRun };
  await runPhases([{ name: 'preflight', dryRun: 'same', run: preflight }], run, options);
  const record = run.record;
  if (report.alreadyAtTarget || !record) return report;
  if (record.rollingBack) {
    // An earlier run's rollback did not finish: finish it, whatever was asked.
    run.removing = record.completed.includes('remove-sets');
    try {
      await runPhases([{ name: 'rollback', dryRun: 'skip', run: rollbackToOld }], run, options);
    } catch (error) {
      throw namingSetsNotBack(run, toFlywheelError(error));
    }
    return report;
  }
  // Where the record says the fleet is: the removal has begun once remove-sets ran.
  run.removing = record.completed.includes('remove-sets');
  const from = nextStep(record);
  const remaining = from ? UPGRADE_STEPS.slice(UPGRADE_STEPS.indexOf(from)).map((s) => STEP_PHASES[s]) : [];
  try {
    await runPhases(remaining, run, {
      ...options,
      ...(hooks.afterPhase ? { afterPhase: hooks.afterPhase } : {}),
    });
  } catch (error) {
    const cause = toFlywheelError(error);
    if (report.rollback?.error) {
      throw namingSetsNotBack(
        run,
        new FlywheelError(
          cause.code,
          `${cause.message}\nThe rollback to ${record.from} failed too: ${report.rollback.error}`,
          {
            hint: `The upgrade record stays in the cluster: mode: restore retries the rollback to ${record.from}.`,
            cause,
          },
        ),
      );
    }
    if (report.rollback) {
      throw new FlywheelError(
        'UPGRADE_ROLLED_BACK',
        `the upgrade to ${record.to} failed and was rolled back to ${record.from}, every set proven: ${cause.message}`,
        { hint: cause.hint ?? 'Fix what is named, then run mode: upgrade again.', cause },
      );
    }
    throw namingSetsNotBack(run, cause);
  }
  return report;
}

/**
 * A failure once sets were removed names every set not back and proven yet: none may be missing
 * without the error saying so (the record holds them for the re-run or mode: restore).
 */
function namingSetsNotBack(run: UpgradeRun, cause: FlywheelError): FlywheelError {
  const record = run.record;
  if (!record || !run.removing) return cause;
  const proven = new Set(run.report.proof.filter((p) => p.proven).map((p) => p.key));
  const notBack = record.sets.filter((s) => !proven.has(`${s.namespace}/${s.name}`)).map((s) => s.name);
  if (notBack.length === 0) return cause;
  return new FlywheelError(
    cause.code,
    `${cause.message}\nScale sets removed and not yet reinstalled and proven: ${notBack.join(', ')}.`,
    {
      ...(cause.hint ? { hint: cause.hint } : {}),
      ...(cause.details ? { details: cause.details } : {}),
      cause,
    },
  );
}

/** `mode: restore` with an upgrade record: roll the unfinished upgrade back to its old version. */
export async function rollBackUpgrade(
  deps: EngineDeps,
  cfg: UpgradeConfig,
  report: UpgradeReport,
): Promise<UpgradeReport | undefined> {
  const record = await readUpgradeRecord(deps.gw, deps.ns.runners);
  if (!record) return undefined;
  const run: UpgradeRun = {
    deps,
    cfg,
    report,
    tofu: cfg.apply.tofuRunner ?? processTofu(cfg.apply.tofu),
    record,
  };
  report.from = record.from;
  report.to = record.to;
  for (const s of record.sets) {
    report.sets.push({
      key: `${s.namespace}/${s.name}`,
      name: s.name,
      before: { ...(s.version ? { version: s.version } : {}), caps: s.caps },
      removed: record.completed.includes('remove-sets'),
    });
  }
  run.removing = record.completed.includes('remove-sets');
  try {
    await runPhases([{ name: 'rollback', dryRun: 'skip', run: rollbackToOld }], run, {
      clock: deps.clock,
      log: deps.log,
      ledger: report,
      dryRun: false,
    });
  } catch (error) {
    throw namingSetsNotBack(run, toFlywheelError(error));
  }
  return report;
}
