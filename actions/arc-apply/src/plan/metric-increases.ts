import type { PromSeries } from '@gloriousflywheel/shared/prometheus';

/**
 * What a counter series gained at each step of a range query, from its raw values (not `increase()`,
 * which extrapolates to the window's edges and so gives fractions of a job):
 * - a series already there at `baselineS` (the query's first step) counts from that value, so jobs
 *   before the window are left out;
 * - a series that appears later is a listener that started later (every `minRunners` change recreates
 *   the listener pod, `arc-facts.md` §4), whose counters began at zero;
 * - a value below the previous one is a counter reset (a restarted process): it counts from zero.
 * A series that goes missing for a while (a failed scrape) continues from its last value.
 */
export function counterIncreases(series: PromSeries, baselineS: number): [number, number][] {
  const out: [number, number][] = [];
  let last: number | undefined;
  for (const [t, v] of series.points) {
    if (last === undefined) {
      last = t <= baselineS ? v : 0;
      if (t <= baselineS) continue;
    }
    const gained = v >= last ? v - last : v;
    last = v;
    if (gained > 0) out.push([t, gained]);
  }
  return out;
}

/** A bucket's upper bound from its `le` label (Prometheus writes the last one `+Inf`, which Number() does not read). */
export function upperBound(le: string | undefined): number {
  return le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
}

/** The upper bounds of a histogram's buckets, from the `le` labels of its series, ascending. */
export function bucketBounds(series: readonly PromSeries[]): number[] {
  const bounds = new Set(series.map((s) => upperBound(s.labels['le'])).filter((b) => !Number.isNaN(b)));
  return [...bounds].sort((a, b) => a - b);
}

/**
 * Cumulative bucket counts (`le` ≤ bound, as Prometheus stores them) as counts per bucket: index i
 * holds the observations in (bounds[i−1], bounds[i]].
 */
export function perBucket(cumulative: ArrayLike<number>): Float64Array {
  const out = new Float64Array(cumulative.length);
  let below = 0;
  for (let i = 0; i < cumulative.length; i++) {
    const c = Math.max(below, cumulative[i]!);
    out[i] = Math.round(c - below);
    below = c;
  }
  return out;
}

/**
 * A value from a histogram's bucket i: uniform between its bounds, as `histogram_quantile`
 * interpolates. The +Inf bucket gives its lower bound: a histogram only says "more than that".
 */
export function valueInBucket(bounds: readonly number[], i: number, random: () => number): number {
  const lo = i === 0 ? 0 : bounds[i - 1]!;
  const hi = bounds[i]!;
  return Number.isFinite(hi) ? lo + (hi - lo) * random() : lo;
}

/** A bucket index drawn in proportion to the counts; undefined when the histogram is empty. */
export function drawBucket(counts: ArrayLike<number>, random: () => number): number | undefined {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  if (total <= 0) return undefined;
  let x = random() * total;
  for (let i = 0; i < counts.length; i++) {
    x -= counts[i]!;
    if (x < 0) return i;
  }
  return counts.length - 1;
}
