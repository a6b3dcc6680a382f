import { FlywheelError } from '@gloriousflywheel/shared';
import { parseSchedule } from '../engine/schedule';
import { type WarmPoolReport, warmPool } from '../engine/warm-pool';
import { type Ctx, engineDeps, type Runtime } from '../runtime';
import { warmPoolSummary } from '../summary';

export const main = (ctx: Ctx) => mainWith(ctx, {});

/** minRunners of the chosen sets from the schedule's value now. */
export async function mainWith(ctx: Ctx, rt: Runtime): Promise<WarmPoolReport> {
  // An empty input parses to undefined even where its default is '' (the shared type says string).
  const schedule = parseSchedule(ctx.inputs['warm-pool-schedule'] ?? '');
  if (schedule.length === 0)
    throw new FlywheelError('INPUT_INVALID', 'mode warm-pool needs warm-pool-schedule');
  const sets = ctx.inputs['scale-sets'] ?? [];
  if (sets.length === 0) throw new FlywheelError('INPUT_INVALID', 'mode warm-pool needs scale-sets');
  const report = await warmPool(engineDeps(ctx, rt), sets, schedule, ctx.inputs['dry-run']);
  warmPoolSummary(ctx.summary, report);
  return report;
}
