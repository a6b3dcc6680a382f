import type { EngineDeps } from '../engine/deps';
import type { PlanArgs, TofuRunner } from '../engine/tofu';
import { assertStepPlan, type StepRule } from './releases';
import type { UpgradeReport } from './report';

/**
 * One tofu step of the upgrade: a narrowed plan, its own guard, and the apply when the plan
 * changes anything (a re-run whose step already happened plans nothing and applies nothing).
 */
export async function tofuStep(
  deps: EngineDeps,
  tofu: TofuRunner,
  workDir: string,
  report: UpgradeReport,
  rule: StepRule,
  args: PlanArgs,
): Promise<number> {
  const plan = await tofu.planAndShow(workDir, `${rule.step}.tfplan`, args);
  const changes = assertStepPlan(plan.json, rule);
  report.plans.push({
    step: rule.step,
    changes: changes.map((c) => ({ address: c.address, actions: c.change.actions })),
  });
  if (changes.length === 0) {
    deps.log.info(`${rule.step}: nothing to change (done by an earlier run)`);
    return 0;
  }
  const output = await tofu.apply(plan);
  deps.log.info(output.trim().split('\n').slice(-3).join('\n'));
  return changes.length;
}
