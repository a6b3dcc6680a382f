import { FlywheelError } from '@gloriousflywheel/shared';
import { configFrom } from '../engine/config';
import { runPause } from '../engine/pause';
import { newPauseReport, type PauseReport } from '../engine/pause-report';
import { type Ctx, engineDeps, type Runtime, runInfo } from '../runtime';
import { pauseSummary } from '../summary';

export const main = (ctx: Ctx) => mainWith(ctx, {});

/** Freezes `scale-sets` until `mode: resume`; outputs and summary are written however far it got. */
export async function mainWith(ctx: Ctx, rt: Runtime): Promise<PauseReport> {
  const cfg = configFrom(ctx.inputs, runInfo(ctx));
  if (cfg.scaleSets.length === 0)
    throw new FlywheelError('INPUT_INVALID', 'mode pause needs scale-sets', {
      hint: 'Name the scale sets to pause (names, workflow-facing labels or label selectors).',
    });
  const report = newPauseReport('pause', cfg.dryRun);
  try {
    return await runPause(engineDeps(ctx, rt), { ...cfg, drain: ctx.inputs.drain }, report);
  } finally {
    const paused = report.sets.filter((s) => s.outcome !== 'would-pause');
    ctx.setOutput('frozen-sets', paused.map((s) => s.key).join(','));
    pauseSummary(ctx.summary, report);
  }
}
