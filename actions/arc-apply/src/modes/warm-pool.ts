import { resolve } from 'node:path';
import { FlywheelError } from '@gloriousflywheel/shared';
import { parseSchedule } from '../engine/schedule';
import { checkScopeEntries } from '../engine/scope-entries';
import { type WarmPoolReport, warmPool } from '../engine/warm-pool';
import { readPlanFile } from '../plan/plan-file';
import { type Ctx, engineDeps, type Runtime } from '../runtime';
import { warmPoolSummary } from '../summary';

export const main = (ctx: Ctx) => mainWith(ctx, {});

/** minRunners of the chosen sets from the schedule's value now. */
export async function mainWith(ctx: Ctx, rt: Runtime): Promise<WarmPoolReport> {
  const planPath = ctx.inputs['warm-pool-plan'];
  if (planPath) return fromPlan(ctx, rt, resolve(ctx.inputs['working-directory'], planPath));
  // An empty input parses to undefined even where its default is '' (the shared type says string).
  const schedule = parseSchedule(ctx.inputs['warm-pool-schedule'] ?? '');
  if (schedule.length === 0)
    throw new FlywheelError('INPUT_INVALID', 'mode warm-pool needs warm-pool-schedule or warm-pool-plan');
  const sets = checkScopeEntries(ctx.inputs['scale-sets'] ?? []);
  if (sets.length === 0) throw new FlywheelError('INPUT_INVALID', 'mode warm-pool needs scale-sets');
  const report = await warmPool(engineDeps(ctx, rt), sets, schedule, ctx.inputs['dry-run']);
  warmPoolSummary(ctx.summary, report);
  return report;
}

/** Each set of the plan (or those of `scale-sets` among them) gets its own schedule's value now. */
async function fromPlan(ctx: Ctx, rt: Runtime, path: string): Promise<WarmPoolReport> {
  const { plan, schedules } = readPlanFile(path);
  const deps = engineDeps(ctx, rt);
  if (Date.parse(plan.validUntil) < deps.clock.now().getTime())
    ctx.log.warning(`the warm-pool plan ${path} was valid until ${plan.validUntil}: plan again`);
  const wanted = ctx.inputs['scale-sets'] ?? [];
  const sets = wanted.length > 0 ? wanted : [...schedules.keys()];
  const report = await warmPool(deps, sets, (name) => schedules.get(name), ctx.inputs['dry-run']);
  warmPoolSummary(ctx.summary, report);
  return report;
}
