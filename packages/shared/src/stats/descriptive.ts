/** Descriptive statistics over a sample; robust ones (median, MAD) first because CI machines are noisy. */
export interface Summary {
  n: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  /** Sample standard deviation (n − 1); null when n < 2. */
  stddev: number | null;
  /** Median absolute deviation from the median (raw, not scaled to σ). */
  mad: number;
  p95: number;
}

export function sortedCopy(values: readonly number[]): number[] {
  return Array.from(values).sort((a, b) => a - b);
}

/** Linear-interpolated quantile (type 7, as R and NumPy default) of an already sorted sample. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return sorted[0]!;
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function quantile(values: readonly number[], q: number): number {
  return quantileSorted(sortedCopy(values), q);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function stddev(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  let sq = 0;
  for (const v of values) sq += (v - m) ** 2;
  return Math.sqrt(sq / (values.length - 1));
}

export function mad(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

export function summarize(values: readonly number[]): Summary {
  const sorted = sortedCopy(values);
  const n = sorted.length;
  return {
    n,
    min: n ? sorted[0]! : Number.NaN,
    max: n ? sorted[n - 1]! : Number.NaN,
    mean: mean(sorted),
    median: quantileSorted(sorted, 0.5),
    stddev: stddev(sorted),
    mad: mad(sorted),
    p95: quantileSorted(sorted, 0.95),
  };
}
