import type { ScheduleEntry } from '../engine/schedule';
import { type ArcTimings, DEFAULT_ARC_TIMINGS } from './arc-model';
import {
  DAY_MS,
  type DayOverride,
  isPeakSlot,
  type PeakHours,
  SLOTS,
  utcDate,
  WEEK_MS,
  weekStart,
} from './calendar';
import { dateLines, valuesOfSchedule, weekLines } from './cron-lines';
import { fitDemand, type SetDemand } from './demand';
import type { HistoryJob } from './history';
import {
  buildMenu,
  cheapestWeek,
  leastLateWithin,
  type Menu,
  planWeek,
  ROBUSTNESS,
  type Targets,
  weeksMeeting,
} from './optimize';
import {
  type Evaluation,
  evaluate,
  quantileOf,
  type SlotStats,
  type WeekValues,
  waitsWhere,
} from './slot-stats';
import { type Scenario, synthesize } from './synth';
import { targetsByHour } from './trace-evaluation';

export interface PlanSetInput {
  name: string;
  maxRunners: number;
  /** The schedule in force now (mode warm-pool's lines), or a constant minRunners. */
  current: ScheduleEntry[] | number;
}

export interface PlanInput {
  sets: PlanSetInput[];
  history: readonly HistoryJob[];
  /** The history's span. */
  window: { from: number; to: number };
  /** Monday 00:00 UTC of the week the plan is for (default: the first after the history). */
  horizon?: number;
  overrides: readonly DayOverride[];
  peak: PeakHours;
  targets: Targets;
  /** Runner-minutes one minRunners change is charged (its listener recreation). */
  changeCostMinutes: number;
  /** At most this many warm runners at once over all the sets (they compete for the same nodes). */
  budget?: number;
  timings?: ArcTimings;
  seed?: number;
}

/** A schedule's figures on the planning scenario, per week. */
export interface Figures {
  idleRunnerMinutes: number;
  coldStarts: number;
  changes: number;
  /** Seconds. */
  p50: number;
  p95: number;
  p95OffPeak: number;
  p95Peak: number;
  /** Whether the pooled percentiles of the scenario's weeks meet both targets. */
  meets: boolean;
  /** The share of the scenario's single weeks in which both targets hold (0–1). */
  confidence: number;
}

export interface SlotFigures {
  slot: number;
  warm: number;
  jobs: number;
  p50: number;
  p95: number;
  coldStarts: number;
  idleRunnerMinutes: number;
}

export interface CurvePoint extends Figures {
  /** Runner-minutes a late job was worth when this point was planned. */
  mu: number;
}

export interface SetPlan {
  name: string;
  maxRunners: number;
  week: number[];
  dates: { date: string; hours: number[] }[];
  schedule: string[];
  predicted: Figures;
  current: Figures;
  slots: SlotFigures[];
  currentSlots: SlotFigures[];
  curve: CurvePoint[];
  /** The least late week that spends no more idle runner-minutes than the current schedule. */
  atCurrentIdle: { week: number[]; figures: Figures };
  demand: {
    jobsPerWeek: number;
    pickupSeconds: number;
    coldStartSecondsMedian: number;
    coldStartSource: SetDemand['coldStartSource'];
    releaseFactor: number;
  };
  notes: string[];
}

export interface Plan {
  horizon: { from: string; to: string };
  validUntil: string;
  targets: Targets;
  peak: PeakHours;
  changeCostMinutes: number;
  budget?: number;
  sets: SetPlan[];
}

/** About this many synthetic jobs per scenario: enough for a stable p95, few enough to plan fast. */
const SCENARIO_JOBS = 5_000;
const CURVE_MU = [0, 10, 30, 80, 200, 1000];

export function figuresOf(
  stats: SlotStats,
  values: WeekValues,
  peak: (s: number) => boolean,
  t: Targets,
): Figures {
  const w = stats.weeks;
  let changes = 0;
  for (let s = 0; s < SLOTS; s++) if (values[s] !== values[(s + SLOTS - 1) % SLOTS]) changes++;
  const sec = (x: number) => (Number.isFinite(x) ? Math.round(x / 100) / 10 : x);
  // Each class sorted once: the percentiles of every figure come from these two.
  const off = waitsWhere(stats, (s) => !peak(s));
  const atPeak = waitsWhere(stats, peak);
  const all = mergeSorted(off, atPeak);
  const offP = quantileOf(off, t.quantile);
  const peakP = quantileOf(atPeak, t.quantile);
  return {
    idleRunnerMinutes: Math.round(stats.idleMs.reduce((a, b) => a + b, 0) / 60_000 / w),
    coldStarts: Math.round(stats.runnersCreated / w),
    changes,
    p50: sec(quantileOf(all, 0.5)),
    p95: sec(quantileOf(all, t.quantile)),
    p95OffPeak: sec(offP),
    p95Peak: sec(peakP),
    meets: !(offP > t.offPeakMs) && !(peakP > t.peakMs),
    confidence: Math.round(weeksMeeting(stats, peak, t) * 100) / 100,
  };
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++)
    out[k] = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
  return out;
}

/**
 * The week the menu says spends no more idle runner-minutes than the current schedule with the fewest
 * late jobs, measured on the same check weeks; the cap is corrected once by what the model measured
 * (the menu leaves out the ramps between hours).
 */
function sameSpend(
  w: SetWork,
  current: SlotStats,
  peak: (s: number) => boolean,
  targets: Targets,
): { week: number[]; figures: Figures } {
  const weekly = (stats: SlotStats) => stats.idleMs.reduce((a, b) => a + b, 0) / 60_000 / stats.weeks;
  const cap = weekly(current);
  let values = leastLateWithin(w.menu, cap);
  let stats = evaluate(values, w.horizonCheck);
  if (weekly(stats) > cap * 1.02) {
    values = leastLateWithin(w.menu, (cap * cap) / weekly(stats));
    stats = evaluate(values, w.horizonCheck);
  }
  return { week: Array.from(values), figures: figuresOf(stats, values, peak, targets) };
}

/** The scenario's first `weeks` weeks. */
function firstWeeks(e: Evaluation, weeks: number): Evaluation {
  if (weeks >= e.scenario.replicas) return e;
  const to = e.scenario.from + weeks * WEEK_MS;
  const jobs = e.scenario.jobs.filter((j) => j.createdAt < to);
  return { ...e, scenario: { from: e.scenario.from, to, replicas: weeks, jobs } };
}

function slotFigures(stats: SlotStats, values: WeekValues): SlotFigures[] {
  const w = stats.weeks;
  const bySlot: number[][] = Array.from({ length: SLOTS }, () => []);
  for (let i = 0; i < stats.waits.length; i++) {
    const x = stats.waits[i]!;
    bySlot[stats.slots[i]!]!.push(Number.isNaN(x) ? Number.POSITIVE_INFINITY : x);
  }
  return Array.from({ length: SLOTS }, (_, slot) => {
    const sorted = bySlot[slot]!.sort((a, b) => a - b);
    const q = (p: number) => {
      const x = quantileOf(sorted, p);
      return Number.isFinite(x) ? Math.round(x / 100) / 10 : Number.isNaN(x) ? 0 : x;
    };
    return {
      slot,
      warm: values[slot]!,
      jobs: Math.round((stats.jobs[slot]! / w) * 10) / 10,
      p50: q(0.5),
      p95: q(0.95),
      coldStarts: Math.round((stats.createdBySlot[slot]! / w) * 10) / 10,
      idleRunnerMinutes: Math.round(stats.idleMs[slot]! / 60_000 / w),
    };
  });
}

function replicasFor(jobsPerWeek: number): number {
  return Math.max(2, Math.min(8, Math.ceil(SCENARIO_JOBS / Math.max(1, jobsPerWeek))));
}

/**
 * About this many jobs in the check weeks, at least 8 weeks and at most 40: the robustness check
 * counts single weeks, and with the 7 weeks of a small scenario the bisection finds an allowance
 * that 6 of those 7 happen to pass (on fresh weeks such plans held in half of them).
 */
const CHECK_JOBS = 20_000;

function checkWeeksFor(jobsPerWeek: number): number {
  return Math.max(8, Math.min(40, Math.ceil(CHECK_JOBS / Math.max(1, jobsPerWeek))));
}

interface SetWork {
  input: PlanSetInput;
  demand: SetDemand;
  /** Ordinary weeks the menu is built on. */
  regular: Evaluation;
  /** Other ordinary weeks, drawn apart: a schedule is checked and measured on these (see `planWeek`). */
  regularCheck: Evaluation;
  horizonScenario: Evaluation;
  horizonCheck: Evaluation;
  menu: Menu;
  values: WeekValues;
  /** What `values` did on `regularCheck`. */
  stats: SlotStats;
}

/**
 * Plans warm pools for the sets: fits each set's demand, draws scenario weeks from it, builds the menu
 * of constant warm counts with the ARC model, picks the least idle week meeting the targets (changes
 * charged), fits release days and holidays of the horizon week on top, applies the cluster budget,
 * and measures the plan, the current schedule and the trade-off curve on the same scenario.
 */
export function plan(input: PlanInput): Plan {
  const timings = input.timings ?? DEFAULT_ARC_TIMINGS;
  const seed = input.seed ?? 1;
  const horizon = input.horizon ?? weekStart(input.window.to + WEEK_MS - 1);
  const peak = (s: number) => isPeakSlot(s, input.peak);
  const targetMs = targetsByHour(peak, input.targets);
  const allOverrides = new Map(input.overrides.map((o) => [o.date, o]));
  const horizonDates = Array.from({ length: 7 }, (_, d) => utcDate(horizon + d * DAY_MS));
  const inHorizon = new Map([...allOverrides].filter(([date]) => horizonDates.includes(date)));

  const work: SetWork[] = input.sets.map((set, i) => {
    const jobs = input.history.filter((j) => j.scaleSet === set.name);
    const demand = fitDemand(set.name, jobs, input.window, input.overrides);
    const jobsPerWeek = demand.jobs / Math.max(demand.weeks, 1 / 7);
    const replicas = replicasFor(jobsPerWeek);
    const evaluation = (scenario: Scenario, s: number): Evaluation => ({
      scenario,
      maxRunners: set.maxRunners,
      coldStartMs: demand.coldStartMs,
      timings: { ...timings, pickupMs: demand.pickupMs },
      targetMs,
      seed: s,
    });
    const draw = (days: ReadonlyMap<string, DayOverride>, k: number) =>
      evaluation(
        synthesize(
          demand,
          horizon,
          k % 2 === 0 ? replicas : checkWeeksFor(jobsPerWeek),
          days,
          seed * (7 + 4 * k) + i,
        ),
        seed * (13 + 4 * k) + i,
      );
    const regular = draw(new Map(), 0);
    const regularCheck = draw(new Map(), 1);
    const horizonScenario = inHorizon.size > 0 ? draw(inHorizon, 2) : regular;
    const horizonCheck = inHorizon.size > 0 ? draw(inHorizon, 3) : regularCheck;
    const menu = buildMenu(regular, Math.min(set.maxRunners, 16), true);
    const chosen = planWeek(regularCheck, menu, peak, input.targets, input.changeCostMinutes);
    return {
      input: set,
      demand,
      regular,
      regularCheck,
      horizonScenario,
      horizonCheck,
      menu,
      values: chosen.values,
      stats: chosen.stats,
    };
  });

  if (input.budget !== undefined)
    applyBudget(work, input.budget, peak, input.changeCostMinutes, input.targets);

  const wanted = input.targets.confidence ?? ROBUSTNESS;
  const plans = work.map((w): SetPlan => {
    const notes: string[] = [];
    const regularValues = w.values;
    let horizonValues = regularValues;
    let stats = w.stats;
    const dates: SetPlan['dates'] = [];
    if (inHorizon.size > 0) {
      const fixedDays = new Set(
        horizonDates.map((d, i) => (inHorizon.has(d) ? -1 : i)).filter((i) => i >= 0),
      );
      const menu = buildMenu(w.horizonScenario, Math.min(w.input.maxRunners, 16));
      const found = planWeek(w.horizonCheck, menu, peak, input.targets, input.changeCostMinutes, (s) =>
        fixedDays.has(Math.floor(s / 24)) ? regularValues[s]! : undefined,
      );
      horizonValues = found.values;
      stats = found.stats;
      for (const [d, date] of horizonDates.entries()) {
        if (!inHorizon.has(date)) continue;
        dates.push({ date, hours: Array.from(horizonValues.slice(d * 24, d * 24 + 24)) });
      }
    }
    const predicted = figuresOf(stats, horizonValues, peak, input.targets);
    if (!predicted.meets) {
      notes.push(
        `the targets are not met even so (p${Math.round(input.targets.quantile * 100)} off-peak ${predicted.p95OffPeak} s, peak ${predicted.p95Peak} s): ` +
          'demand beyond maxRunners or bursts larger than the warm pool can hold; see the curve',
      );
    } else if (predicted.confidence < wanted) {
      notes.push(
        `the targets hold in ${Math.round(predicted.confidence * 100)} % of the check weeks, fewer than ${Math.round(wanted * 100)} %: ` +
          'demand swings from week to week more than maxRunners or the budget can cover; see the curve',
      );
    }
    const currentValues =
      typeof w.input.current === 'number'
        ? new Int32Array(SLOTS).fill(w.input.current)
        : valuesOfSchedule(w.input.current, horizon);
    const currentStats = evaluate(currentValues, w.horizonCheck);
    // The curve's points on the first check weeks only: six runs of the model, each an illustration.
    const curveCheck = firstWeeks(
      w.regularCheck,
      replicasFor(w.demand.jobs / Math.max(w.demand.weeks, 1 / 7)),
    );
    const curve = CURVE_MU.map((mu) => {
      const values = cheapestWeek(w.menu, peak, {
        muOff: mu,
        muPeak: mu,
        changeCost: input.changeCostMinutes,
      });
      return { mu, ...figuresOf(evaluate(values, curveCheck), values, peak, input.targets) };
    });
    const atCurrentIdle = sameSpend(w, currentStats, peak, input.targets);
    const schedule = [
      ...[...dates].reverse().flatMap((d) => dateLines(d.date, d.hours, regularValues)),
      ...weekLines(regularValues),
    ];
    const cold = [...w.demand.coldStartMs].sort((a, b) => a - b);
    return {
      name: w.input.name,
      maxRunners: w.input.maxRunners,
      week: Array.from(regularValues),
      dates,
      schedule,
      predicted,
      current: figuresOf(currentStats, currentValues, peak, input.targets),
      slots: slotFigures(stats, horizonValues),
      currentSlots: slotFigures(currentStats, currentValues),
      curve,
      atCurrentIdle,
      demand: {
        jobsPerWeek: Math.round(w.demand.jobs / Math.max(w.demand.weeks, 1 / 7)),
        pickupSeconds: Math.round(w.demand.pickupMs / 100) / 10,
        coldStartSecondsMedian: Math.round(cold[Math.floor(cold.length / 2)]! / 1000),
        coldStartSource: w.demand.coldStartSource,
        releaseFactor: Math.round(w.demand.releaseFactor * 10) / 10,
      },
      notes,
    };
  });
  return {
    horizon: { from: new Date(horizon).toISOString(), to: new Date(horizon + WEEK_MS).toISOString() },
    validUntil: new Date(horizon + 365 * DAY_MS).toISOString(),
    targets: { ...input.targets, confidence: wanted },
    peak: input.peak,
    changeCostMinutes: input.changeCostMinutes,
    ...(input.budget !== undefined ? { budget: input.budget } : {}),
    sets: plans,
  };
}

/**
 * Holds the sum of warm runners at every hour to the budget: while an hour is over it, the set whose
 * next-lower warm count costs the least (late jobs it adds, weighed by its own μ, against the idle
 * minutes it saves) gives one up; then each set is planned again with those caps.
 */
function applyBudget(
  work: SetWork[],
  budget: number,
  peak: (s: number) => boolean,
  changeCost: number,
  targets: Targets,
): void {
  const caps = work.map((w) => Int32Array.from(w.values));
  for (let s = 0; s < SLOTS; s++) {
    let sum = caps.reduce((a, c) => a + c[s]!, 0);
    while (sum > budget) {
      let best = -1;
      let bestLoss = Number.POSITIVE_INFINITY;
      for (const [i, w] of work.entries()) {
        const k = caps[i]![s]!;
        if (k === 0) continue;
        const lateAdded = w.menu.late[k - 1]![s]! - w.menu.late[Math.min(k, w.menu.maxK)]![s]!;
        const idleSaved = w.menu.idle[Math.min(k, w.menu.maxK)]![s]! - w.menu.idle[k - 1]![s]!;
        const loss = lateAdded * 100 - idleSaved;
        if (loss < bestLoss) {
          bestLoss = loss;
          best = i;
        }
      }
      caps[best]![s]!--;
      sum--;
    }
  }
  for (const [i, w] of work.entries()) {
    const cap = caps[i]!;
    // Only the sets the budget cut are planned again.
    if (cap.every((k, s) => k === w.values[s])) continue;
    const capped = planWeek(w.regularCheck, w.menu, peak, targets, changeCost, undefined, (s) => cap[s]!);
    w.values = capped.values;
    w.stats = capped.stats;
  }
}
