import { quantileSorted } from '@gloriousflywheel/shared/stats';
import { type ArcTimings, type ModelResult, runArcModel } from './arc-model';
import { HOUR_MS, SLOTS, slotOf, WEEK_MS } from './calendar';
import type { Scenario } from './synth';

/** Hourly minRunners for the horizon week: index = hour of the week (Monday 00:00 UTC = 0). */
export type WeekValues = Int32Array;

/** What a schedule did on a scenario, per hour of the week (summed over the scenario's weeks). */
export interface SlotStats {
  jobs: Float64Array;
  /** Jobs that waited longer than their hour's target. */
  late: Float64Array;
  idleMs: Float64Array;
  /** Every job's wait with its hour, for percentiles. */
  waits: Float64Array;
  slots: Uint8Array;
  runnersCreated: number;
  createdBySlot: Float64Array;
  listenerRecreations: number;
  weeks: number;
  /** Jobs and late jobs per week of the scenario and hour: index week × 168 + hour. */
  jobsByWeek: Float64Array;
  lateByWeek: Float64Array;
}

/** The schedule as the model takes it: the value at `from`, then a change wherever an hour differs. */
export function changesFor(values: WeekValues, from: number, weeks: number) {
  const changes: { at: number; value: number }[] = [];
  let current = values[0]!;
  for (let h = 1; h < weeks * SLOTS; h++) {
    const v = values[h % SLOTS]!;
    if (v !== current) {
      changes.push({ at: from + h * HOUR_MS, value: v });
      current = v;
    }
  }
  return { initial: values[0]!, changes };
}

export interface Evaluation {
  scenario: Scenario;
  maxRunners: number;
  coldStartMs: readonly number[];
  timings: ArcTimings;
  /** The wait target of each hour of the week (ms): 15 s off-peak, 60 s at peak by default. */
  targetMs: Float64Array;
  seed: number;
}

/** Runs the ARC model for a week schedule over the scenario and tallies it per hour. */
export function evaluate(values: WeekValues, e: Evaluation): SlotStats {
  const { scenario } = e;
  const weeks = Math.round((scenario.to - scenario.from) / WEEK_MS);
  let s = e.seed >>> 0;
  const draw = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const cold = e.coldStartMs;
  const result: ModelResult = runArcModel({
    jobs: scenario.jobs,
    from: scenario.from,
    to: scenario.to,
    maxRunners: e.maxRunners,
    ...changesFor(values, scenario.from, weeks),
    coldStartMs: () => cold[Math.floor(draw() * cold.length)]!,
    timings: e.timings,
  });
  const stats: SlotStats = {
    jobs: new Float64Array(SLOTS),
    late: new Float64Array(SLOTS),
    idleMs: result.idleMsBySlot,
    waits: result.waits,
    slots: new Uint8Array(scenario.jobs.length),
    runnersCreated: result.runnersCreated,
    createdBySlot: result.createdBySlot,
    listenerRecreations: result.listenerRecreations,
    weeks,
    jobsByWeek: new Float64Array(weeks * SLOTS),
    lateByWeek: new Float64Array(weeks * SLOTS),
  };
  for (const [i, job] of scenario.jobs.entries()) {
    const slot = slotOf(job.createdAt);
    stats.slots[i] = slot;
    stats.jobs[slot]!++;
    const w = result.waits[i]!;
    const cell = Math.min(weeks - 1, Math.floor((job.createdAt - scenario.from) / WEEK_MS)) * SLOTS + slot;
    stats.jobsByWeek[cell]!++;
    if (!(w <= e.targetMs[slot]!)) {
      stats.late[slot]!++;
      stats.lateByWeek[cell]!++;
    }
  }
  return stats;
}

/** The q-quantile of the waits of jobs in the hours `which` selects (NaN, a job that never ran, counts as ∞). */
export function waitQuantile(stats: SlotStats, which: (slot: number) => boolean, q: number): number {
  return quantileOf(waitsWhere(stats, which), q);
}

/** The waits of the jobs in the hours `which` selects, sorted (a job that never ran counts as ∞). */
export function waitsWhere(stats: SlotStats, which: (slot: number) => boolean): number[] {
  const xs: number[] = [];
  for (let i = 0; i < stats.waits.length; i++) {
    if (!which(stats.slots[i]!)) continue;
    const w = stats.waits[i]!;
    xs.push(Number.isNaN(w) ? Number.POSITIVE_INFINITY : w);
  }
  return xs.sort((a, b) => a - b);
}

export function quantileOf(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? Number.NaN : quantileSorted(sorted, q);
}
