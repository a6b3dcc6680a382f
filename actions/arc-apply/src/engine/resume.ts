import { FlywheelError } from '@gloriousflywheel/shared';
import { type Ars, capsOf, formatCaps, keyOf, sameCaps } from '../kube/types';
import type { ProofSettings } from './config';
import type { EngineDeps } from './deps';
import type { RetryPolicy } from './patch-caps';
import { entryKey, readPauseRecord, writePauseRecord } from './pause-record';
import type { PauseReport } from './pause-report';
import { type Phase, runPhases } from './phase-runner';
import { type ControllerInfo, preflightFor } from './preflight';
import { assertRestoredProven, proveRestored } from './prove-restored';
import { applyCaps, type PlannedCaps } from './restore';
import { resolveScope } from './scope';
import { type CapSnapshot, readSnapshot, type SnapshotEntry } from './snapshot';

export interface ResumeConfig {
  scaleSets: string[];
  dryRun: boolean;
  proof: ProofSettings;
  retry?: RetryPolicy;
}

interface ResumeRun {
  deps: EngineDeps;
  cfg: ResumeConfig;
  report: PauseReport;
  controller?: ControllerInfo;
  record?: CapSnapshot;
  /** The sets to give their pre-pause caps back. */
  planned?: PlannedCaps[];
}

/** What changed on a paused set since its pause left it, or undefined when nothing did. */
function changedSincePause(ars: Ars, entry: SnapshotEntry): string | undefined {
  const mark = entry.paused;
  if (!mark) return undefined; // the pause died before marking it: nothing to compare against
  if (!sameCaps(capsOf(ars), mark.caps))
    return `caps are ${formatCaps(capsOf(ars))}, the pause left ${formatCaps(mark.caps)}`;
  const generation = ars.metadata.generation;
  if (mark.generation !== undefined && generation !== undefined && generation !== mark.generation)
    return `its spec changed (generation ${mark.generation} → ${generation})`;
  return undefined;
}

/**
 * Decides, before any change, what resuming each set means: its caps back from the pause record,
 * a no-op for a set that runs unpaused, or a refusal — for a set frozen with nothing recording its
 * caps, and for a set someone changed while it was paused (giving it the old caps would undo that).
 */
function planResume(run: ResumeRun, sets: Ars[], applySnapshot: CapSnapshot | undefined): PlannedCaps[] {
  const { deps, report, record } = run;
  const recorded = new Map((record?.sets ?? []).map((e) => [entryKey(e), e]));
  const frozenByApply = new Set((applySnapshot?.sets ?? []).map(entryKey));
  const planned: PlannedCaps[] = [];
  const missing: string[] = [];
  const changed: string[] = [];
  for (const ars of sets) {
    const key = keyOf(ars);
    const entry = recorded.get(key);
    if (!entry) {
      const caps = capsOf(ars);
      if (frozenByApply.has(key))
        missing.push(`${key}: frozen by apply run ${applySnapshot?.runId}, not paused`);
      else if (caps.maxRunners === 0)
        missing.push(`${key}: at ${formatCaps(caps)} and no pause record names it`);
      else {
        deps.log.info(`${key}: not paused (caps ${formatCaps(caps)}): nothing to resume`);
        report.sets.push({ key, name: ars.metadata.name, outcome: 'not-paused', note: 'not paused' });
      }
      continue;
    }
    const change = changedSincePause(ars, entry);
    if (change) {
      changed.push(`${key}: ${change}`);
      continue;
    }
    if (!entry.paused) deps.log.warning(`${key}: its pause did not finish; resuming it to its recorded caps`);
    const caps = { minRunners: entry.minRunners, maxRunners: entry.maxRunners };
    planned.push({ key, namespace: entry.namespace, name: entry.name, caps, source: 'snapshot' });
    report.sets.push({
      key,
      name: entry.name,
      before: caps,
      ...(entry.paused
        ? { paused: entry.paused.caps, note: `paused by run ${entry.paused.runId} at ${entry.paused.at}` }
        : {}),
      outcome: run.cfg.dryRun ? 'would-resume' : 'resumed',
    });
  }
  if (missing.length > 0) {
    throw new FlywheelError(
      'RESUME_NO_SNAPSHOT',
      `nothing records the caps to resume to:\n- ${missing.join('\n- ')}`,
      {
        hint:
          'Only sets paused with mode: pause can be resumed. If an apply run died, run mode: restore; ' +
          'otherwise give the sets their caps from the source with mode: apply.',
        details: { sets: missing },
      },
    );
  }
  if (changed.length > 0) {
    throw new FlywheelError('RESUME_CHANGED', `changed since they were paused:\n- ${changed.join('\n- ')}`, {
      hint:
        'Resuming would overwrite that change with the pre-pause caps. Find who changed the set; to keep ' +
        'the pause and accept the change, run mode: pause on it again, then mode: resume; or set its caps ' +
        'from the source with mode: apply after resuming the others.',
      details: { sets: changed },
    });
  }
  return planned;
}

const preflight = async (run: ResumeRun, readOnly: boolean) => {
  const { controller, reported } = await preflightFor(run.deps, readOnly ? 'read' : 'resume');
  run.report.controller = reported;
  run.controller = controller;
};

const RESUME_PHASES: readonly Phase<ResumeRun>[] = [
  {
    name: 'preflight',
    run: (run) => preflight(run, false),
    dryRun: { run: (run) => preflight(run, true) },
  },
  {
    name: 'check',
    dryRun: 'same',
    async run(run) {
      const { deps, cfg } = run;
      const all = await deps.gw.list<Ars>('AutoscalingRunnerSet', deps.ns.runners);
      const scope = resolveScope(all, cfg.scaleSets).sets;
      run.record = await readPauseRecord(deps.gw, deps.ns.runners);
      run.planned = planResume(run, scope, await readSnapshot(deps.gw, deps.ns.runners));
    },
  },
  {
    name: 'restore',
    dryRun: 'skip',
    async run({ deps, cfg, record, planned = [] }) {
      if (planned.length === 0) return;
      await applyCaps(deps, planned, cfg.retry);
      // Their caps are back: they are no longer paused, whatever the proof finds next.
      const resumed = new Set(planned.map((p) => p.key));
      if (record) {
        const left = record.sets.filter((e) => !resumed.has(entryKey(e)));
        await writePauseRecord(deps.gw, deps.ns.runners, { ...record, sets: left });
      }
      for (const p of planned) deps.log.info(`resume: ${p.key} → ${formatCaps(p.caps)}`);
    },
  },
  {
    name: 'prove',
    dryRun: 'skip',
    async run({ deps, cfg, report, controller, planned = [] }) {
      const proof = await proveRestored(deps, planned, cfg.proof, controller);
      report.proof = proof;
      for (const p of proof.sets) {
        const row = report.sets.find((r) => r.key === p.key);
        if (row) Object.assign(row, { proven: p.proven, proofReason: p.reason });
      }
      assertRestoredProven(proof, `resumed ${planned.length} set(s)`);
    },
  },
];

/**
 * Resumes paused sets: checks every named set first (nothing changes if one cannot be resumed),
 * gives each its pre-pause caps from the record, drops it from the record, then proves the
 * listeners with the settle-aware proof. Sets that are not paused are a no-op that says so.
 */
export async function runResume(
  deps: EngineDeps,
  cfg: ResumeConfig,
  report: PauseReport,
): Promise<PauseReport> {
  await runPhases(
    RESUME_PHASES,
    { deps, cfg, report },
    {
      clock: deps.clock,
      log: deps.log,
      ledger: report,
      dryRun: cfg.dryRun,
    },
  );
  return report;
}
