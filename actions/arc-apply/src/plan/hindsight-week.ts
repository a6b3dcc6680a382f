import { buildMenu, planWeek, type Targets } from './optimize';
import type { Evaluation, SlotStats, WeekValues } from './slot-stats';

/**
 * The cheapest hour-by-hour schedule that meets the targets on the evaluation's own weeks, planned
 * with those weeks known in advance: the bound no forecast can beat on them. Benchmarks set it beside
 * the cheapest fixed window in hindsight (`cheapestFixedWindow`) to show how much of a gap between a
 * plan and that window is left to planning at all.
 */
export function hindsightWeek(
  e: Evaluation,
  peak: (s: number) => boolean,
  targets: Targets,
  changeCost: number,
  maxCount: number,
): { values: WeekValues; stats: SlotStats; meets: boolean } {
  const menu = buildMenu(e, maxCount);
  // Every week of the evaluation must meet: it is the week (or weeks) being judged.
  const found = planWeek(e, menu, peak, { ...targets, confidence: 1 }, changeCost);
  return { values: found.values, stats: found.stats, meets: found.meets };
}
