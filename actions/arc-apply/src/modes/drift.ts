import { targetSourceFrom } from '../engine/config';
import { assertDriftBelow, type DriftReport, driftReport } from '../engine/drift';
import { discoverController } from '../engine/preflight';
import { checkTargetSource } from '../engine/source-files';
import { loadTargets } from '../engine/targets';
import { type Ctx, engineDeps, type Runtime } from '../runtime';
import { driftSummary } from '../summary';

export const main = (ctx: Ctx) => mainWith(ctx, {});

/** Live caps against the source targets; fails at `fail-on` after writing the report. */
export async function mainWith(ctx: Ctx, rt: Runtime): Promise<DriftReport> {
  const source = targetSourceFrom(ctx.inputs);
  checkTargetSource(source, { tofuRuns: false });
  const deps = engineDeps(ctx, rt);
  const controller = await discoverController(deps.gw, deps.ns);
  const report = await driftReport(deps, await loadTargets(source), controller.version);
  ctx.setOutput('drift-worst', report.worst);
  driftSummary(ctx.summary, report);
  assertDriftBelow(report, ctx.inputs['fail-on']);
  return report;
}
