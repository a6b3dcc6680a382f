import { median } from '@gloriousflywheel/shared/stats';
import { DAY_MS, type DayOverride, HOUR_MS, SLOTS, slotOf, utcDate } from './calendar';
import type { HistoryJob } from './history';

/** One burst of demand: the jobs of one run, as offsets from its first job, and their durations. */
export interface Burst {
  /** When its first job was created. */
  at: number;
  slot: number;
  offsets: number[];
  /** NaN where the history does not say (a job not finished). */
  durations: number[];
}

/** What the planner learned about one scale set's demand. */
export interface SetDemand {
  scaleSet: string;
  /** Bursts per hour for each hour of an ordinary week (holidays and release days left out), smoothed. */
  burstRate: Float64Array;
  regular: Burst[];
  release: Burst[];
  /** Release-day demand over an ordinary day's, for the same hours. */
  releaseFactor: number;
  /**
   * How much more a whole day's demand swings than a Poisson process at the fitted rate would: 1/k of
   * a gamma-Poisson (negative binomial) fit of daily burst counts, 0 for none. A busy day is busy in
   * every hour, so synthetic days draw one factor from it for all their hours.
   */
  dayDispersion: number;
  /** The same for an hour, on top of its day's factor (the swing left once the day's is taken out). */
  overdispersion: number;
  /**
   * How unsure the fitted rates are as a forecast of next week's, as relative variances: `level` for
   * the week as a whole (the days' swing, which every hour shares), `hour` for each hour of the week
   * on top of it (the hour's own swing and Poisson noise, averaged over the days it was pooled from).
   * A week of history fits the week it saw, which can sit a fifth below the next, its mornings a
   * third; synthetic weeks draw their rates from this spread so that a plan holds on more than the
   * fitted rate (a parametric bootstrap of the fit).
   */
  uncertainty: { level: { weekday: number; weekend: number }; hour: Float64Array };
  durationsMs: number[];
  /** Cold start: from a runner being asked for to the job starting on it. */
  coldStartMs: number[];
  coldStartSource: 'history' | 'default';
  pickupMs: number;
  jobs: number;
  weeks: number;
}

/** Jobs this close after the previous one of the set, with no run id, join its burst. */
const BURST_GAP_MS = 30_000;
/** The platform's Nix cold start (platform.md) when the history shows too few cold waits. */
const DEFAULT_COLD_START: readonly [number, number] = [90_000, 120_000];
const MIN_COLD_SAMPLES = 20;
const DEFAULT_RELEASE_FACTOR = 3;

function bursts(jobs: readonly HistoryJob[]): Burst[] {
  const out: Burst[] = [];
  const byRun = new Map<string, Burst>();
  let open: { burst: Burst; last: number } | undefined;
  for (const j of jobs) {
    const d =
      j.startedAt !== undefined && j.completedAt !== undefined ? j.completedAt - j.startedAt : Number.NaN;
    const joined =
      j.runId !== undefined
        ? byRun.get(j.runId)
        : open && j.createdAt - open.last <= BURST_GAP_MS
          ? open.burst
          : undefined;
    if (joined) {
      joined.offsets.push(j.createdAt - joined.at);
      joined.durations.push(d);
      if (open?.burst === joined) open.last = j.createdAt;
      continue;
    }
    const burst: Burst = { at: j.createdAt, slot: slotOf(j.createdAt), offsets: [0], durations: [d] };
    out.push(burst);
    if (j.runId !== undefined) byRun.set(j.runId, burst);
    else open = { burst, last: j.createdAt };
  }
  return out;
}

/**
 * Fits one set's demand from its history in [from, to): the burst rate per hour of the week over
 * ordinary days (each weekday hour blended with the same hour of the other weekdays, weekends
 * likewise, then lightly smoothed across neighbouring hours, so one week of history is enough),
 * the bursts themselves to resample, durations, the warm pickup and the cold start.
 */
export function fitDemand(
  scaleSet: string,
  jobs: readonly HistoryJob[],
  window: { from: number; to: number },
  overrides: readonly DayOverride[],
): SetDemand {
  const special = new Map(overrides.map((o) => [o.date, o]));
  const sorted = [...jobs].sort((a, b) => a.createdAt - b.createdAt);
  const all = bursts(sorted);
  // Occurrences of each hour of the week on ordinary days inside the window.
  const occurrences = new Float64Array(SLOTS);
  const releaseHours = new Float64Array(SLOTS);
  for (let t = Math.floor(window.from / HOUR_MS) * HOUR_MS; t < window.to; t += HOUR_MS) {
    const o = special.get(utcDate(t));
    if (!o) occurrences[slotOf(t)]!++;
    else if (o.kind === 'release') releaseHours[slotOf(t)]!++;
  }
  const counts = new Float64Array(SLOTS);
  const releaseCounts = new Float64Array(SLOTS);
  const regular: Burst[] = [];
  const release: Burst[] = [];
  for (const b of all) {
    const o = special.get(utcDate(b.at));
    if (!o) {
      counts[b.slot]!++;
      regular.push(b);
    } else if (o.kind === 'release') {
      releaseCounts[b.slot]!++;
      release.push(b);
    }
  }
  const raw = new Float64Array(SLOTS);
  for (let s = 0; s < SLOTS; s++) raw[s] = occurrences[s]! > 0 ? counts[s]! / occurrences[s]! : Number.NaN;
  const burstRate = smooth(raw, occurrences);
  const dayDispersion = dispersion(all, special, window, DAY_MS);
  // Hour counts swing with their day and on their own: 1 + v_total = (1 + v_day)(1 + v_hour).
  const overdispersion = Math.max(
    0,
    (1 + dispersion(all, special, window, HOUR_MS)) / (1 + dayDispersion) - 1,
  );
  // Release factor: release-day bursts over the ordinary rate of the same hours.
  let expected = 0;
  let seenRelease = 0;
  for (let s = 0; s < SLOTS; s++) {
    expected += burstRate[s]! * releaseHours[s]!;
    seenRelease += releaseCounts[s]!;
  }
  const learned = expected > 0 && seenRelease > 0 ? seenRelease / expected : undefined;
  const durationsMs = sorted
    .filter((j) => j.startedAt !== undefined && j.completedAt !== undefined)
    .map((j) => j.completedAt! - j.startedAt!);
  const waits = sorted.filter((j) => j.startedAt !== undefined).map((j) => j.startedAt! - j.createdAt);
  const warm = waits.filter((w) => w >= 0 && w < 30_000);
  const pickupMs = warm.length > 0 ? median(warm) : 6_000;
  const cold = waits.filter((w) => w >= 30_000 && w <= 600_000).map((w) => w - pickupMs);
  const coldFromHistory = cold.length >= MIN_COLD_SAMPLES;
  return {
    scaleSet,
    burstRate,
    regular,
    release,
    releaseFactor: learned ?? DEFAULT_RELEASE_FACTOR,
    dayDispersion,
    overdispersion,
    uncertainty: uncertaintyOf(burstRate, occurrences, dayDispersion, overdispersion),
    durationsMs: durationsMs.length ? durationsMs : [300_000],
    coldStartMs: coldFromHistory
      ? cold
      : Array.from(
          { length: 31 },
          (_, i) => DEFAULT_COLD_START[0] + (i / 30) * (DEFAULT_COLD_START[1] - DEFAULT_COLD_START[0]),
        ),
    coldStartSource: coldFromHistory ? 'history' : 'default',
    pickupMs,
    jobs: sorted.length,
    weeks: (window.to - window.from) / (7 * DAY_MS),
  };
}

/** Dispersions above this are not told apart by a few weeks of history (and gamma draws beyond it are degenerate). */
const MAX_VARIANCE = 4;

/**
 * The relative variance of the fitted rates: an hour's rate is the mean of n days' counts (pooled
 * over the days of its kind), each with relative variance v_hour + 1/λ around its day, so the mean
 * has (v_hour + 1/λ) / n, less by the neighbouring hours blended in (`smooth`'s weights, 1.87 times
 * the observations); the days' shared factor gives each kind of day a level v_day / days of the kind.
 */
function uncertaintyOf(
  rate: Float64Array,
  occurrences: Float64Array,
  dayDispersion: number,
  hourDispersion: number,
): SetDemand['uncertainty'] {
  const hour = new Float64Array(SLOTS);
  for (let s = 0; s < SLOTS; s++) {
    const kindDays = s >= 120 ? [5, 6] : [0, 1, 2, 3, 4];
    const n = kindDays.reduce((a, d) => a + occurrences[d * 24 + (s % 24)]!, 0);
    const lambda = Math.max(rate[s]!, 1e-3);
    hour[s] =
      n > 0 ? Math.min(MAX_VARIANCE, (hourDispersion + 1 / lambda) / (SMOOTHING_GAIN * n)) : MAX_VARIANCE;
  }
  // The level of a kind of day: the days' shared swing over n days, and Poisson noise on its N
  // bursts (smoothing moves rate between hours; it adds nothing to what is known of their sum).
  const level = (days: number[]) => {
    const n = days.reduce((a, d) => a + occurrences[d * 24]!, 0);
    let bursts = 0;
    for (const d of days) for (let h = 0; h < 24; h++) bursts += rate[d * 24 + h]! * occurrences[d * 24 + h]!;
    return n > 0 && bursts > 0 ? Math.min(MAX_VARIANCE, dayDispersion / n + 1 / bursts) : MAX_VARIANCE;
  };
  return { level: { weekday: level([0, 1, 2, 3, 4]), weekend: level([5, 6]) }, hour };
}

/** Weights of an hour's neighbours and itself when rates are smoothed. */
const SMOOTHING = [0.15, 0.7, 0.15] as const;
/** How many more observations smoothing pools in effect: 1 / Σw². */
const SMOOTHING_GAIN = 1 / SMOOTHING.reduce((a, w) => a + w * w, 0);

/** Blends each hour with the same hour of the other days of its kind, then with its neighbours. */
function smooth(raw: Float64Array, occurrences: Float64Array): Float64Array {
  const pooled = new Float64Array(SLOTS);
  for (let s = 0; s < SLOTS; s++) {
    const day = Math.floor(s / 24);
    const hour = s % 24;
    const days = day < 5 ? [0, 1, 2, 3, 4] : [5, 6];
    let sum = 0;
    let n = 0;
    for (const d of days) {
      const o = occurrences[d * 24 + hour]!;
      if (o > 0) {
        sum += raw[d * 24 + hour]! * o;
        n += o;
      }
    }
    const pool = n > 0 ? sum / n : 0;
    const own = occurrences[s]!;
    // A day keeps its own shape only with several weeks of it: one week is mostly noise.
    const w = own / (own + 8);
    pooled[s] = own > 0 ? w * raw[s]! + (1 - w) * pool : pool;
  }
  const out = new Float64Array(SLOTS);
  for (let s = 0; s < SLOTS; s++) {
    out[s] =
      SMOOTHING[0] * pooled[(s + SLOTS - 1) % SLOTS]! +
      SMOOTHING[1] * pooled[s]! +
      SMOOTHING[2] * pooled[(s + 1) % SLOTS]!;
  }
  return out;
}

/**
 * Method-of-moments 1/k for burst counts n per period (an hour or a day): Var(n) = λ + λ²/k, so
 * 1/k ≈ Σ((n − λ)² − λ) / Σλ² over the ordinary periods of the window. λ for a period is the mean of
 * the same period on the other days of its kind (leaving the period itself out, or the fit would
 * absorb the swing it is to measure).
 */
function dispersion(
  all: readonly Burst[],
  special: ReadonlyMap<string, DayOverride>,
  window: { from: number; to: number },
  periodMs: number,
): number {
  const perPeriod = new Map<number, number>();
  for (const b of all) {
    const p = Math.floor(b.at / periodMs);
    perPeriod.set(p, (perPeriod.get(p) ?? 0) + 1);
  }
  // Counts per (kind of day, hour of day; or kind of day alone for days): sum and periods seen.
  const periods: { cell: number; n: number }[] = [];
  const sum = new Float64Array(48);
  const seen = new Float64Array(48);
  for (let t = Math.ceil(window.from / periodMs) * periodMs; t + periodMs <= window.to; t += periodMs) {
    if (special.has(utcDate(t))) continue;
    const slot = slotOf(t);
    const cell = (slot >= 120 ? 24 : 0) + (periodMs < DAY_MS ? slot % 24 : 0);
    const n = perPeriod.get(t / periodMs) ?? 0;
    periods.push({ cell, n });
    sum[cell]! += n;
    seen[cell]!++;
  }
  let num = 0;
  let den = 0;
  for (const p of periods) {
    if (seen[p.cell]! < 2) continue;
    const lambda = (sum[p.cell]! - p.n) / (seen[p.cell]! - 1);
    num += (p.n - lambda) ** 2 - lambda;
    den += lambda * lambda;
  }
  return den > 0 ? Math.max(0, Math.min(4, num / den)) : 0;
}
