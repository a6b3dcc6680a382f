import { FlywheelError } from '@gloriousflywheel/shared';
import { Cron } from 'croner';

export interface ScheduleEntry {
  cron: string;
  minRunners: number;
}

/** Parses lines `CRON => N` (e.g. `0 13 * * 1-5 => 1`), UTC. */
export function parseSchedule(text: string): ScheduleEntry[] {
  const entries: ScheduleEntry[] = [];
  for (const raw of text.split(/\n|;/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^(.+?)\s*=>\s*(\d+)$/);
    if (!m) throw new FlywheelError('INPUT_INVALID', `warm-pool-schedule line is not "CRON => N": ${line}`);
    try {
      new Cron(m[1]!, { timezone: 'UTC', paused: true });
    } catch (error) {
      throw new FlywheelError('INPUT_INVALID', `bad cron expression "${m[1]}": ${(error as Error).message}`);
    }
    entries.push({ cron: m[1]!, minRunners: Number(m[2]) });
  }
  return entries;
}

/**
 * The minRunners in force at `now`: the value of the entry that fired most recently (a step
 * function over the schedule's edges), or `fallback` when none has ever fired.
 */
export function minRunnersAt(
  entries: ScheduleEntry[],
  now: Date,
  fallback = 0,
): { value: number; since?: Date; entry?: ScheduleEntry } {
  let best: { value: number; since?: Date; entry?: ScheduleEntry } = { value: fallback };
  for (const entry of entries) {
    const prev = new Cron(entry.cron, { timezone: 'UTC', paused: true }).previousRuns(1, now)[0];
    if (prev && (!best.since || prev > best.since)) best = { value: entry.minRunners, since: prev, entry };
  }
  return best;
}
