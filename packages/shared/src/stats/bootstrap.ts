import { quantileSorted } from './descriptive';
import { type Random, seededRandom } from './random';

export interface RatioInterval {
  /** median(current) / median(baseline). */
  ratio: number;
  low: number;
  high: number;
  confidence: number;
  resamples: number;
}

function resampledMedian(values: readonly number[], random: Random, scratch: Float64Array): number {
  const n = values.length;
  for (let i = 0; i < n; i++) scratch[i] = values[Math.floor(random() * n)]!;
  scratch.sort();
  return quantileSorted(scratch, 0.5);
}

/**
 * Percentile bootstrap confidence interval of the ratio of medians, current over baseline. Seeded,
 * so the same samples always give the same interval.
 */
export function bootstrapMedianRatio(
  baseline: readonly number[],
  current: readonly number[],
  options: { confidence?: number; resamples?: number; seed?: number } = {},
): RatioInterval {
  const confidence = options.confidence ?? 0.95;
  const resamples = options.resamples ?? 2000;
  const random = seededRandom(options.seed ?? 0x5eed);
  const sb = new Float64Array(baseline.length);
  const sc = new Float64Array(current.length);
  const ratios = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) {
    ratios[i] = resampledMedian(current, random, sc) / resampledMedian(baseline, random, sb);
  }
  ratios.sort();
  const alpha = (1 - confidence) / 2;
  const mb = quantileSorted(Float64Array.from(baseline).sort(), 0.5);
  const mc = quantileSorted(Float64Array.from(current).sort(), 0.5);
  return {
    ratio: mc / mb,
    low: quantileSorted(ratios, alpha),
    high: quantileSorted(ratios, 1 - alpha),
    confidence,
    resamples,
  };
}
