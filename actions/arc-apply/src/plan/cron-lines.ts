import { Cron } from 'croner';
import type { ScheduleEntry } from '../engine/schedule';
import { DAY_MS, HOUR_MS, SLOTS } from './calendar';
import type { WeekValues } from './slot-stats';

/** Cron's day of week (0 = Sunday) of a planner day (0 = Monday). */
const cronDay = (day: number) => (day + 1) % 7;

/** `1,2,3,5` → `1-3,5`. */
function dayList(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * The week as `CRON => N` lines in the form mode warm-pool applies (the value of the line that fired
 * last): one line per hour at which the value changes, days with the same change merged.
 */
export function weekLines(values: WeekValues): string[] {
  const changes = new Map<string, number[]>();
  for (let s = 0; s < SLOTS; s++) {
    const prev = values[(s + SLOTS - 1) % SLOTS]!;
    const v = values[s]!;
    if (v === prev) continue;
    const key = `${s % 24}:${v}`;
    changes.set(key, [...(changes.get(key) ?? []), cronDay(Math.floor(s / 24))]);
  }
  if (changes.size === 0) return [`0 0 * * * => ${values[0]}`];
  return [...changes.entries()]
    .map(([key, days]) => {
      const [hour, v] = key.split(':');
      return { hour: Number(hour), line: `0 ${hour} * * ${days.length === 7 ? '*' : dayList(days)} => ${v}` };
    })
    .sort((a, b) => a.hour - b.hour || a.line.localeCompare(b.line))
    .map((x) => x.line);
}

/**
 * Lines for dates that do not follow the week (release days, holidays): a line at every hour where
 * the date's value changes or a weekly line fires (date lines come first, so they win a tie), and
 * one at midnight after it that puts the week's value back. Cron has no year: the plan file says
 * until when its lines hold.
 */
export function dateLines(date: string, hours: readonly number[], week: WeekValues): string[] {
  const start = Date.parse(`${date}T00:00:00Z`);
  const day = (new Date(start).getUTCDay() + 6) % 7;
  const d = new Date(start);
  const dom = d.getUTCDate();
  const month = d.getUTCMonth() + 1;
  const lines: string[] = [];
  for (let h = 0; h < 24; h++) {
    const weekly = week[day * 24 + h]! !== week[(day * 24 + h + SLOTS - 1) % SLOTS]!;
    if (h === 0 || hours[h] !== hours[h - 1] || weekly) lines.push(`0 ${h} ${dom} ${month} * => ${hours[h]}`);
  }
  const next = new Date(start + DAY_MS);
  const nextDay = (day + 1) % 7;
  lines.push(`0 0 ${next.getUTCDate()} ${next.getUTCMonth() + 1} * => ${week[nextDay * 24]}`);
  return lines;
}

/** The hourly values a schedule gives over a week starting `from` (the value in force at each hour's start). */
export function valuesOfSchedule(entries: ScheduleEntry[], from: number, fallback = 0): WeekValues {
  const values = new Int32Array(SLOTS);
  // Each line's firings over the week, walked once (the same rule as minRunnersAt: the last to fire
  // holds, the first line wins a tie); a line that fired before the week sets the start.
  const fired: { at: number; value: number; order: number }[] = [];
  for (const [order, e] of entries.entries()) {
    const cron = new Cron(e.cron, { timezone: 'UTC', paused: true });
    const before = cron.previousRuns(1, new Date(from + 30_000))[0];
    if (before) fired.push({ at: before.getTime(), value: e.minRunners, order });
    const end = from + SLOTS * HOUR_MS;
    // One firing at a time up to the week's end: asking for a batch makes croner compute every run
    // of it, months past the week for a daily line.
    for (let next = cron.nextRun(new Date(from + 30_000)); next && next.getTime() < end; ) {
      fired.push({ at: next.getTime(), value: e.minRunners, order });
      next = cron.nextRun(next);
    }
  }
  fired.sort((a, b) => a.at - b.at || b.order - a.order);
  let current = fallback;
  let i = 0;
  for (let s = 0; s < SLOTS; s++) {
    // Just after the hour, so that a line firing on the hour counts.
    const t = from + s * HOUR_MS + 30_000;
    while (i < fired.length && fired[i]!.at < t) current = fired[i++]!.value;
    values[s] = current;
  }
  return values;
}
