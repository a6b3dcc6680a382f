import { mean, median } from './descriptive';

/** Iglewicz & Hoaglin: |modified z| above 3.5 is a likely outlier. */
export const DEFAULT_OUTLIER_THRESHOLD = 3.5;

/**
 * The spread below which differences are timing noise, as a share of the median: a few runs that
 * agree to within a percent or so have a tiny MAD (with three runs one deviation is always 0 and
 * the MAD is the smaller of the other two), so without a floor a run 1 % off the others scored as
 * an outlier.
 */
export const NOISE_FLOOR_SHARE = 0.02;

/**
 * Modified z-scores 0.6745·(x − median)/MAD, with the spread estimate MAD/0.6745 never below
 * `NOISE_FLOOR_SHARE` of the median's magnitude (so at the default threshold of 3.5, a run within
 * 7 % of the median is never an outlier). When more than half the sample is identical the MAD is 0; then the mean
 * absolute deviation (scaled by 1.253314) stands in, under the same floor, and when every value
 * equals the median no score is non-zero.
 */
export function modifiedZScores(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const m = median(values);
  const deviations = values.map((v) => Math.abs(v - m));
  const floor = NOISE_FLOOR_SHARE * Math.abs(m);
  const madValue = median(deviations);
  // 0.6745·(x − m)/MAD is (x − m)/σ̂ with σ̂ = MAD/0.6745; the floor bounds σ̂ from below.
  if (madValue > 0) return values.map((v) => (v - m) / Math.max(madValue / 0.6745, floor));
  const meanAd = mean(deviations);
  if (meanAd > 0) return values.map((v) => (v - m) / Math.max(1.253314 * meanAd, floor));
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
