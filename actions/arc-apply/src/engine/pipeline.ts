import { join, resolve } from 'node:path';
import { toFlywheelError } from '@gloriousflywheel/shared';
import { type Ars, capsOf, keyOf } from '../kube/types';
import type { EngineDeps } from './deps';
import { drain } from './drain';
import type { Namespaces } from './fleet';
import { readFleet, runnersOf } from './fleet';
import { freeze } from './freeze';
import { type FreezeMode, frozenCaps } from './freeze-caps';
import { assertGuard } from './guard';
import type { RetryPolicy } from './patch-caps';
import { isMutation, scaleSetsOfChange } from './plan-json';
import { assertAccess, type ControllerInfo, discoverController, requiredAccess } from './preflight';
import { prove } from './prove';
import { reapLeakedRunners } from './reap';
import { type ApplyReport, rowFor } from './report';
import { applyCaps, restorePlan } from './restore';
import { rollback } from './rollback';
import { assertNotSelfLane, resolveScope, selfScaleSet } from './scope';
import type { CapSnapshot } from './snapshot';
import { SNAPSHOT_CONFIGMAP } from './snapshot';
import { type Targets, targetsFromFile, targetsFromTfvars } from './targets';
import { processTofu, type TofuOptions, type TofuRunner } from './tofu';
import { atLeast, isBusy } from './version';

export interface ApplyConfig {
  ns: Namespaces;
  scaleSets: string[];
  freezeMode: FreezeMode;
  drainTimeoutMs: number;
  onDrainTimeout: 'fail' | 'proceed';
  progressEveryMs: number;
  tofu: TofuOptions;
  /** Replaces the tofu executable (in-process stand-ins for large randomized test runs). */
  tofuRunner?: TofuRunner;
  targetsFile?: string;
  targetsVariable?: string;
  protect: string[];
  allow: string[];
  graceMs: number;
  proveTimeoutMs: number;
  stableForMs: number;
  settleTimeoutMs: number;
  podMaxAgeMs: number;
  listenerGoneTimeoutMs: number;
  dryRun: boolean;
  runId: string;
  runnerName?: string;
  /** Private folder for the plan and snapshot files. */
  workDir: string;
  retry?: RetryPolicy;
}

export interface ApplyHooks {
  /** Called once the snapshot is durable, before any cap changes (the action saves post state here). */
  onSnapshot?(snapshot: CapSnapshot): void;
  /** Tests only: a point to inject a fault between phases. */
  afterPhase?(name: string): Promise<void> | void;
}

/**
 * The managed apply: preflight → scope → reap → freeze → drain → plan → guard → apply → restore →
 * prove, with a rollback to the snapshot on any failure after the freeze. `report` is filled as it
 * goes, so the summary can show how far a failed run got.
 */
export async function runApply(
  deps: EngineDeps,
  cfg: ApplyConfig,
  report: ApplyReport,
  hooks: ApplyHooks = {},
): Promise<ApplyReport> {
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const start = deps.clock.now().toISOString();
    try {
      const value = await deps.log.group(name, fn);
      report.phases.push({ name, start, end: deps.clock.now().toISOString(), outcome: 'ok' });
      await hooks.afterPhase?.(name);
      return value;
    } catch (error) {
      report.phases.push({ name, start, end: deps.clock.now().toISOString(), outcome: 'failed' });
      throw error;
    }
  };

  const { controller, targets } = await phase('preflight', async () => {
    const controller = await discoverController(deps.gw, cfg.ns);
    report.controller = {
      deployment: controller.deployment,
      ...(controller.versionText ? { version: controller.versionText } : {}),
      updateStrategy: controller.updateStrategy,
    };
    deps.log.info(
      `ARC controller ${controller.deployment} ${controller.versionText ?? '(version unknown)'}, update strategy ${controller.updateStrategy}`,
    );
    if (!controller.version)
      deps.log.warning(
        'the controller version is not semver (dev/canary/master?): the version-label guard rejects every ARS change',
      );
    await assertAccess(deps.gw, requiredAccess(cfg.ns, cfg.dryRun));
    return { controller, targets: await loadTargets(cfg) };
  });

  const scope = await phase('scope', async () => {
    const planSets = cfg.scaleSets.length === 0 ? await scopeFromPlan(cfg) : [];
    const view = await readFleet(deps.gw, cfg.ns, { ers: false, listeners: false });
    const resolved = resolveScope(view.ars, cfg.scaleSets, planSets);
    const runnerName = cfg.runnerName;
    assertNotSelfLane(selfScaleSet(runnerName, view.runners, view.ars), resolved, runnerName);
    for (const ars of resolved.sets) {
      report.scope.push({
        name: ars.metadata.name,
        namespace: ars.metadata.namespace ?? cfg.ns.runners,
        reasons: resolved.reasons.get(keyOf(ars)) ?? [],
      });
      rowFor(report, keyOf(ars), ars.metadata.name).before = capsOf(ars);
    }
    if (resolved.sets.length === 0) deps.log.warning('nothing in scope: no scale set will be frozen');
    return resolved.sets;
  });

  report.reap = await phase('reap', () =>
    reapLeakedRunners(deps, scope, {
      dryRun: cfg.dryRun,
      podMaxAgeMs: cfg.podMaxAgeMs,
      settleTimeoutMs: cfg.settleTimeoutMs,
    }),
  );

  if (cfg.dryRun) return dryRunRest(deps, cfg, report, scope, controller, phase);

  const frozenAt = new Date();
  let snapshot: CapSnapshot | undefined;
  try {
    const frozen = await phase('freeze', async () => {
      const result = await freeze(deps, scope, {
        mode: cfg.freezeMode,
        runId: cfg.runId,
        snapshotFile: join(cfg.workDir, 'cap-snapshot.json'),
        controller,
        listenerGoneTimeoutMs: cfg.listenerGoneTimeoutMs,
        ...(cfg.retry ? { retry: cfg.retry } : {}),
        onSnapshot: (s) => {
          snapshot = s;
          hooks.onSnapshot?.(s);
        },
      });
      for (const s of result.sets) {
        const row = rowFor(report, s.key, s.name);
        row.before = s.before;
        row.frozen = s.frozen;
      }
      report.frozenSets = result.sets.map((s) => s.key);
      report.zeroedRunnerSets = result.zeroedRunnerSets;
      return result;
    });
    snapshot = frozen.snapshot;

    report.drain = await phase('drain', () =>
      drain(deps, scope, {
        timeoutMs: cfg.drainTimeoutMs,
        onTimeout: cfg.onDrainTimeout,
        progressEveryMs: cfg.progressEveryMs,
        controllerVersion: controller.version,
      }),
    );

    const plan = await phase('plan', async () => {
      const p = await tofuOf(cfg).planAndShow(cfg.workDir);
      report.plan = {
        changes: p.json.resource_changes
          .filter(isMutation)
          .map((c) => ({ address: c.address, actions: c.change.actions })),
      };
      deps.log.info(`plan: ${report.plan.changes.length} change(s)`);
      return p;
    });

    await phase('guard', async () =>
      assertGuard({
        plan: plan.json,
        scope: scope.map((a) => a.metadata.name),
        allow: cfg.allow,
        protect: cfg.protect,
        controllerVersion: controller.version,
        frozenAt,
        madeByThisRun:
          plan.writtenAt.getTime() >= frozenAt.getTime() - 1000 && plan.planFile.startsWith(cfg.workDir),
      }),
    );

    await phase('apply', async () => {
      const output = await tofuOf(cfg).apply(plan);
      report.applied = true;
      deps.log.info(output.trim().split('\n').slice(-3).join('\n'));
    });

    const restorePlanned = restorePlan(frozen.snapshot, targets);
    await phase('restore', async () => {
      for (const p of restorePlanned) {
        const row = rowFor(report, p.key, p.name);
        row.target = p.caps;
        row.targetSource = p.source;
        if (p.source === 'snapshot')
          deps.log.warning(`${p.name} has no source target: restoring its snapshot caps`);
      }
      report.restored = await applyCaps(deps, restorePlanned, cfg.retry);
    });

    report.proof = await phase('prove', () =>
      prove(
        deps,
        restorePlanned.map((p) => ({ key: p.key, namespace: p.namespace, name: p.name, target: p.caps })),
        {
          graceMs: cfg.graceMs,
          timeoutMs: cfg.proveTimeoutMs,
          stableForMs: cfg.stableForMs,
          controllerVersion: controller.version,
          phaseAware: atLeast(controller.version, 0, 14),
        },
      ),
    );
    for (const p of report.proof)
      Object.assign(rowFor(report, p.key, p.name), { proven: p.proven, proofReason: p.reason });
    await deps.gw.deleteConfigMap(cfg.ns.runners, SNAPSHOT_CONFIGMAP);
    report.outcome = 'succeeded';
    return report;
  } catch (error) {
    const failure = toFlywheelError(error);
    report.outcome = 'failed';
    report.error = { code: failure.code, message: failure.message };
    const proofFailure =
      failure.details && failure.code === 'PROOF_FAILED'
        ? (failure.details['scaleSet'] as string | undefined)
        : undefined;
    if (proofFailure)
      Object.assign(rowFor(report, proofFailure, proofFailure.split('/').pop()!), {
        proven: false,
        proofReason: failure.message,
      });
    if (snapshot || report.frozenSets.length > 0) {
      await phase('rollback', async () => {
        try {
          report.rollback = await rollback(deps, {
            ...(snapshot ? { snapshot } : {}),
            ...(cfg.retry ? { retry: cfg.retry } : {}),
          });
        } catch (rollbackError) {
          report.rollback = { source: 'none', restored: [], error: toFlywheelError(rollbackError).message };
          deps.log.warning(
            `rollback failed (the snapshot stays in the cluster for the post phase): ${report.rollback.error}`,
          );
        }
      }).catch(() => {});
    }
    throw failure;
  }
}

function tofuOf(cfg: ApplyConfig): TofuRunner {
  return cfg.tofuRunner ?? processTofu(cfg.tofu);
}

async function loadTargets(cfg: ApplyConfig): Promise<Targets> {
  if (cfg.targetsFile) return targetsFromFile(resolve(cfg.tofu.workingDirectory, cfg.targetsFile));
  const files = cfg.tofu.varFiles.map((f) => resolve(cfg.tofu.workingDirectory, f));
  return files.length ? targetsFromTfvars(files, cfg.targetsVariable) : new Map();
}

/** Without `scale-sets`, a preliminary plan names the scale sets the change touches. */
async function scopeFromPlan(cfg: ApplyConfig): Promise<string[]> {
  const p = await tofuOf(cfg).planAndShow(cfg.workDir, 'scope.tfplan');
  return [...new Set(p.json.resource_changes.filter(isMutation).flatMap(scaleSetsOfChange))];
}

async function dryRunRest(
  deps: EngineDeps,
  cfg: ApplyConfig,
  report: ApplyReport,
  scope: Ars[],
  controller: ControllerInfo,
  phase: <T>(name: string, fn: () => Promise<T>) => Promise<T>,
): Promise<ApplyReport> {
  await phase('freeze (dry run)', async () => {
    const view = await readFleet(deps.gw, cfg.ns, { ers: false, listeners: false });
    for (const ars of view.ars.filter((a) => scope.some((s) => keyOf(s) === keyOf(a)))) {
      const busy = runnersOf(view, ars).filter((r) => isBusy(r, controller.version)).length;
      rowFor(report, keyOf(ars), ars.metadata.name).frozen = frozenCaps(capsOf(ars), busy, cfg.freezeMode);
    }
  });
  const plan = await phase('plan', () => tofuOf(cfg).planAndShow(cfg.workDir));
  report.plan = {
    changes: plan.json.resource_changes
      .filter(isMutation)
      .map((c) => ({ address: c.address, actions: c.change.actions })),
  };
  await phase('guard', async () =>
    assertGuard({
      plan: plan.json,
      scope: scope.map((a) => a.metadata.name),
      allow: cfg.allow,
      protect: cfg.protect,
      controllerVersion: controller.version,
      frozenAt: new Date(0),
      madeByThisRun: true,
    }),
  );
  report.outcome = 'dry-run';
  return report;
}
