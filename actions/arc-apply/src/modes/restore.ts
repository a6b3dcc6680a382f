import { proofSettingsFrom } from '../engine/config';
import { assertRestoredProven } from '../engine/prove-restored';
import { provenRollback, type RollbackResult } from '../engine/rollback';
import { type Ctx, engineDeps, type Runtime } from '../runtime';
import { restoredSummary } from '../summary';
import { rollBackUpgrade } from '../upgrade/pipeline';
import { newUpgradeReport, type UpgradeReport } from '../upgrade/report';
import { upgradeSummary } from '../upgrade/summary';
import { upgradeConfigFrom } from './upgrade';

export const main = (ctx: Ctx) => mainWith(ctx, {});

/**
 * Caps back from the snapshot a dead run left in the cluster, whichever run it was, then the
 * listener proof of every set put back; fails (PROOF_FAILED) naming the sets not back. An
 * unfinished upgrade is rolled back to its old controller version instead (upgrade/pipeline.ts).
 */
export async function mainWith(ctx: Ctx, rt: Runtime): Promise<RollbackResult | UpgradeReport> {
  const upgradeReport = newUpgradeReport(false);
  let upgrade: UpgradeReport | undefined;
  try {
    upgrade = await rollBackUpgrade(engineDeps(ctx, rt), upgradeConfigFrom(ctx), upgradeReport);
  } finally {
    // Written however far the rollback got (it is absent when no upgrade was left unfinished).
    if (upgradeReport.phases.length > 0) {
      ctx.setOutput(
        'controller-version',
        upgradeReport.rollback?.error ? '' : (upgradeReport.rollback?.to ?? ''),
      );
      if (upgradeReport.rollback) ctx.setOutput('rollback-proven', upgradeReport.rollback.proven);
      upgradeSummary(ctx.summary, upgradeReport);
    }
  }
  if (upgrade) return upgrade;
  const result = await provenRollback(engineDeps(ctx, rt), { proof: proofSettingsFrom(ctx.inputs) });
  if (result.source === 'none') ctx.log.info('no cap snapshot in the cluster: nothing to restore');
  ctx.setOutput('restored', result.restored.map((r) => r.name).join(','));
  if (result.proof) ctx.setOutput('rollback-proven', result.proof.proven);
  restoredSummary(ctx.summary, 'ARC caps restored from snapshot', result);
  if (result.proof) assertRestoredProven(result.proof, 'the caps were restored from the snapshot');
  return result;
}
