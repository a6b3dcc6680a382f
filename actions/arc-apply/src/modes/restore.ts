import { proofSettingsFrom } from '../engine/config';
import { assertRestoredProven } from '../engine/prove-restored';
import { provenRollback, type RollbackResult } from '../engine/rollback';
import { type Ctx, engineDeps, type Runtime } from '../runtime';
import { restoredSummary } from '../summary';

export const main = (ctx: Ctx) => mainWith(ctx, {});

/**
 * Caps back from the snapshot a dead run left in the cluster, whichever run it was, then the
 * listener proof of every set put back; fails (PROOF_FAILED) naming the sets not back.
 */
export async function mainWith(ctx: Ctx, rt: Runtime): Promise<RollbackResult> {
  const result = await provenRollback(engineDeps(ctx, rt), { proof: proofSettingsFrom(ctx.inputs) });
  if (result.source === 'none') ctx.log.info('no cap snapshot in the cluster: nothing to restore');
  ctx.setOutput('restored', result.restored.map((r) => r.name).join(','));
  if (result.proof) ctx.setOutput('rollback-proven', result.proof.proven);
  restoredSummary(ctx.summary, 'ARC caps restored from snapshot', result);
  if (result.proof) assertRestoredProven(result.proof, 'the caps were restored from the snapshot');
  return result;
}
