import { join } from 'node:path';
import { type Ars, capsOf, keyOf } from '../kube/types';
import type { ApplyConfig } from './config';
import type { EngineDeps } from './deps';
import { drain } from './drain';
import { readFleet } from './fleet';
import { freeze, previewFreeze } from './freeze';
import { assertNoneFrozenByApply } from './pause-guard';
import { entryKey, PAUSE_CONFIGMAP, readPauseRecord, writePauseRecord } from './pause-record';
import type { PauseReport, PauseRow } from './pause-report';
import { known, type Phase, runPhases } from './phase-runner';
import { type ControllerInfo, preflightFor } from './preflight';
import { assertNotSelfLane, resolveScope, selfScaleSet } from './scope';
import { type CapSnapshot, readSnapshot, type SnapshotEntry } from './snapshot';

/** A pause: the apply's freeze settings (and drain bounds), and whether to wait for the drain. */
export type PauseConfig = Pick<
  ApplyConfig,
  | 'scaleSets'
  | 'freezeMode'
  | 'drainTimeoutMs'
  | 'onDrainTimeout'
  | 'progressEveryMs'
  | 'listenerGoneTimeoutMs'
  | 'dryRun'
  | 'runId'
  | 'runnerName'
  | 'workDir'
  | 'retry'
> & { drain: boolean };

interface PauseRun {
  deps: EngineDeps;
  cfg: PauseConfig;
  report: PauseReport;
  controller?: ControllerInfo;
  scope?: Ars[];
  /** The pause record as it was before this run. */
  before?: CapSnapshot;
}

const preflight = async (run: PauseRun, readOnly: boolean) => {
  const { controller, reported } = await preflightFor(run.deps, readOnly ? 'read' : 'pause');
  run.report.controller = reported;
  run.controller = controller;
};

/** Who paused a set and when, in words. */
const pausedBy = (e: SnapshotEntry | undefined) =>
  e?.paused ? `paused by run ${e.paused.runId} at ${e.paused.at}` : undefined;

/**
 * After the freeze, each set's mark: the caps it is held at and the spec generation that holds
 * them, which a resume compares against to see whether anything changed the set meanwhile. A set
 * whose mark still matches keeps it (pausing a paused set is a no-op); one changed since is
 * marked anew, as this pause has just taken it over again.
 */
async function markPaused(run: PauseRun, outcomes: Map<string, 'patched' | 'unchanged'>): Promise<void> {
  const { deps, cfg, report } = run;
  const record = await readPauseRecord(deps.gw, deps.ns.runners);
  if (!record) throw new Error('arc-apply pause: the freeze wrote no pause record');
  const live = await deps.gw.list<Ars>('AutoscalingRunnerSet', deps.ns.runners);
  const at = deps.clock.now().toISOString();
  const earlier = new Map((run.before?.sets ?? []).map((e) => [entryKey(e), e]));
  for (const entry of record.sets) {
    const key = entryKey(entry);
    const outcome = outcomes.get(key);
    const ars = live.find((a) => keyOf(a) === key);
    if (!outcome || !ars) continue;
    const mark = entry.paused;
    const generation = ars.metadata.generation;
    const stillMarked = mark && outcome === 'unchanged' && mark.generation === generation;
    if (!stillMarked)
      entry.paused = {
        caps: capsOf(ars),
        ...(generation !== undefined ? { generation } : {}),
        at,
        runId: cfg.runId,
      };
    const was = earlier.get(key)?.paused;
    const row: PauseRow = {
      key,
      name: entry.name,
      before: { minRunners: entry.minRunners, maxRunners: entry.maxRunners },
      paused: capsOf(ars),
      outcome: !was ? 'paused' : stillMarked ? 'already-paused' : 're-paused',
    };
    const note = row.outcome === 'paused' ? undefined : pausedBy(earlier.get(key));
    if (note) row.note = note;
    if (row.outcome === 'already-paused') deps.log.info(`${key}: already paused (${note}): nothing to do`);
    if (row.outcome === 're-paused')
      deps.log.warning(`${key}: was ${note} but changed since: frozen again, its pre-pause caps kept`);
    report.sets.push(row);
  }
  await writePauseRecord(deps.gw, deps.ns.runners, record);
}

const PAUSE_PHASES: readonly Phase<PauseRun>[] = [
  {
    name: 'preflight',
    run: (run) => preflight(run, false),
    dryRun: { run: (run) => preflight(run, true) },
  },
  {
    name: 'scope',
    dryRun: 'same',
    async run(run) {
      const { deps, cfg } = run;
      const view = await readFleet(deps.gw, deps.ns, { ers: false, listeners: false });
      const resolved = resolveScope(view.ars, cfg.scaleSets);
      assertNotSelfLane(selfScaleSet(cfg.runnerName, view.runners, view.ars), resolved, cfg.runnerName);
      assertNoneFrozenByApply(resolved.sets, await readSnapshot(deps.gw, deps.ns.runners));
      run.before = await readPauseRecord(deps.gw, deps.ns.runners);
      run.scope = resolved.sets;
    },
  },
  {
    name: 'freeze',
    async run(run) {
      const { deps, cfg, report } = run;
      // The same freeze as the apply's, with the pause record as its durable snapshot: a set
      // already in the record keeps its recorded caps (the older entry wins the merge).
      const result = await freeze(deps, known(run.scope, 'the scope'), {
        mode: cfg.freezeMode,
        runId: cfg.runId,
        snapshotFile: join(cfg.workDir, 'pause-snapshot.json'),
        snapshotConfigMap: PAUSE_CONFIGMAP,
        controller: known(run.controller, 'the controller'),
        listenerGoneTimeoutMs: cfg.listenerGoneTimeoutMs,
        ...(cfg.retry ? { retry: cfg.retry } : {}),
      });
      await markPaused(run, new Map(result.sets.map((s) => [s.key, s.outcome])));
      if (result.zeroedRunnerSets.length > 0)
        deps.log.info(`eventual strategy: scaled ${result.zeroedRunnerSets.join(', ')} to 0`);
      deps.log.info(
        `paused ${report.sets.filter((s) => s.outcome !== 'already-paused').length} set(s), ` +
          `${report.sets.filter((s) => s.outcome === 'already-paused').length} already paused`,
      );
    },
    dryRun: {
      name: 'freeze (dry run)',
      async run({ deps, cfg, report, scope, controller, before }) {
        const version = known(controller, 'the controller').version;
        const recorded = new Map((before?.sets ?? []).map((e) => [entryKey(e), e]));
        for (const s of await previewFreeze(deps, known(scope, 'the scope'), cfg.freezeMode, version)) {
          const entry = recorded.get(s.key);
          const note = pausedBy(entry);
          report.sets.push({
            key: s.key,
            name: s.name,
            paused: s.frozen,
            outcome: entry?.paused ? 'already-paused' : 'would-pause',
            ...(note ? { note } : {}),
          });
        }
      },
    },
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
];

/**
 * Pauses the named sets until a resume: the apply's freeze, its durable snapshot kept in the pause
 * record, and (with `drain`) the apply's bounded drain. No undo: a pause that fails part-way has
 * recorded every set before touching it, so running pause again finishes it and resume ends it.
 */
export async function runPause(
  deps: EngineDeps,
  cfg: PauseConfig,
  report: PauseReport,
): Promise<PauseReport> {
  const phases = PAUSE_PHASES.filter((p) => p.name !== 'drain' || cfg.drain);
  await runPhases(
    phases,
    { deps, cfg, report },
    { clock: deps.clock, log: deps.log, ledger: report, dryRun: cfg.dryRun },
  );
  return report;
}
