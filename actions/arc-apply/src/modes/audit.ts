import { type AuditReport, capacityAudit } from '../engine/audit';
import { discoverController } from '../engine/preflight';
import { type Ctx, engineDeps, type Runtime } from '../runtime';
import { auditSummary } from '../summary';

export const main = (ctx: Ctx) => mainWith(ctx, {});

/** The shared-label capacity audit: what each workflow-facing label can really run. */
export async function mainWith(ctx: Ctx, rt: Runtime): Promise<AuditReport> {
  const deps = engineDeps(ctx, rt);
  const controller = await discoverController(deps.gw, deps.ns);
  const report = await capacityAudit(deps, controller.version);
  auditSummary(ctx.summary, report);
  return report;
}
