import { readFileSync } from 'node:fs';
import type { ActionContext } from '@gloriousflywheel/shared';
import { type BazelCacheStats, parseBazelLog } from '../bazel-log';
import type { definition } from '../inputs';
import { type SavedState, STATE_KEY } from '../state';
import { writeSummary } from '../summary';
import { type JobPush, settleJobPush } from '../uploader/job-push';

type Ctx = ActionContext<typeof definition>;

export interface PostResult {
  nix: JobPush['result'] | { skipped: string };
  bazel?: BazelCacheStats | { skipped: string };
  mainMs: number;
  postMs: number;
}

export async function post(ctx: Ctx, env: NodeJS.ProcessEnv = process.env): Promise<PostResult> {
  const started = performance.now();
  const state = ctx.state.load<SavedState>(STATE_KEY) ?? { mainMs: 0 };
  let push: JobPush | undefined;
  let nixSkipped = 'no Attic endpoint configured';
  if (state.nix && !state.nix.available) nixSkipped = `cache unavailable (${state.nix.cause})`;
  else if (state.nix && !state.nix.push) nixSkipped = `not pushing: ${state.nix.pushReason}`;
  else if (state.nix?.jobDir) {
    try {
      push = await settleJobPush(ctx, state.nix.jobDir, { exit: true }, env);
    } catch (error) {
      // The job's own work is done; a cache problem must not turn it red.
      nixSkipped = `push failed: ${(error as Error).message}`;
      ctx.log.warning(`Pushing to the Attic cache failed: ${(error as Error).message}`);
    }
  }
  const bazel = readBazelStats(ctx);
  setFigureOutputs(ctx, push, bazel);
  const postMs = Math.round(performance.now() - started);
  writeSummary(ctx.summary, { state, push, nixSkipped, bazel, stepMs: postMs, step: 'post' });
  return {
    nix: push ? push.result : { skipped: nixSkipped },
    ...(ctx.inputs['bazel-log'] ? { bazel: bazel ?? { skipped: 'no summary line in the log' } } : {}),
    mainMs: state.mainMs,
    postMs,
  };
}

export function readBazelStats(ctx: Ctx): BazelCacheStats | undefined {
  const logFile = ctx.inputs['bazel-log'];
  if (!logFile) return undefined;
  try {
    const stats = parseBazelLog(readFileSync(logFile, 'utf8'));
    if (!stats) ctx.log.warning(`No "INFO: N processes: …" line in ${logFile}: no Bazel hit rate.`);
    return stats;
  } catch (error) {
    ctx.log.warning(`Cannot read bazel-log ${logFile}: ${(error as Error).message}`);
    return undefined;
  }
}

/** The same outputs from post and from a `report` step (only the latter can be read by later steps). */
export function setFigureOutputs(
  ctx: Ctx,
  push: JobPush | undefined,
  bazel: BazelCacheStats | undefined,
): void {
  const figures = push?.result.figures;
  ctx.setOutput('nix-hit-rate', figures?.hitRate === undefined ? '' : figures.hitRate.toFixed(4));
  ctx.setOutput('pushed-paths', figures?.pushed ?? 0);
  ctx.setOutput('pushed-during-job', push?.result.pushedBefore ?? 0);
  ctx.setOutput('pushed-bytes', figures?.pushedBytes ?? 0);
  ctx.setOutput('deferred-paths', figures?.deferred.length ?? 0);
  ctx.setOutput('bazel-hit-rate', bazel?.hitRate === undefined ? '' : bazel.hitRate.toFixed(4));
}
