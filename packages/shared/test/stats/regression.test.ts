import { describe, expect, it } from 'vitest';
import {
  bootstrapMedianRatio,
  detectRegression,
  mannWhitneyU,
  normal,
  normalCdf,
  type Random,
  seededRandom,
} from '../../src/stats';

/** n timings around `center` with multiplicative Gaussian noise of relative size `noise`. */
function sample(random: Random, n: number, center: number, noise: number): number[] {
  return Array.from({ length: n }, () => center * (1 + noise * normal(random)));
}

describe('Mann–Whitney U', () => {
  it('matches hand-computed U and a textbook p-value', () => {
    // a = 1..5, b = 6..10: a is never larger, U = 0.
    const r = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(r.u).toBe(0);
    // Normal approximation with continuity correction: z = (0 − 12.5 + 0.5)/sqrt(22.9167) = −2.5067.
    expect(r.z).toBeCloseTo(-2.5067, 3);
    expect(r.pTwoSided).toBeCloseTo(0.0122, 3);
    expect(r.pGreater).toBeLessThan(0.01);
    expect(r.pLess).toBeGreaterThan(0.99);
  });

  it('treats ties and identical samples soundly', () => {
    const same = mannWhitneyU([3, 3, 3], [3, 3, 3]);
    expect(same.pTwoSided).toBe(1);
    const tied = mannWhitneyU([1, 2, 2, 3], [2, 3, 3, 4]);
    // Pairs with a > b, ties counting ½: 0 + 0.5 + 0.5 + (1 + 0.5 + 0.5) = 3.
    expect(tied.u).toBe(3);
  });

  it('has an accurate normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});

describe('bootstrap CI of the median ratio', () => {
  it('is reproducible for a seed and brackets the true ratio', () => {
    const random = seededRandom(7);
    const a = sample(random, 40, 100, 0.05);
    const b = sample(random, 40, 120, 0.05);
    const one = bootstrapMedianRatio(a, b, { seed: 1 });
    const two = bootstrapMedianRatio(a, b, { seed: 1 });
    expect(one).toEqual(two);
    expect(one.low).toBeLessThan(1.2);
    expect(one.high).toBeGreaterThan(1.2);
    expect(one.low).toBeGreaterThan(1.1);
  });
});

describe('regression verdict quality on seeded synthetic samples', () => {
  const trials = 1000;

  it('raises at most 1 % false alarms on A/A comparisons at 5 % noise', () => {
    const random = seededRandom(20260401);
    let alarms = 0;
    for (let t = 0; t < trials; t++) {
      const a = sample(random, 30, 1000, 0.05);
      const b = sample(random, 30, 1000, 0.05);
      const r = detectRegression(a, b, { resamples: 500, seed: t });
      if (r.verdict === 'regression' || r.verdict === 'improvement') alarms++;
    }
    expect(alarms / trials).toBeLessThanOrEqual(0.01);
  });

  it('catches a 10 % slowdown with n = 30 per side at least 90 % of the time', () => {
    const random = seededRandom(424242);
    let caught = 0;
    for (let t = 0; t < trials; t++) {
      const a = sample(random, 30, 1000, 0.05);
      const b = sample(random, 30, 1100, 0.05);
      const r = detectRegression(a, b, { resamples: 500, seed: t });
      if (r.verdict === 'regression') caught++;
    }
    expect(caught / trials).toBeGreaterThanOrEqual(0.9);
  });

  it('calls a 10 % speed-up an improvement, and inverts when bigger is better', () => {
    const random = seededRandom(99);
    const a = sample(random, 30, 1000, 0.03);
    const b = sample(random, 30, 900, 0.03);
    expect(detectRegression(a, b).verdict).toBe('improvement');
    expect(detectRegression(a, b, { biggerIsBetter: true }).verdict).toBe('regression');
  });

  it('gives "insufficient data" with the numbers behind it', () => {
    const r = detectRegression([100, 101], [150, 151, 152, 149, 150]);
    expect(r.verdict).toBe('insufficient data');
    expect(r.baselineN).toBe(2);
    expect(r.baselineMedian).toBe(100.5);
    expect(r.reason).toMatch(/at least 5/);
  });

  it('ignores a significant but tiny shift below the minimum effect', () => {
    const random = seededRandom(5);
    const a = sample(random, 200, 1000, 0.005);
    const b = sample(random, 200, 1020, 0.005);
    const r = detectRegression(a, b);
    expect(r.pValue!).toBeLessThan(0.001);
    expect(r.verdict).toBe('no change');
    expect(r.ratio!).toBeCloseTo(1.02, 2);
  });
});
