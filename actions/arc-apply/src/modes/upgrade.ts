import { configFrom, targetSourceFrom } from '../engine/config';
import { checkTargetSource } from '../engine/source-files';
import { type Ctx, engineDeps, type Runtime, removeCredentialFiles, runInfo } from '../runtime';
import type { UpgradeConfig } from '../upgrade/config';
import { runUpgrade } from '../upgrade/pipeline';
import { newUpgradeReport, type UpgradeReport } from '../upgrade/report';
import { upgradeSummary } from '../upgrade/summary';

export const main = (ctx: Ctx) => mainWith(ctx, {});

/** The upgrade's configuration from the inputs: the apply's, plus the version, CRDs and bounds. */
export function upgradeConfigFrom(ctx: Ctx): UpgradeConfig {
  const i = ctx.inputs;
  const source = targetSourceFrom(i);
  return {
    apply: configFrom(i, runInfo(ctx)),
    version: {
      explicit: i['controller-version'],
      variable: i['controller-version-variable'],
      workingDirectory: source.workingDirectory,
      varFiles: source.varFiles,
    },
    allowDowngrade: i['allow-downgrade'],
    crdsDir: i['crds-dir'],
    removalTimeoutMs: i['removal-timeout'],
    controllerTimeoutMs: i['controller-timeout'],
    stuckAfterMs: i['stuck-after'],
  };
}

/** The managed controller upgrade; outputs and summary are written however far it got. */
export async function mainWith(ctx: Ctx, rt: Runtime, cfg = upgradeConfigFrom(ctx)): Promise<UpgradeReport> {
  checkTargetSource(targetSourceFrom(ctx.inputs), { tofuRuns: true });
  // The kubeconfig is checked before the report exists: a run that never reached the cluster has no summary.
  const deps = engineDeps(ctx, rt);
  const report = newUpgradeReport(ctx.inputs['dry-run']);
  try {
    return await runUpgrade(deps, cfg, report);
  } finally {
    removeCredentialFiles(ctx);
    const running =
      report.rollback && !report.rollback.error
        ? report.rollback.to
        : report.outcome === 'succeeded'
          ? report.to
          : undefined;
    ctx.setOutput('controller-version', running ?? '');
    ctx.setOutput('proven', report.outcome === 'succeeded' && report.proof.every((p) => p.proven));
    if (report.rollback) ctx.setOutput('rollback-proven', report.rollback.proven);
    upgradeSummary(ctx.summary, report);
  }
}
