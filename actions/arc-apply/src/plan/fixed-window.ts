import { SLOTS } from './calendar';
import { buildMenu, lateOf, meetsTargets, type Targets } from './optimize';
import { type Evaluation, evaluate, type SlotStats, type WeekValues } from './slot-stats';

/** A fixed daily window: `count` warm runners from `startHour` for `hours` hours, every day or weekdays only. */
export interface FixedWindow {
  startHour: number;
  hours: number;
  count: number;
  days: 'daily' | 'weekdays';
}

export function windowValues(w: FixedWindow): WeekValues {
  const values = new Int32Array(SLOTS);
  for (let day = 0; day < 7; day++) {
    if (w.days === 'weekdays' && day >= 5) continue;
    for (let h = 0; h < w.hours; h++) values[(day * 24 + w.startHour + h) % SLOTS] = w.count;
  }
  return values;
}

export function describeWindow(w: FixedWindow): string {
  const end = (w.startHour + w.hours) % 24;
  const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return `${w.days === 'weekdays' ? 'weekdays' : 'daily'} ${pad(w.startHour)}–${pad(end)} × ${w.count}`;
}

/**
 * The cheapest fixed daily window (any start, any length, any constant count, daily or weekdays)
 * that meets the targets on the evaluation's scenario: every window is screened with the per-hour
 * figures of constant schedules, then the cheapest candidates are run through the model whole until
 * one meets the targets. Undefined when none does.
 */
export function cheapestFixedWindow(
  e: Evaluation,
  peak: (s: number) => boolean,
  targets: Targets,
  maxCount: number,
): { window: FixedWindow; values: WeekValues; stats: SlotStats } | undefined {
  const menu = buildMenu(e, maxCount);
  const candidates: { w: FixedWindow; idle: number; values: WeekValues }[] = [];
  let offJobs = 0;
  let peakJobs = 0;
  for (let s = 0; s < SLOTS; s++) {
    if (peak(s)) peakJobs += menu.jobs[s]!;
    else offJobs += menu.jobs[s]!;
  }
  const slack = 1.5;
  for (const days of ['daily', 'weekdays'] as const) {
    for (let count = 1; count <= menu.maxK; count++) {
      for (let startHour = 0; startHour < 24; startHour++) {
        for (let hours = 1; hours <= 24; hours++) {
          if (hours === 24 && startHour > 0) continue;
          const w = { startHour, hours, count, days };
          const values = windowValues(w);
          const lateOff = lateOf(menu, values, (s) => !peak(s));
          const latePeak = lateOf(menu, values, peak);
          // Screen loosely: the whole-schedule run decides.
          if (lateOff > (1 - targets.quantile) * offJobs * slack + 1) continue;
          if (latePeak > (1 - targets.quantile) * peakJobs * slack + 1) continue;
          let idle = 0;
          for (let s = 0; s < SLOTS; s++) idle += menu.idle[values[s]!]![s]!;
          candidates.push({ w, idle, values });
        }
      }
    }
  }
  candidates.sort((a, b) => a.idle - b.idle);
  for (const c of candidates.slice(0, 60)) {
    const stats = evaluate(c.values, e);
    if (meetsTargets(stats, peak, targets)) return { window: c.w, values: c.values, stats };
  }
  return undefined;
}
