import { configFrom, proofSettingsFrom, targetSourceFrom } from '../engine/config';
import { runApply } from '../engine/pipeline';
import { assertRestoredProven } from '../engine/prove-restored';
import { type ApplyReport, newReport } from '../engine/report';
import { provenRollback } from '../engine/rollback';
import { checkTargetSource } from '../engine/source-files';
import { type Ctx, engineDeps, type Runtime, removeCredentialFiles, runInfo } from '../runtime';
import { applySummary, restoredSummary } from '../summary';

/** Kept for the post phase: the run whose freeze is still to be undone; cleared when none is. */
const FROZEN_STATE = 'arc-apply-frozen-run';

export const main = (ctx: Ctx) => mainWith(ctx, {});
export const post = (ctx: Ctx) => postWith(ctx, {});

/** The managed apply pipeline; outputs and summary are written however far it got. */
export async function mainWith(ctx: Ctx, rt: Runtime): Promise<ApplyReport> {
  // Every input and file the pipeline reads later is checked before the cluster is asked anything.
  checkTargetSource(targetSourceFrom(ctx.inputs), { tofuRuns: true });
  const deps = engineDeps(ctx, rt);
  const report = newReport(ctx.inputs['dry-run']);
  try {
    return await runApply(deps, configFrom(ctx.inputs, runInfo(ctx)), report, {
      onSnapshot: (s) => ctx.state.save(FROZEN_STATE, s.runId),
    });
  } finally {
    // tofu has run (or never will): the kubeconfig written for it goes now, not at the job's end.
    removeCredentialFiles(ctx);
    const restored = [...report.restored, ...(report.rollback?.restored ?? [])].map((r) => r.name);
    ctx.setOutput('restored', [...new Set(restored)].join(','));
    ctx.setOutput('frozen-sets', report.frozenSets.join(','));
    ctx.setOutput('reaped-runners', report.reap?.reaped.length ?? 0);
    ctx.setOutput('proven', report.outcome === 'succeeded');
    if (report.rollback?.proof) ctx.setOutput('rollback-proven', report.rollback.proof.proven);
    // A run that rolled back cleanly leaves nothing for the post phase.
    if (report.outcome === 'succeeded' || (report.rollback && !report.rollback.error))
      ctx.state.save(FROZEN_STATE, '');
    applySummary(ctx.summary, report);
  }
}

/** Post (always()): if main froze caps and did not finish cleanly, roll back from the cluster's snapshot. */
export async function postWith(ctx: Ctx, rt: Runtime): Promise<unknown> {
  // Main removes it too; this covers a main that was killed before its end.
  removeCredentialFiles(ctx);
  if (ctx.inputs['dry-run']) return { rolledBack: false };
  const runId = ctx.state.load<string>(FROZEN_STATE);
  if (!runId) return { rolledBack: false };
  const result = await provenRollback(engineDeps(ctx, rt), {
    onlyRunId: runId,
    proof: proofSettingsFrom(ctx.inputs),
  });
  if (result.restored.length > 0) {
    ctx.log.warning(
      `post: main did not finish; restored ${result.restored.length} scale set(s) from the cap snapshot`,
    );
    ctx.setOutput('restored', result.restored.map((r) => r.name).join(','));
    ctx.setOutput('rollback-proven', result.proof?.proven ?? false);
    restoredSummary(ctx.summary, 'ARC apply post: caps rolled back', result);
    if (result.proof) assertRestoredProven(result.proof, 'post: the caps were rolled back');
  }
  return { rolledBack: result.restored.length > 0, ...result };
}
