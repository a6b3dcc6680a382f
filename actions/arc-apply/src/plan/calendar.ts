import { FlywheelError } from '@gloriousflywheel/shared';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;
/** The planner's time slots: the hours of a week, Monday 00:00 UTC = 0. */
export const SLOTS = 168;

export function slotOf(at: number): number {
  // Plain arithmetic (this runs for every event of every model run): 1970-01-01 was a Thursday.
  const hours = Math.floor(at / HOUR_MS);
  const days = Math.floor(hours / 24);
  return ((((days + 3) % 7) + 7) % 7) * 24 + (((hours % 24) + 24) % 24);
}

/** Monday 00:00 UTC of the week holding `at`. */
export function weekStart(at: number): number {
  const d = new Date(at);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return midnight - ((d.getUTCDay() + 6) % 7) * DAY_MS;
}

export function utcDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** When "peak" is: UTC hours [start, end) on weekdays, and on weekends too when `weekends`. */
export interface PeakHours {
  startHourUtc: number;
  endHourUtc: number;
  weekends: boolean;
}

export function isPeakSlot(slot: number, peak: PeakHours): boolean {
  const day = Math.floor(slot / 24);
  const hour = slot % 24;
  if (!peak.weekends && day >= 5) return false;
  return hour >= peak.startHourUtc && hour < peak.endHourUtc;
}

/** A date that does not follow the week: a holiday (shaped like a weekend) or a release day. */
export interface DayOverride {
  date: string;
  kind: 'holiday' | 'release';
  /** Release days: demand times this (default: learned from the history's release days, else 3). */
  factor?: number;
}

/** Lines `YYYY-MM-DD holiday` or `YYYY-MM-DD release [×F]`; `#` starts a comment. */
export function parseOverrides(lines: readonly string[]): DayOverride[] {
  const out: DayOverride[] = [];
  for (const raw of lines) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const m = line.match(/^(\d{4}-\d{2}-\d{2})\s+(holiday|release)(?:\s+[x×]?(\d+(?:\.\d+)?))?$/);
    if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) {
      throw new FlywheelError(
        'INPUT_INVALID',
        `warm-pool-overrides line is not "YYYY-MM-DD holiday|release [×F]": ${line}`,
        {
          hint: 'for example `2026-12-25 holiday` or `2026-03-12 release ×3`',
        },
      );
    }
    out.push({ date: m[1]!, kind: m[2] as DayOverride['kind'], ...(m[3] ? { factor: Number(m[3]) } : {}) });
  }
  return out;
}
