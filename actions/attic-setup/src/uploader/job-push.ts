import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { ActionContext } from '@gloriousflywheel/shared';
import { AtticClient, NixStore } from '@gloriousflywheel/shared/cache';
import type { definition } from '../inputs';
import { resolveAtticSettings } from '../platform-defaults';
import { type UploadJob, uploaderFiles } from './layout';
import { type SettleResult, settle } from './settle';

type Ctx = ActionContext<typeof definition>;

export interface JobPush {
  job: UploadJob;
  result: SettleResult;
}

/**
 * Post and report: settle the job's push (see settle.ts) and say how it went. Post also stops the
 * uploader; report leaves it streaming for the steps still to come.
 */
export async function settleJobPush(
  ctx: Ctx,
  jobDir: string,
  options: { exit: boolean },
  env: NodeJS.ProcessEnv,
): Promise<JobPush> {
  const files = uploaderFiles(jobDir);
  const job = JSON.parse(readFileSync(files.job, 'utf8')) as UploadJob;
  const token = tokenFor(ctx, job, env);
  const result = await settle({
    files,
    job,
    exit: options.exit,
    deadlineMs: ctx.inputs['push-timeout'],
    client:
      token === undefined ? undefined : new AtticClient({ endpoint: job.endpoint, cache: job.cache, token }),
    store: new NixStore({ env }),
    log: (m) => ctx.log.info(m),
  });
  // A credentials file the uploader never got to read (it did not start) goes with the job.
  if (options.exit && existsSync(files.credentials)) rmSync(files.credentials, { force: true });
  tell(ctx, job, result, options.exit);
  return { job, result };
}

/**
 * This step's token for the job's server: its own input, or ATTIC_TOKEN when the job's server is
 * ATTIC_SERVER — never the platform's token for a server the workflow chose.
 */
function tokenFor(ctx: Ctx, job: UploadJob, env: NodeJS.ProcessEnv): string | undefined {
  const settings = resolveAtticSettings(
    { endpoint: new URL(job.endpoint), cache: job.cache, token: ctx.inputs.token },
    env,
    (s) => ctx.setSecret(s),
  );
  return settings.token;
}

function tell(ctx: Ctx, job: UploadJob, result: SettleResult, exit: boolean): void {
  const { figures } = result;
  if (result.uploader === 'gone' && job.feed !== 'none') {
    ctx.log.warning(
      `The background uploader had stopped (${result.uploaderStopped ?? 'no reason recorded'}); ` +
        `this step pushed what it left.`,
    );
  }
  if (result.error) ctx.log.warning(`Pushing to the Attic cache failed: ${result.error}`);
  if (figures.deferred.length > 0 && !result.error) {
    const first = figures.deferred.slice(0, 5).join(', ');
    if (exit)
      ctx.log.warning(
        `push-timeout reached: ${figures.deferred.length} path(s) deferred (not pushed); a later job will push them. First: ${first}`,
      );
    else
      ctx.log.info(
        `${figures.deferred.length} path(s) not pushed yet; the uploader goes on and post pushes the rest. First: ${first}`,
      );
  }
  for (const failure of figures.failed.slice(0, 10))
    ctx.log.warning(`Not pushed: ${failure.path}: ${failure.reason}`);
  const now = figures.pushed - result.pushedBefore;
  ctx.log.info(
    `Attic: ${figures.hits} hit(s), ${figures.misses} miss(es) among ${figures.newPaths} new path(s); pushed ` +
      `${figures.pushed} path(s), ${figures.pushedBytes} bytes: ${result.pushedBefore} while the job ran, ` +
      `${now} in this step (${result.durationMs} ms).`,
  );
}
