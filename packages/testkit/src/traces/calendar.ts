import type { DayKind } from './profile';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** `YYYY-MM-DD` of an instant, in UTC. */
export function utcDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

export function dayKind(
  at: number,
  holidays: ReadonlySet<string>,
  releaseDays: ReadonlySet<string>,
): DayKind {
  const date = utcDate(at);
  if (holidays.has(date)) return 'holiday';
  if (releaseDays.has(date)) return 'release';
  const day = new Date(at).getUTCDay();
  return day === 0 || day === 6 ? 'weekend' : 'weekday';
}

/**
 * The platform's warm pool as it runs today (platform.md): minRunners 1 from 13:00 UTC on weekdays
 * until 01:00 UTC the next day, 0 otherwise.
 */
export function platformWarmPool(at: number): number {
  const d = new Date(at);
  const day = d.getUTCDay();
  const hour = d.getUTCHours();
  const weekday = (x: number) => x >= 1 && x <= 5;
  if (hour >= 13 && weekday(day)) return 1;
  if (hour < 1 && weekday((day + 6) % 7)) return 1;
  return 0;
}
