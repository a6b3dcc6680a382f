import { existsSync } from 'node:fs';
import type { ActionContext } from '@gloriousflywheel/shared';
import type { definition } from '../inputs';
import { writeSummary } from '../summary';
import { type JobPush, settleJobPush } from '../uploader/job-push';
import { JOB_DIR_ENV, uploaderFiles } from '../uploader/layout';
import { readBazelStats, setFigureOutputs } from './setup-post';

type Ctx = ActionContext<typeof definition>;

/**
 * `report`: a later step of the same job pushes what is pending now and gets the figures as step
 * outputs — post's outputs reach no later step. The uploader goes on streaming afterwards, and
 * post still flushes at the end.
 */
export async function main(ctx: Ctx, env: NodeJS.ProcessEnv = process.env): Promise<unknown> {
  const started = performance.now();
  const jobDir = env[JOB_DIR_ENV];
  let push: JobPush | undefined;
  let nixSkipped = 'no push in this job (no earlier attic-setup step that pushes)';
  if (jobDir && existsSync(uploaderFiles(jobDir).job)) {
    try {
      push = await settleJobPush(ctx, jobDir, { exit: false }, env);
    } catch (error) {
      nixSkipped = `push failed: ${(error as Error).message}`;
      ctx.log.warning(`Pushing to the Attic cache failed: ${(error as Error).message}`);
    }
  } else {
    ctx.log.info(
      `No Nix figures: ${nixSkipped}. Run attic-setup (mode setup, with a token that may push) earlier in this job.`,
    );
  }
  const bazel = readBazelStats(ctx);
  setFigureOutputs(ctx, push, bazel);
  const stepMs = Math.round(performance.now() - started);
  writeSummary(ctx.summary, { push, nixSkipped, bazel, stepMs, step: 'report' });
  return { nix: push ? push.result : { skipped: nixSkipped }, stepMs };
}
