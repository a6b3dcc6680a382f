import { join } from 'node:path';
import { type ActionContext, FlywheelError } from '@gloriousflywheel/shared';
import { probeAtticCache, probeBazelRemote } from '@gloriousflywheel/shared/cache';
import { buildkitCache, writeBazelrc } from '../bazel';
import type { definition } from '../inputs';
import { writeNixConfig } from '../nix-config';
import { assessNixTrust, readNixTrustFacts, untrustedWarning } from '../nix-trust';
import { type AtticSettings, PLATFORM_ENV, resolveAtticSettings } from '../platform-defaults';
import { decidePush } from '../push-policy';
import { type SavedState, STATE_KEY } from '../state';
import { JOB_DIR_ENV } from '../uploader/layout';
import { type PreparedPush, preparePush } from '../uploader/prepare';

type Ctx = ActionContext<typeof definition>;

/** Preflight timeouts: the job must not wait on a dead cache. */
const PROBE_TIMEOUT_MS = 4000;

export async function main(ctx: Ctx, env: NodeJS.ProcessEnv = process.env): Promise<SavedState> {
  const started = performance.now();
  const { inputs } = ctx;
  const settings = resolveAtticSettings(inputs, env, (s) => ctx.setSecret(s));
  if (settings.endpoint && !settings.cache) {
    throw new FlywheelError('INPUT_INVALID', 'input `cache` is required when `endpoint` is given', {
      hint: `set \`cache:\` to the name of the Attic cache, e.g. \`main\` (or ${PLATFORM_ENV.cache} on the runner)`,
    });
  }
  for (const note of settings.notes) ctx.log.info(note);
  const state: SavedState = { mainMs: 0 };
  const unreachable: string[] = [];
  const readOnly = ctx.context.isFork || inputs.push === 'never';

  if (settings.endpoint && settings.cache) {
    state.nix = await wireNix(ctx, env, settings, unreachable);
  }
  ctx.setOutput('nix-cache-available', state.nix?.available ?? false);

  const bazelUrl = inputs['bazel-remote-cache'];
  let bazelAvailable = false;
  if (bazelUrl) {
    const probe = await probeBazelRemote({
      url: bazelUrl,
      token: inputs['bazel-remote-token'],
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    bazelAvailable = probe.available;
    state.bazel = { url: String(bazelUrl), available: probe.available };
    if (!probe.available) {
      state.bazel.cause = probe.cause;
      unreachable.push(`Bazel remote cache: ${probe.message}`);
      ctx.log.warning(
        `Bazel remote cache not used (${probe.cause}): ${probe.message}. Bazel runs without it.`,
      );
    }
  }
  const bazelrc = writeBazelrc(join(ctx.tempDir, 'bazel'), {
    url: bazelAvailable ? String(bazelUrl) : undefined,
    token: inputs['bazel-remote-token'],
    readOnly,
  });
  ctx.setOutput('bazelrc', bazelrc);
  ctx.setOutput('bazel-remote-cache', bazelAvailable ? String(bazelUrl) : '');
  ctx.setOutput('bazel-cache-available', bazelAvailable);

  const ref = inputs['buildkit-cache-ref'];
  const buildkit = buildkitCache(ref, readOnly);
  ctx.setOutput('cache-from', buildkit.cacheFrom);
  ctx.setOutput('cache-to', buildkit.cacheTo);
  if (ref) state.buildkit = { ref, writes: buildkit.cacheTo !== '' };

  if (unreachable.length > 0 && inputs['fail-on-unreachable']) {
    throw new FlywheelError('CACHE_UNREACHABLE', unreachable.join('; '), {
      hint: 'set fail-on-unreachable: false to let the job go on without the cache',
    });
  }
  state.mainMs = Math.round(performance.now() - started);
  ctx.state.save(STATE_KEY, state);
  return state;
}

async function wireNix(
  ctx: Ctx,
  env: NodeJS.ProcessEnv,
  settings: AtticSettings,
  unreachable: string[],
): Promise<SavedState['nix']> {
  const { inputs } = ctx;
  const endpoint = settings.endpoint!;
  const cache = settings.cache!;
  const storeDir = env['NIX_STORE_DIR'] ?? '/nix/store';
  const decision = decidePush(inputs.push, Boolean(settings.token), ctx.context.isFork);
  const probe = await probeAtticCache({
    endpoint,
    cache,
    token: settings.token,
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  if (!probe.available) {
    unreachable.push(`Attic cache: ${probe.message}`);
    ctx.log.warning(`Attic cache not used (${probe.cause}): ${probe.message}. Nix builds without it.`);
    return {
      available: false,
      cause: probe.cause,
      push: false,
      pushReason: 'cache unavailable',
      storeDir,
      upstreamKeyNames: [],
    };
  }
  const { config } = probe;
  ctx.setOutput('substituter', config.substituter_endpoint);
  ctx.setOutput('public-key', config.public_key);
  const trust = assessNixTrust(readNixTrustFacts(env));
  const upstreamKeyNames = config.upstream_cache_key_names ?? [];

  let push: PreparedPush | undefined;
  if (decision.push) {
    push = await preparePush({
      tempDir: ctx.tempDir,
      storeDir,
      endpoint,
      cache,
      token: settings.token!,
      exclude: (inputs['push-exclude'] ?? []) as RegExp[],
      upstreamKeyNames,
      concurrency: inputs['push-concurrency'],
      streaming: inputs['push-during-job'],
      trust,
      env,
      ...jobBounds(ctx, env),
    });
    ctx.exportVariable(JOB_DIR_ENV, push.files.dir);
    if (push.job.feed === 'none') ctx.log.info(`Pushing in the post step: ${push.feedReason}.`);
    else if (!push.pid)
      ctx.log.warning('The background uploader did not start: the post step pushes what the job built.');
    else
      ctx.log.info(
        `Pushing while the job builds: a background uploader (pid ${push.pid}) gets new paths from the ` +
          `${push.job.feed === 'hook' ? 'post-build hook' : `store watch, since ${push.feedReason}`}` +
          `${push.job.feed === 'hook' ? ` (${push.feedReason})` : ''}. The post step pushes what is left.`,
      );
  } else {
    ctx.log.info(`Not pushing to the cache: ${decision.reason}.`);
  }

  const wiring = {
    ...(inputs.substitute
      ? {
          substituter: config.substituter_endpoint,
          publicKey: config.public_key,
          // A public cache needs no credentials to pull: keep the token off disk then.
          ...(settings.token && !probe.public ? { token: settings.token } : {}),
        }
      : {}),
    ...(push?.hookPath ? { postBuildHook: push.hookPath } : {}),
  };
  if (wiring.substituter || wiring.postBuildHook) {
    const written = writeNixConfig(join(ctx.tempDir, 'nix'), wiring, env);
    ctx.exportVariable('NIX_USER_CONF_FILES', written.userConfFiles);
    ctx.setOutput('nix-conf', written.confFile);
    if (wiring.substituter)
      ctx.log.info(
        `Nix substitutes from ${config.substituter_endpoint} for this job (config ${written.confFile}).`,
      );
  }
  if (inputs.substitute) {
    if (trust.viaDaemon && trust.trusted === false) {
      ctx.log.warning(untrustedWarning(trust, config.substituter_endpoint, config.public_key));
    } else if (trust.viaDaemon && trust.trusted === undefined) {
      ctx.log.info(
        `Nix runs through the daemon; if user "${trust.user}" is not in a trusted-users group the daemon ignores this substituter.`,
      );
    }
  }
  return {
    available: true,
    push: decision.push,
    pushReason: decision.reason,
    storeDir,
    upstreamKeyNames,
    ...(push ? { jobDir: push.files.dir, feed: push.job.feed } : {}),
  };
}

/**
 * What ends the uploader besides post: on GitHub (and in a terminal) the process that started this
 * step — Runner.Worker, alive for the whole job; on GitLab, where each script section is its own
 * shell, the job timeout (CI_JOB_TIMEOUT, seconds) plus an hour for after_script.
 */
function jobBounds(ctx: Ctx, env: NodeJS.ProcessEnv): { anchorPid?: number; stopBy?: number } {
  if (ctx.platform.kind === 'gitlab') {
    const timeout = Number(env['CI_JOB_TIMEOUT']);
    return Number.isFinite(timeout) && timeout > 0 ? { stopBy: Date.now() + (timeout + 3600) * 1000 } : {};
  }
  return process.ppid > 1 ? { anchorPid: process.ppid } : {};
}

export { post } from './setup-post';
