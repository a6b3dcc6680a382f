import { join } from 'node:path';
import { FlywheelError, toFlywheelError } from '@gloriousflywheel/shared';
import { type Ars, capsOf, keyOf } from '../kube/types';
import { assertNoUpgradeInProgress } from '../upgrade/record';
import type { ApplyConfig } from './config';
import type { EngineDeps } from './deps';
import { drain } from './drain';
import { readFleet } from './fleet';
import { freeze, previewFreeze } from './freeze';
import { assertGuard } from './guard';
import { assertNonePaused } from './pause-guard';
import { readPauseRecord } from './pause-record';
import { known, type Phase, runPhases } from './phase-runner';
import { isMutation, scaleSetsOfChange } from './plan-json';
import { type ControllerInfo, preflightFor } from './preflight';
import { prove } from './prove';
import { reapLeakedRunners } from './reap';
import { type ApplyReport, rowFor } from './report';
import { applyCaps, type PlannedCaps, restorePlan } from './restore';
import { provenRollback } from './rollback';
import { assertNotSelfLane, resolveScope, selfScaleSet } from './scope';
import { type CapSnapshot, SNAPSHOT_CONFIGMAP } from './snapshot';
import { loadTargets, type Targets } from './targets';
import { type PlanOutcome, processTofu, type TofuRunner } from './tofu';
import { atLeast } from './version';

export type { ApplyConfig } from './config';

export interface ApplyHooks {
  /** Called once the snapshot is durable, before any cap changes (the action saves post state here). */
  onSnapshot?(snapshot: CapSnapshot): void;
  /** Tests only: a point to inject a fault between phases. */
  afterPhase?(name: string): Promise<void> | void;
}

/** One run of the pipeline: what it was given, and what its phases found so far. */
interface ApplyRun {
  deps: EngineDeps;
  cfg: ApplyConfig;
  report: ApplyReport;
  hooks: ApplyHooks;
  tofu: TofuRunner;
  controller?: ControllerInfo;
  targets?: Targets;
  scope?: Ars[];
  /** When the freeze began, by the wall clock that stamps the plan file. */
  frozenAt?: Date;
  snapshot?: CapSnapshot;
  plan?: PlanOutcome;
  restorePlan?: PlannedCaps[];
}

/** A dry run freezes nothing, so any plan this run wrote passes the guard's freshness check. */
const NOTHING_FROZEN = new Date(0);

const preflight = async (run: ApplyRun, readOnly: boolean) => {
  const { controller, reported } = await preflightFor(run.deps, readOnly ? 'read' : 'apply');
  run.report.controller = reported;
  run.controller = controller;
  run.targets = await loadTargets({
    ...run.cfg.tofu,
    targetsFile: run.cfg.targetsFile,
    targetsVariable: run.cfg.targetsVariable,
  });
};

/** Without `scale-sets`, a preliminary plan names the scale sets the change touches. */
async function scopeFromPlan({ cfg, tofu }: ApplyRun): Promise<string[]> {
  const p = await tofu.planAndShow(cfg.workDir, 'scope.tfplan');
  return [...new Set(p.json.resource_changes.filter(isMutation).flatMap(scaleSetsOfChange))];
}

const reap = async (run: ApplyRun, dryRun: boolean) => {
  run.report.reap = await reapLeakedRunners(run.deps, known(run.scope, 'the scope'), {
    dryRun,
    podMaxAgeMs: run.cfg.podMaxAgeMs,
    settleTimeoutMs: run.cfg.settleTimeoutMs,
  });
};

/** The set a proof failed on gets the reason in its row. */
function markUnproven(report: ApplyReport, failure: FlywheelError): void {
  const key = failure.details?.['scaleSet'];
  if (typeof key !== 'string') return;
  Object.assign(rowFor(report, key, key.split('/').pop() ?? key), {
    proven: false,
    proofReason: failure.message,
  });
}

/** The pipeline, in order. A dry run takes the phases that only read, and the stand-ins. */
const APPLY_PHASES: readonly Phase<ApplyRun>[] = [
  {
    name: 'preflight',
    run: (run) => preflight(run, false),
    dryRun: { run: (run) => preflight(run, true) },
  },
  {
    name: 'scope',
    dryRun: 'same',
    async run(run) {
      const { deps, cfg, report } = run;
      // An unfinished upgrade has removed (or is removing) sets: nothing is scoped against that.
      await assertNoUpgradeInProgress(deps.gw, deps.ns.runners);
      const planSets = cfg.scaleSets.length === 0 ? await scopeFromPlan(run) : [];
      const view = await readFleet(deps.gw, deps.ns, { ers: false, listeners: false });
      const resolved = resolveScope(view.ars, cfg.scaleSets, planSets);
      assertNotSelfLane(selfScaleSet(cfg.runnerName, view.runners, view.ars), resolved, cfg.runnerName);
      assertNonePaused(resolved.sets, await readPauseRecord(deps.gw, deps.ns.runners));
      for (const ars of resolved.sets) {
        report.scope.push({
          name: ars.metadata.name,
          namespace: ars.metadata.namespace ?? deps.ns.runners,
          reasons: resolved.reasons.get(keyOf(ars)) ?? [],
        });
        rowFor(report, keyOf(ars), ars.metadata.name).before = capsOf(ars);
      }
      if (resolved.sets.length === 0) deps.log.warning('nothing in scope: no scale set will be frozen');
      run.scope = resolved.sets;
    },
  },
  {
    name: 'reap',
    run: (run) => reap(run, false),
    dryRun: { run: (run) => reap(run, true) },
  },
  {
    name: 'freeze',
    async run(run) {
      const { deps, cfg, report } = run;
      run.frozenAt = new Date();
      const result = await freeze(deps, known(run.scope, 'the scope'), {
        mode: cfg.freezeMode,
        runId: cfg.runId,
        snapshotFile: join(cfg.workDir, 'cap-snapshot.json'),
        controller: known(run.controller, 'the controller'),
        listenerGoneTimeoutMs: cfg.listenerGoneTimeoutMs,
        ...(cfg.retry ? { retry: cfg.retry } : {}),
        onSnapshot: (s) => {
          run.snapshot = s;
          run.hooks.onSnapshot?.(s);
        },
      });
      for (const s of result.sets) {
        const row = rowFor(report, s.key, s.name);
        row.before = s.before;
        row.frozen = s.frozen;
      }
      report.frozenSets = result.sets.map((s) => s.key);
      report.zeroedRunnerSets = result.zeroedRunnerSets;
      run.snapshot = result.snapshot;
    },
    dryRun: {
      name: 'freeze (dry run)',
      async run({ deps, cfg, report, scope, controller }) {
        const version = known(controller, 'the controller').version;
        for (const s of await previewFreeze(deps, known(scope, 'the scope'), cfg.freezeMode, version))
          rowFor(report, s.key, s.name).frozen = s.frozen;
      },
    },
    undo: {
      name: 'rollback',
      // Anything to put back once the snapshot is written, or a cap was changed.
      needed: (run) => run.snapshot !== undefined || run.report.frozenSets.length > 0,
      async run({ deps, cfg, report, snapshot, controller }) {
        try {
          report.rollback = await provenRollback(deps, {
            ...(snapshot ? { snapshot } : {}),
            ...(cfg.retry ? { retry: cfg.retry } : {}),
            proof: { graceMs: cfg.graceMs, timeoutMs: cfg.proveTimeoutMs, stableForMs: cfg.stableForMs },
            ...(controller ? { controller } : {}),
          });
        } catch (error) {
          report.rollback = { source: 'none', restored: [], error: toFlywheelError(error).message };
          deps.log.warning(
            `rollback failed (the snapshot stays in the cluster for the post phase): ${report.rollback.error}`,
          );
          throw error;
        }
      },
    },
    // The run succeeded: the snapshot is no longer a rollback source.
    commit: ({ deps }) => deps.gw.deleteConfigMap(deps.ns.runners, SNAPSHOT_CONFIGMAP),
  },
  {
    name: 'drain',
    dryRun: 'skip',
    async run({ deps, cfg, report, scope, controller }) {
      report.drain = await drain(deps, known(scope, 'the scope'), {
        timeoutMs: cfg.drainTimeoutMs,
        onTimeout: cfg.onDrainTimeout,
        progressEveryMs: cfg.progressEveryMs,
        controllerVersion: known(controller, 'the controller').version,
      });
    },
  },
  {
    name: 'plan',
    dryRun: 'same',
    async run(run) {
      const plan = await run.tofu.planAndShow(run.cfg.workDir);
      run.report.plan = {
        changes: plan.json.resource_changes
          .filter(isMutation)
          .map((c) => ({ address: c.address, actions: c.change.actions })),
      };
      run.deps.log.info(`plan: ${run.report.plan.changes.length} change(s)`);
      run.plan = plan;
    },
  },
  {
    name: 'guard',
    dryRun: 'same',
    async run({ cfg, scope, controller, plan, frozenAt = NOTHING_FROZEN }) {
      const guarded = known(plan, 'the plan');
      assertGuard({
        plan: guarded.json,
        scope: known(scope, 'the scope').map((a) => a.metadata.name),
        allow: cfg.allow,
        protect: cfg.protect,
        controllerVersion: known(controller, 'the controller').version,
        frozenAt,
        // Written after the freeze (a second of mtime slack) into this run's private folder.
        madeByThisRun:
          guarded.writtenAt.getTime() >= frozenAt.getTime() - 1000 &&
          guarded.planFile.startsWith(cfg.workDir),
      });
    },
  },
  {
    name: 'apply',
    dryRun: 'skip',
    async run({ deps, report, tofu, plan }) {
      const output = await tofu.apply(known(plan, 'the plan'));
      report.applied = true;
      deps.log.info(output.trim().split('\n').slice(-3).join('\n'));
    },
  },
  {
    name: 'restore',
    dryRun: 'skip',
    async run(run) {
      const { deps, cfg, report } = run;
      const planned = restorePlan(known(run.snapshot, 'the snapshot'), known(run.targets, 'the targets'));
      for (const p of planned) {
        const row = rowFor(report, p.key, p.name);
        row.target = p.caps;
        row.targetSource = p.source;
        if (p.source === 'snapshot')
          deps.log.warning(`${p.name} has no source target: restoring its snapshot caps`);
      }
      run.restorePlan = planned;
      report.restored = await applyCaps(deps, planned, cfg.retry);
    },
  },
  {
    name: 'prove',
    dryRun: 'skip',
    async run({ deps, cfg, report, controller, restorePlan: planned }) {
      const version = known(controller, 'the controller').version;
      try {
        report.proof = await prove(
          deps,
          known(planned, 'the restore plan').map((p) => ({
            key: p.key,
            namespace: p.namespace,
            name: p.name,
            target: p.caps,
          })),
          {
            graceMs: cfg.graceMs,
            timeoutMs: cfg.proveTimeoutMs,
            stableForMs: cfg.stableForMs,
            controllerVersion: version,
            phaseAware: atLeast(version, 0, 14),
          },
        );
      } catch (error) {
        if (error instanceof FlywheelError && error.code === 'PROOF_FAILED') markUnproven(report, error);
        throw error;
      }
      for (const p of report.proof)
        Object.assign(rowFor(report, p.key, p.name), { proven: p.proven, proofReason: p.reason });
    },
  },
];

/**
 * The managed apply: preflight → scope → reap → freeze → drain → plan → guard → apply → restore →
 * prove, with a rollback to the snapshot on any failure once the freeze began. `report` is filled
 * as it goes, so the summary can show how far a failed run got.
 */
export async function runApply(
  deps: EngineDeps,
  cfg: ApplyConfig,
  report: ApplyReport,
  hooks: ApplyHooks = {},
): Promise<ApplyReport> {
  const run: ApplyRun = { deps, cfg, report, hooks, tofu: cfg.tofuRunner ?? processTofu(cfg.tofu) };
  await runPhases(APPLY_PHASES, run, {
    clock: deps.clock,
    log: deps.log,
    ledger: report,
    dryRun: cfg.dryRun,
    ...(hooks.afterPhase ? { afterPhase: hooks.afterPhase } : {}),
  });
  return report;
}
