/** Seeded draws for the generator: the shared library's mulberry32 and Box–Muller, as everywhere in the testkit. */
import { normal, type Random, seededRandom } from '@gloriousflywheel/shared/stats';

export { normal, type Random, seededRandom as seeded };

export function uniform(r: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * r();
}

export function exponential(r: Random, mean: number): number {
  return -Math.log(1 - r()) * mean;
}

/** Poisson count (Knuth for small means, a normal approximation above 50). */
export function poisson(r: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(r)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = r();
  while (p > limit) {
    k++;
    p *= r();
  }
  return k;
}

/** Gamma(shape k ≥ 1, mean 1) by Marsaglia–Tsang: day-to-day and hour-to-hour swings of demand. */
export function gammaMeanOne(r: Random, k: number): number {
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(r);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    if (Math.log(r()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / k;
  }
}
