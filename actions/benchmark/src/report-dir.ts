import { join } from 'node:path';
import type { ActionContext } from '@gloriousflywheel/shared';
import type { BenchmarkDefinition } from './inputs';
import { ensureOutputDir } from './preflight';

/** Where reports go: `report-dir`, else on GitLab a folder the job can keep as artifacts, else temp. */
export function reportDir(ctx: ActionContext<BenchmarkDefinition>): string {
  const dir =
    ctx.inputs['report-dir'] ||
    (ctx.platform.kind === 'gitlab'
      ? join(ctx.context.workspace, '.flywheel', 'benchmark')
      : join(ctx.tempDir, 'reports'));
  return ensureOutputDir('report-dir', dir);
}
