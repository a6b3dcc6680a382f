import { type RollbackResult, rollback } from '../engine/rollback';
import { type Ctx, engineDeps, type Runtime } from '../runtime';
import { restoredSummary } from '../summary';

export const main = (ctx: Ctx) => mainWith(ctx, {});

/** Caps back from the snapshot a dead run left in the cluster, whichever run it was. */
export async function mainWith(ctx: Ctx, rt: Runtime): Promise<RollbackResult> {
  const result = await rollback(engineDeps(ctx, rt), {});
  if (result.source === 'none') ctx.log.info('no cap snapshot in the cluster: nothing to restore');
  ctx.setOutput('restored', result.restored.map((r) => r.name).join(','));
  restoredSummary(ctx.summary, 'ARC caps restored from snapshot', result.restored);
  return result;
}
