import { type Random, seededRandom } from '@gloriousflywheel/shared/stats';
import type { ModelJob } from './arc-model';
import { DAY_MS, type DayOverride, HOUR_MS, SLOTS, utcDate, WEEK_MS } from './calendar';
import type { Burst, SetDemand } from './demand';

/** Synthetic weeks of demand to plan on: `replicas` copies of the horizon week, one after another. */
export interface Scenario {
  from: number;
  to: number;
  replicas: number;
  jobs: readonly ModelJob[];
}

function poisson(r: Random, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let k = 0;
  let p = r();
  while (p > limit) {
    k++;
    p *= r();
  }
  return k;
}

/**
 * Draws demand for `replicas` weeks shaped like the horizon week starting `horizon` (a Monday): bursts
 * arrive as a Poisson process at the fitted hourly rate times a day's and an hour's swing (gamma,
 * mean 1, with the fitted dispersions), each one a burst seen in the history near the
 * same hour of the same kind of day (resampled whole, so its size and spread are real). Holidays take
 * the weekend rate, release days the release factor and the release days' bursts.
 */
export function synthesize(
  demand: SetDemand,
  horizon: number,
  replicas: number,
  overrides: ReadonlyMap<string, DayOverride>,
  seed: number,
): Scenario {
  const r = seededRandom(seed);
  const near = neighbourhoods(demand.regular);
  const weekendRate = new Float64Array(24);
  for (let h = 0; h < 24; h++) weekendRate[h] = (demand.burstRate[120 + h]! + demand.burstRate[144 + h]!) / 2;
  const jobs: ModelJob[] = [];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  let dayFactor = 1;
  for (let w = 0; w < replicas; w++) {
    // Each week at rates the history cannot rule out (its level, and each hour of each kind of day,
    // shared by the days of that kind), so a plan holds on more than the fitted rates.
    const level = [
      gammaMeanOne(r, demand.uncertainty.level.weekday),
      gammaMeanOne(r, demand.uncertainty.level.weekend),
    ];
    const hourOfKind = Array.from({ length: 48 }, (_, c) =>
      gammaMeanOne(r, demand.uncertainty.hour[c < 24 ? c : 120 + c - 24]!),
    );
    for (let s = 0; s < SLOTS; s++) {
      if (s % 24 === 0) dayFactor = gammaMeanOne(r, demand.dayDispersion);
      const hourStart = horizon + w * WEEK_MS + s * HOUR_MS;
      const o = overrides.get(utcDate(horizon + Math.floor(s / 24) * DAY_MS));
      const hour = s % 24;
      let rate = demand.burstRate[s]!;
      let library = near[s]!;
      if (o?.kind === 'holiday') {
        rate = weekendRate[hour]!;
        library = near[120 + hour]!;
      } else if (o?.kind === 'release') {
        rate *= o.factor ?? demand.releaseFactor;
        const releaseNear = demand.release.filter((b) => Math.abs((b.slot % 24) - hour) <= 2);
        if (releaseNear.length) library = releaseNear;
      }
      const kindHour = (o?.kind === 'holiday' || s >= 120 ? 24 : 0) + hour;
      const swing =
        level[kindHour < 24 ? 0 : 1]! *
        hourOfKind[kindHour]! *
        dayFactor *
        gammaMeanOne(r, demand.overdispersion);
      const n = poisson(r, rate * swing);
      for (let i = 0; i < n; i++) {
        const t0 = hourStart + r() * HOUR_MS;
        const burst: Burst | undefined = library.length ? pick(library) : undefined;
        const offsets = burst?.offsets ?? [0];
        for (const [k, off] of offsets.entries()) {
          const d = burst?.durations[k];
          jobs.push({
            createdAt: Math.round(t0 + off),
            durationMs: d !== undefined && Number.isFinite(d) ? d : pick(demand.durationsMs),
          });
        }
      }
    }
  }
  const from = horizon;
  const to = horizon + replicas * WEEK_MS;
  const inside = jobs.filter((j) => j.createdAt < to).sort((a, b) => a.createdAt - b.createdAt);
  return { from, to, replicas, jobs: inside };
}

/** For each hour of the week: the bursts seen within two hours of it on the same kind of day. */
function neighbourhoods(bursts: readonly Burst[]): Burst[][] {
  const out: Burst[][] = Array.from({ length: SLOTS }, () => []);
  for (let s = 0; s < SLOTS; s++) {
    const weekend = s >= 120;
    const hour = s % 24;
    out[s] = bursts.filter((b) => {
      if (b.slot >= 120 !== weekend) return false;
      const d = Math.abs((b.slot % 24) - hour);
      return Math.min(d, 24 - d) <= 2;
    });
    if (out[s]!.length === 0) out[s] = [...bursts];
  }
  return out;
}

/** A gamma draw with mean 1 and variance `v` (1 when v is 0): the hour's demand swing. */
function gammaMeanOne(r: Random, v: number): number {
  if (v <= 1e-6) return 1;
  const k = 1 / v;
  // Marsaglia–Tsang needs shape ≥ 1; boost a smaller shape with U^(1/k).
  const shape = k < 1 ? k + 1 : k;
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  let x = 0;
  for (;;) {
    let u1 = 0;
    while (u1 === 0) u1 = r();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r());
    const v3 = (1 + c * z) ** 3;
    if (v3 <= 0) continue;
    if (Math.log(r() || 1e-12) < 0.5 * z * z + d - d * v3 + d * Math.log(v3)) {
      x = d * v3;
      break;
    }
  }
  if (k < 1) x *= (r() || 1e-12) ** (1 / k);
  return x / k;
}
