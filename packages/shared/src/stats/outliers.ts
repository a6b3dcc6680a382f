import { mean, median } from './descriptive';

/** Iglewicz & Hoaglin: |modified z| above 3.5 is a likely outlier. */
export const DEFAULT_OUTLIER_THRESHOLD = 3.5;

/**
 * Modified z-scores 0.6745·(x − median)/MAD. When more than half the sample is identical the MAD
 * is 0; then the mean absolute deviation (scaled by 1.253314) stands in, and when that is 0 too
 * every value equals the median and no score is non-zero.
 */
export function modifiedZScores(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const m = median(values);
  const deviations = values.map((v) => Math.abs(v - m));
  const madValue = median(deviations);
  if (madValue > 0) return values.map((v) => (0.6745 * (v - m)) / madValue);
  const meanAd = mean(deviations);
  if (meanAd > 0) return values.map((v) => (v - m) / (1.253314 * meanAd));
  return values.map(() => 0);
}

export interface OutlierFlags {
  scores: number[];
  /** Indexes of the flagged values; the values themselves are never dropped. */
  indexes: number[];
  threshold: number;
}

export function flagOutliers(values: readonly number[], threshold = DEFAULT_OUTLIER_THRESHOLD): OutlierFlags {
  const scores = modifiedZScores(values);
  const indexes: number[] = [];
  scores.forEach((s, i) => {
    if (Math.abs(s) > threshold) indexes.push(i);
  });
  return { scores, indexes, threshold };
}
