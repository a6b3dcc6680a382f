import { readFileSync } from 'node:fs';
import type { ActionContext } from '@gloriousflywheel/shared';
import {
  AtticClient,
  NixStore,
  newStorePaths,
  type PushReport,
  pushPaths,
  snapshotStore,
} from '@gloriousflywheel/shared/cache';
import { type BazelCacheStats, parseBazelLog } from '../bazel-log';
import type { definition } from '../inputs';
import { type SavedState, STATE_KEY } from '../state';
import { writeSummary } from '../summary';

type Ctx = ActionContext<typeof definition>;

export interface PostResult {
  nix:
    | (Omit<PushReport, 'pushed' | 'deferred'> & { pushed: number; deferred: string[] })
    | { skipped: string };
  bazel?: BazelCacheStats | { skipped: string };
  mainMs: number;
  postMs: number;
}

export async function post(ctx: Ctx, env: NodeJS.ProcessEnv = process.env): Promise<PostResult> {
  const started = performance.now();
  const state = ctx.state.load<SavedState>(STATE_KEY) ?? { mainMs: 0 };
  let report: PushReport | undefined;
  let nixSkipped = 'no Attic endpoint configured';
  if (state.nix && !state.nix.available) nixSkipped = `cache unavailable (${state.nix.cause})`;
  else if (state.nix && !state.nix.push) nixSkipped = `not pushing: ${state.nix.pushReason}`;
  else if (state.nix?.snapshotFile) {
    try {
      report = await push(ctx, state.nix, env);
    } catch (error) {
      // The job's own work is done; a cache problem must not turn it red.
      nixSkipped = `push failed: ${(error as Error).message}`;
      ctx.log.warning(`Pushing to the Attic cache failed: ${(error as Error).message}`);
    }
  }

  let bazel: BazelCacheStats | undefined;
  const logFile = ctx.inputs['bazel-log'];
  if (logFile) {
    try {
      bazel = parseBazelLog(readFileSync(logFile, 'utf8'));
      if (!bazel) ctx.log.warning(`No "INFO: N processes: …" line in ${logFile}: no Bazel hit rate.`);
    } catch (error) {
      ctx.log.warning(`Cannot read bazel-log ${logFile}: ${(error as Error).message}`);
    }
  }

  ctx.setOutput('nix-hit-rate', report?.hitRate === undefined ? '' : report.hitRate.toFixed(4));
  ctx.setOutput('pushed-paths', report?.pushed.length ?? 0);
  ctx.setOutput('pushed-bytes', report?.pushedBytes ?? 0);
  ctx.setOutput('deferred-paths', report?.deferred.length ?? 0);
  ctx.setOutput('bazel-hit-rate', bazel?.hitRate === undefined ? '' : bazel.hitRate.toFixed(4));

  const postMs = Math.round(performance.now() - started);
  writeSummary(ctx.summary, { state, report, nixSkipped, bazel, postMs });
  return {
    nix: report ? { ...report, pushed: report.pushed.length } : { skipped: nixSkipped },
    ...(logFile ? { bazel: bazel ?? { skipped: 'no summary line in the log' } } : {}),
    mainMs: state.mainMs,
    postMs,
  };
}

async function push(
  ctx: Ctx,
  nix: NonNullable<SavedState['nix']>,
  env: NodeJS.ProcessEnv,
): Promise<PushReport> {
  const { inputs } = ctx;
  const before = readFileSync(nix.snapshotFile!, 'utf8').split('\n').filter(Boolean);
  const now = await snapshotStore(nix.storeDir);
  const candidates = newStorePaths(before, now, inputs['push-exclude'] as RegExp[], nix.storeDir);
  const store = new NixStore({ env });
  const paths = candidates.length > 0 ? await store.validPaths(candidates) : [];
  ctx.log.info(`${paths.length} new store paths since the job started; asking the cache which it lacks.`);
  const report = await pushPaths({
    client: new AtticClient({ endpoint: inputs.endpoint!, cache: inputs.cache!, token: inputs.token }),
    source: store,
    paths,
    concurrency: inputs['push-concurrency'],
    deadlineMs: inputs['push-timeout'],
    skipSignedBy: nix.upstreamKeyNames,
    onProgress: (message) => ctx.log.info(message),
  });
  if (report.error) ctx.log.warning(`Nothing was pushed to the Attic cache: ${report.error}`);
  if (report.deferred.length > 0 && !report.error) {
    ctx.log.warning(
      `push-timeout reached: ${report.deferred.length} path(s) deferred (not pushed); a later job will push them. ` +
        `First: ${report.deferred.slice(0, 5).join(', ')}`,
    );
  }
  for (const failure of report.failed.slice(0, 10))
    ctx.log.warning(`Not pushed: ${failure.path}: ${failure.reason}`);
  ctx.log.info(
    `Attic: ${report.hits} hit(s), ${report.misses} miss(es); pushed ${report.pushed.length} path(s), ` +
      `${report.pushedBytes} bytes, in ${Math.round(report.durationMs)} ms.`,
  );
  return report;
}
