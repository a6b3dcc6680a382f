import { bootstrapMedianRatio } from './bootstrap';
import { median } from './descriptive';
import { mannWhitneyU } from './mann-whitney';

export type Verdict = 'regression' | 'improvement' | 'no change' | 'insufficient data';

export interface RegressionOptions {
  /** Significance level of the Mann–Whitney test (two-sided). */
  alpha?: number;
  /** The smallest relative change that counts, e.g. 0.05 = 5 %. */
  minEffect?: number;
  /** Fewer values than this on either side gives "insufficient data". */
  minSamples?: number;
  /** Timings: a larger value is worse. */
  biggerIsBetter?: boolean;
  confidence?: number;
  resamples?: number;
  seed?: number;
}

export interface RegressionResult {
  verdict: Verdict;
  reason: string;
  baselineN: number;
  currentN: number;
  baselineMedian: number | null;
  currentMedian: number | null;
  /** current / baseline medians. */
  ratio: number | null;
  ci: { low: number; high: number; confidence: number } | null;
  pValue: number | null;
  alpha: number;
  minEffect: number;
}

/**
 * Compares a current sample with a baseline the way the benchmark gate needs on noisy machines:
 * a change is reported only when both the Mann–Whitney test is significant and the bootstrap
 * interval of the median ratio lies wholly beyond 1, and the point ratio exceeds the minimum effect.
 * Never compares single points.
 */
export function detectRegression(
  baseline: readonly number[],
  current: readonly number[],
  options: RegressionOptions = {},
): RegressionResult {
  const alpha = options.alpha ?? 0.05;
  const minEffect = options.minEffect ?? 0.05;
  const minSamples = options.minSamples ?? 5;
  const base = {
    baselineN: baseline.length,
    currentN: current.length,
    alpha,
    minEffect,
  };
  if (baseline.length < minSamples || current.length < minSamples) {
    return {
      ...base,
      verdict: 'insufficient data',
      reason: `need at least ${minSamples} values on each side (baseline ${baseline.length}, current ${current.length})`,
      baselineMedian: baseline.length ? median(baseline) : null,
      currentMedian: current.length ? median(current) : null,
      ratio: null,
      ci: null,
      pValue: null,
    };
  }
  const mw = mannWhitneyU(baseline, current);
  const interval = bootstrapMedianRatio(baseline, current, {
    confidence: options.confidence ?? 0.95,
    resamples: options.resamples ?? 2000,
    seed: options.seed ?? 0x5eed,
  });
  const ratio = interval.ratio;
  const significant = mw.pTwoSided < alpha;
  const slower = ratio >= 1 + minEffect && interval.low > 1;
  const faster = ratio <= 1 / (1 + minEffect) && interval.high < 1;
  let verdict: Verdict = 'no change';
  if (significant && (slower || faster)) {
    const worse = options.biggerIsBetter ? faster : slower;
    verdict = worse ? 'regression' : 'improvement';
  }
  const pct = ((ratio - 1) * 100).toFixed(1);
  const reason =
    verdict === 'no change'
      ? `median ratio ${ratio.toFixed(3)} (${pct} %), p=${mw.pTwoSided.toPrecision(3)}: not both significant (p < ${alpha}) and beyond the ${minEffect * 100} % minimum effect`
      : `median ratio ${ratio.toFixed(3)} (${pct} %), ${interval.confidence * 100} % CI [${interval.low.toFixed(3)}, ${interval.high.toFixed(3)}], p=${mw.pTwoSided.toPrecision(3)}`;
  return {
    ...base,
    verdict,
    reason,
    baselineMedian: median(baseline),
    currentMedian: median(current),
    ratio,
    ci: { low: interval.low, high: interval.high, confidence: interval.confidence },
    pValue: mw.pTwoSided,
  };
}
