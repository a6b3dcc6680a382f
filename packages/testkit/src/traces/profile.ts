/**
 * The demand shapes of the generated traces: how many bursts of jobs start in each hour of the week,
 * relative to each other, and how big a burst is. Times are UTC; the KPI file's peak is weekdays
 * 13:00–22:00, so the bursty mornings (07:00–12:00) are off-peak and held to the stricter 15 s target.
 */
export type TraceShape = 'bursty' | 'poisson';

/** What kind of day a date is for the generator. */
export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'release';

/** Relative burst rate for an hour of a day of this kind. */
export function burstWeight(shape: TraceShape, kind: DayKind, hour: number): number {
  if (shape === 'poisson') return 1;
  if (kind === 'weekend' || kind === 'holiday') return hour >= 10 && hour < 20 ? 0.12 : 0.03;
  let w: number;
  if (hour < 6)
    w = 0.04; // quiet nights
  else if (hour < 7) w = 0.3;
  else if (hour < 12)
    w = 1.6; // bursty mornings: many pushes, big matrices
  else if (hour < 13) w = 1;
  else if (hour < 18)
    w = 1.4; // the afternoon peak
  else if (hour < 22) w = 0.7;
  else w = 0.15;
  if (kind === 'release' && hour >= 8 && hour < 20) w *= 3;
  return w;
}

/** Mean number of jobs in one burst (one workflow run: its parallel jobs). */
export function meanBurstSize(shape: TraceShape, kind: DayKind, hour: number): number {
  if (shape === 'poisson') return 1;
  if (kind === 'release' && hour >= 8 && hour < 20) return 5;
  if (kind === 'weekday' && hour >= 7 && hour < 12) return 2.5;
  return 1.6;
}
