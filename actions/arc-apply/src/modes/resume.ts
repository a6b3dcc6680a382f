import { FlywheelError } from '@gloriousflywheel/shared';
import { proofSettingsFrom } from '../engine/config';
import { newPauseReport, type PauseReport } from '../engine/pause-report';
import { runResume } from '../engine/resume';
import { type Ctx, engineDeps, type Runtime } from '../runtime';
import { pauseSummary } from '../summary';

export const main = (ctx: Ctx) => mainWith(ctx, {});

/** Gives paused `scale-sets` their caps back from the pause record and proves their listeners. */
export async function mainWith(ctx: Ctx, rt: Runtime): Promise<PauseReport> {
  const scaleSets = ctx.inputs['scale-sets'] ?? [];
  if (scaleSets.length === 0)
    throw new FlywheelError('INPUT_INVALID', 'mode resume needs scale-sets', {
      hint: 'Name the paused scale sets to resume.',
    });
  const report = newPauseReport('resume', ctx.inputs['dry-run']);
  try {
    return await runResume(
      engineDeps(ctx, rt),
      { scaleSets, dryRun: ctx.inputs['dry-run'], proof: proofSettingsFrom(ctx.inputs) },
      report,
    );
  } finally {
    const resumed = report.sets.filter((s) => s.outcome === 'resumed');
    ctx.setOutput('restored', resumed.map((s) => s.name).join(','));
    if (report.proof) ctx.setOutput('proven', report.proof.proven);
    pauseSummary(ctx.summary, report);
  }
}
