import { formatDuration, toFlywheelError } from '@gloriousflywheel/shared';
import type { Clock } from './clock';
import type { EngineLog } from './deps';

export interface PhaseRecord {
  name: string;
  start: string;
  end: string;
  outcome: 'ok' | 'failed';
}

/** What a run of phases keeps for its report: the apply report is one. */
export interface PhaseLedger {
  phases: PhaseRecord[];
  outcome: 'succeeded' | 'failed' | 'dry-run' | 'running';
  error?: { code: string; message: string };
}

/** A read-only stand-in for a phase in a dry run: it shows what the phase would do. */
export interface DryRunStandIn<S> {
  /** The name it is recorded under; the phase's own name when absent. */
  name?: string;
  run(state: S): Promise<void>;
}

export interface Phase<S> {
  name: string;
  run(state: S): Promise<void>;
  /**
   * In a dry run: `same` for a phase that only reads, `skip` for one that changes the cluster and
   * has nothing to show, or a read-only stand-in.
   */
  dryRun: 'same' | 'skip' | DryRunStandIn<S>;
  /**
   * Puts back what the phase changed, when it or a later phase fails; recorded as its own phase.
   * `needed` says whether the phase got far enough to leave anything behind.
   */
  undo?: { name: string; needed(state: S): boolean; run(state: S): Promise<void> };
  /** Once every phase succeeded: makes the phase's change final (drops what undo would need). */
  commit?(state: S): Promise<void>;
}

/** A value an earlier phase finds; missing only if a phase table's order is broken (a bug). */
export function known<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`arc-apply: ${what} is read before a phase found it`);
  return value;
}

export interface PhaseRunOptions {
  clock: Clock;
  log: EngineLog;
  ledger: PhaseLedger;
  dryRun: boolean;
  /** Tests only: a point to inject a fault (or a hang) after each phase that succeeded. */
  afterPhase?(name: string): Promise<void> | void;
}

interface Step<S> {
  name: string;
  run(state: S): Promise<void>;
  phase?: Phase<S>;
}

/** The steps a run takes: every phase, or in a dry run the phases that read and the stand-ins. */
function stepsOf<S>(phases: readonly Phase<S>[], dryRun: boolean): Step<S>[] {
  if (!dryRun) return phases.map((phase) => ({ name: phase.name, run: phase.run, phase }));
  return phases.flatMap((p): Step<S>[] => {
    if (p.dryRun === 'skip') return [];
    if (p.dryRun === 'same') return [{ name: p.name, run: p.run }];
    return [{ name: p.dryRun.name ?? p.name, run: p.dryRun.run }];
  });
}

/**
 * Runs a table of phases in order, each in a log group, timed on the engine's clock and recorded in
 * the ledger, with a progress line as each ends. If one fails the run is marked failed, every phase
 * that started is undone where it left something behind (newest first), and the failure is
 * rethrown; if all succeed their commits run, in order.
 */
export async function runPhases<S>(
  phases: readonly Phase<S>[],
  state: S,
  opts: PhaseRunOptions,
): Promise<void> {
  const { clock, log, ledger } = opts;
  const steps = stepsOf(phases, opts.dryRun);
  const timed = async (name: string, run: () => Promise<void>, progress: string): Promise<void> => {
    const start = clock.now();
    const record = (outcome: PhaseRecord['outcome']) => {
      const end = clock.now();
      ledger.phases.push({ name, start: start.toISOString(), end: end.toISOString(), outcome });
      const took = formatDuration(end.getTime() - start.getTime());
      log.info(`${name}: ${outcome === 'ok' ? 'done' : 'failed'} after ${took}${progress}`);
    };
    try {
      await log.group(name, run);
    } catch (error) {
      record('failed');
      throw error;
    }
    record('ok');
    await opts.afterPhase?.(name);
  };

  const started: Phase<S>[] = [];
  try {
    for (const [i, step] of steps.entries()) {
      if (step.phase) started.push(step.phase);
      await timed(step.name, () => step.run(state), ` (phase ${i + 1} of ${steps.length})`);
    }
    for (const step of steps) await step.phase?.commit?.(state);
    ledger.outcome = opts.dryRun ? 'dry-run' : 'succeeded';
  } catch (error) {
    const failure = toFlywheelError(error);
    ledger.outcome = 'failed';
    ledger.error = { code: failure.code, message: failure.message };
    for (const phase of started.reverse()) {
      const undo = phase.undo;
      // An undo that fails says so itself; the run's own failure is what the caller must see.
      if (undo?.needed(state)) await timed(undo.name, () => undo.run(state), '').catch(() => {});
    }
    throw failure;
  }
}
