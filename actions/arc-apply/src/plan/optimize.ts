import { SLOTS } from './calendar';
import { type Evaluation, evaluate, type SlotStats, type WeekValues, waitQuantile } from './slot-stats';

/** Per hour of the week and warm count k: the figures of a constant-k schedule (the menu the DP picks from). */
export interface Menu {
  /** idle[k][slot] runner-minutes per week. */
  idle: Float64Array[];
  /** late[k][slot] late jobs per week. */
  late: Float64Array[];
  jobs: Float64Array;
  maxK: number;
}

/**
 * Runs constant schedules k = 0, 1, … until more warm runners stop helping (or maxRunners).
 *
 * With `poolDays` (ordinary weeks only: their days of a kind are drawn alike), each hour's figures are
 * the mean of the same hour over the days of its kind (weekdays, weekend). A few weeks hold few jobs
 * in a quiet hour, often none: unpooled, the DP would read "no late job at k = 0" there, and the
 * plan would leave exactly the hours bare that the next week fills.
 */
export function buildMenu(e: Evaluation, limit: number, poolDays = false): Menu {
  const idle: Float64Array[] = [];
  const late: Float64Array[] = [];
  let jobs: Float64Array = new Float64Array(SLOTS);
  let previousLate = Number.POSITIVE_INFINITY;
  for (let k = 0; k <= limit; k++) {
    const stats = evaluate(new Int32Array(SLOTS).fill(k), e);
    const perWeek = (xs: Float64Array, f = 1): Float64Array => {
      const week = Float64Array.from(xs, (x) => (x * f) / stats.weeks);
      return poolDays ? poolByKindOfDay(week) : week;
    };
    idle.push(perWeek(stats.idleMs, 1 / 60_000));
    late.push(perWeek(stats.late));
    jobs = perWeek(stats.jobs);
    const totalLate = stats.late.reduce((a, b) => a + b, 0);
    // Stop once one more warm runner saves fewer than 0.2 % of the jobs from waiting.
    const jobsTotal = stats.jobs.reduce((a, b) => a + b, 0);
    if (totalLate === 0 || previousLate - totalLate < 0.002 * jobsTotal) break;
    previousLate = totalLate;
  }
  return { idle, late, jobs, maxK: idle.length - 1 };
}

/** Each hour replaced by the mean of that hour over the days of its kind (Monday–Friday, Saturday–Sunday). */
function poolByKindOfDay(xs: Float64Array): Float64Array {
  const out = new Float64Array(SLOTS);
  for (const days of [
    [0, 1, 2, 3, 4],
    [5, 6],
  ]) {
    for (let h = 0; h < 24; h++) {
      let sum = 0;
      for (const d of days) sum += xs[d * 24 + h]!;
      for (const d of days) out[d * 24 + h] = sum / days.length;
    }
  }
  return out;
}

const TIE_SLOPE = 0.02;

export interface DpWeights {
  /** Runner-minutes one late job is worth, off-peak and at peak. */
  muOff: number;
  muPeak: number;
  /** Runner-minutes one minRunners change costs. */
  changeCost: number;
}

/**
 * The cheapest week (idle runner-minutes + μ × late jobs + a cost per change) by dynamic programming
 * over the hours; `fixed` pins hours (the ordinary days of a week with a release day), `cap` caps them
 * (a cluster budget).
 */
export function cheapestWeek(
  menu: Menu,
  peak: (slot: number) => boolean,
  w: DpWeights,
  fixed?: (slot: number) => number | undefined,
  cap?: (slot: number) => number,
): WeekValues {
  const K = menu.maxK + 1;
  const cost = new Float64Array(SLOTS * K).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array(SLOTS * K);
  const allowed = (s: number, k: number) => {
    const f = fixed?.(s);
    if (f !== undefined) return k === Math.min(f, menu.maxK);
    return k <= (cap ? cap(s) : menu.maxK);
  };
  // Hours with equal figures (the pooled days of flat demand) would all change together as μ rises,
  // so no μ could buy a share of them; a 2 % slope over the week makes them change one by one, the
  // latest first, in a block.
  const local = (s: number, k: number) =>
    menu.idle[k]![s]! + (peak(s) ? w.muPeak : w.muOff) * menu.late[k]![s]! * (1 + (TIE_SLOPE * s) / SLOTS);
  for (let k = 0; k < K; k++) if (allowed(0, k)) cost[k] = local(0, k);
  for (let s = 1; s < SLOTS; s++) {
    // Staying costs nothing, any change the same: the best predecessor is k itself or the cheapest.
    let minJ = 0;
    for (let j = 1; j < K; j++) if (cost[(s - 1) * K + j]! < cost[(s - 1) * K + minJ]!) minJ = j;
    const viaChange = cost[(s - 1) * K + minJ]! + w.changeCost;
    for (let k = 0; k < K; k++) {
      if (!allowed(s, k)) continue;
      const stay = cost[(s - 1) * K + k]!;
      const best = stay <= viaChange ? stay : viaChange;
      cost[s * K + k] = best + local(s, k);
      from[s * K + k] = stay <= viaChange ? k : minJ;
    }
  }
  let k = 0;
  for (let j = 1; j < K; j++) {
    // The week wraps: Sunday's last hour meets Monday's first.
    const cj = cost[(SLOTS - 1) * K + j]!;
    const ck = cost[(SLOTS - 1) * K + k]!;
    if (cj < ck) k = j;
  }
  const values = new Int32Array(SLOTS);
  for (let s = SLOTS - 1; s >= 0; s--) {
    values[s] = k;
    k = from[s * K + k]!;
  }
  return values;
}

/**
 * The week with the fewest late jobs whose idle runner-minutes, by the menu, stay within `cap`: the
 * point of the trade-off curve at a given spend. Greedy, one warm runner at a time where it saves the
 * most late jobs per idle minute: a single price for lateness (the DP's) prices every hour of a flat
 * demand alike and jumps from none to all of them, far under or over the cap.
 */
export function leastLateWithin(menu: Menu, cap: number): WeekValues {
  const values = new Int32Array(SLOTS);
  let spent = 0;
  for (let s = 0; s < SLOTS; s++) spent += menu.idle[0]![s]!;
  for (;;) {
    let best = -1;
    let bestRatio = 0;
    for (let s = 0; s < SLOTS; s++) {
      const k = values[s]!;
      if (k >= menu.maxK) continue;
      const saved = menu.late[k]![s]! - menu.late[k + 1]![s]!;
      const cost = menu.idle[k + 1]![s]! - menu.idle[k]![s]!;
      if (saved <= 0 || spent + cost > cap) continue;
      const ratio = saved / Math.max(cost, 1e-9);
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = s;
      }
    }
    if (best < 0) return values;
    spent += menu.idle[values[best]! + 1]![best]! - menu.idle[values[best]!]![best]!;
    values[best]!++;
  }
}

export function lateOf(menu: Menu, values: WeekValues, which: (slot: number) => boolean): number {
  let n = 0;
  for (let s = 0; s < SLOTS; s++) if (which(s)) n += menu.late[values[s]!]![s]!;
  return n;
}

export interface Targets {
  /** The percentile held to the targets, e.g. 0.95. */
  quantile: number;
  offPeakMs: number;
  peakMs: number;
  /** The share of single weeks in which a plan must hold both targets (default `ROBUSTNESS`). */
  confidence?: number;
}

export interface PlanSearch {
  values: WeekValues;
  stats: SlotStats;
  /** Whether enough single weeks of the check scenario meet both targets (`robust`). */
  meets: boolean;
  /** The share of the check scenario's weeks that meet both targets with this schedule. */
  confidence: number;
  muOff: number;
  muPeak: number;
}

/** Late jobs a class may have per week: its share 1 − q of the jobs, times `tighten` ∈ [0, 1]. */
function allowed(jobsPerWeek: number, q: number, tighten: number): number {
  return Math.max(0, (1 - q) * tighten * jobsPerWeek);
}

/** Finds μ (per class) by bisection so the DP's week meets the allowed late jobs. */
function solve(
  menu: Menu,
  peak: (s: number) => boolean,
  changeCost: number,
  allowOff: number,
  allowPeak: number,
  fixed?: (slot: number) => number | undefined,
  cap?: (slot: number) => number,
) {
  let muOff = 0;
  let muPeak = 0;
  const off = (s: number) => !peak(s);
  const run = () => cheapestWeek(menu, peak, { muOff, muPeak, changeCost }, fixed, cap);
  const bisect = (set: (mu: number) => void, late: (v: WeekValues) => number, allow: number) => {
    set(0);
    if (late(run()) <= allow) return;
    let lo = 0;
    let hi = 1;
    set(hi);
    while (late(run()) > allow && hi < 1e7) {
      lo = hi;
      hi *= 4;
      set(hi);
    }
    for (let i = 0; i < 16; i++) {
      const mid = (lo + hi) / 2;
      set(mid);
      if (late(run()) > allow) lo = mid;
      else hi = mid;
    }
    set(hi);
  };
  for (let round = 0; round < 2; round++) {
    bisect(
      (mu) => (muOff = mu),
      (v) => lateOf(menu, v, off),
      allowOff,
    );
    bisect(
      (mu) => (muPeak = mu),
      (v) => lateOf(menu, v, peak),
      allowPeak,
    );
  }
  return { values: run(), muOff, muPeak };
}

/** The share of a class's jobs that waited longer than its target. */
export function lateShare(stats: SlotStats, which: (slot: number) => boolean): number {
  let late = 0;
  let jobs = 0;
  for (let s = 0; s < SLOTS; s++) {
    if (!which(s)) continue;
    late += stats.late[s]!;
    jobs += stats.jobs[s]!;
  }
  return jobs > 0 ? late / jobs : 0;
}

/** Bisection steps on the allowance: each one a DP and one run of the model on the check scenario. */
const SEARCH_STEPS = 4;

/**
 * The least idle week that holds the targets in enough weeks (`robust`): a DP over the constant-k
 * menu for a late-job allowance, checked by running the model on the whole schedule (changes,
 * listener gaps and ramps included) over `check`, and the allowance bisected between the targets'
 * full share and none until the cheapest robust week is found.
 *
 * `check` must be weeks drawn apart from the menu's: a DP picks, hour by hour, what happened to be
 * cheap in the weeks it saw (the optimizer's curse), and only other weeks show what that is worth.
 * When no allowance is robust, the week that met the targets in the most weeks is returned.
 */
export function planWeek(
  check: Evaluation,
  menu: Menu,
  peak: (s: number) => boolean,
  targets: Targets,
  changeCost: number,
  fixed?: (slot: number) => number | undefined,
  cap?: (slot: number) => number,
): PlanSearch {
  let offJobs = 0;
  let peakJobs = 0;
  for (let s = 0; s < SLOTS; s++) {
    if (peak(s)) peakJobs += menu.jobs[s]!;
    else offJobs += menu.jobs[s]!;
  }
  const attempt = (tighten: number): PlanSearch => {
    const { values, muOff, muPeak } = solve(
      menu,
      peak,
      changeCost,
      allowed(offJobs, targets.quantile, tighten),
      allowed(peakJobs, targets.quantile, tighten),
      fixed,
      cap,
    );
    const stats = evaluate(values, check);
    const confidence = weeksMeeting(stats, peak, targets);
    return {
      values,
      stats,
      meets: confidence >= (targets.confidence ?? ROBUSTNESS),
      confidence,
      muOff,
      muPeak,
    };
  };
  const loose = attempt(1);
  if (loose.meets) return loose;
  const strict = attempt(0);
  if (!strict.meets) return strict.confidence > loose.confidence ? strict : loose;
  // The loosest robust allowance: robust at `lo`, not at `hi`.
  let best = strict;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < SEARCH_STEPS; i++) {
    const mid = (lo + hi) / 2;
    const found = attempt(mid);
    if (found.meets) {
      lo = mid;
      if (idleOf(found.stats) < idleOf(best.stats)) best = found;
    } else hi = mid;
  }
  return best;
}

function idleOf(stats: SlotStats): number {
  return stats.idleMs.reduce((a, b) => a + b, 0);
}

/** Whether the percentile of off-peak and of peak waits is within its target (a class with no job meets it). */
export function meetsTargets(stats: SlotStats, peak: (s: number) => boolean, t: Targets): boolean {
  const ok = (which: (s: number) => boolean, target: number) => {
    const q = waitQuantile(stats, which, t.quantile);
    return Number.isNaN(q) || q <= target;
  };
  return ok((s) => !peak(s), t.offPeakMs) && ok(peak, t.peakMs);
}

/**
 * How sure a plan must be by default: the share of late jobs must stay within the target in this
 * fraction of the check scenario's weeks, each taken alone (a pooled p95 hides that one heavy hour
 * can spoil a week, and the weeks carry the uncertainty of the fitted rates). At 0.5 a plan meets
 * the targets on an average week, which on bursty demand is every other week.
 */
export const ROBUSTNESS = 0.8;

/** The share of single weeks of the scenario that keep each class's late share within 1 − q. */
export function weeksMeeting(stats: SlotStats, peak: (s: number) => boolean, t: Targets): number {
  let good = 0;
  for (let w = 0; w < stats.weeks; w++) {
    let ok = true;
    for (const cls of [peak, (s: number) => !peak(s)]) {
      let jobs = 0;
      let late = 0;
      for (let s = 0; s < SLOTS; s++) {
        if (!cls(s)) continue;
        jobs += stats.jobsByWeek[w * SLOTS + s]!;
        late += stats.lateByWeek[w * SLOTS + s]!;
      }
      if (jobs > 0 && late / jobs > 1 - t.quantile) ok = false;
    }
    if (ok) good++;
  }
  return stats.weeks > 0 ? good / stats.weeks : 0;
}
