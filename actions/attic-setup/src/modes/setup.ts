import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionContext, FlywheelError } from '@gloriousflywheel/shared';
import { probeAtticCache, probeBazelRemote, snapshotStore } from '@gloriousflywheel/shared/cache';
import { buildkitCache, writeBazelrc } from '../bazel';
import type { definition } from '../inputs';
import { writeNixConfig } from '../nix-config';
import { assessNixTrust, readNixTrustFacts, untrustedWarning } from '../nix-trust';
import { decidePush } from '../push-policy';
import { type SavedState, STATE_KEY } from '../state';

type Ctx = ActionContext<typeof definition>;

/** Preflight timeouts: the job must not wait on a dead cache. */
const PROBE_TIMEOUT_MS = 4000;

export async function main(ctx: Ctx, env: NodeJS.ProcessEnv = process.env): Promise<SavedState> {
  const started = performance.now();
  const { inputs } = ctx;
  if (inputs.endpoint && !inputs.cache) {
    throw new FlywheelError('INPUT_INVALID', 'input `cache` is required when `endpoint` is given', {
      hint: 'set `cache:` to the name of the Attic cache, e.g. `main`',
    });
  }
  const state: SavedState = { mainMs: 0 };
  const unreachable: string[] = [];
  const readOnly = ctx.context.isFork || inputs.push === 'never';

  if (inputs.endpoint && inputs.cache) {
    state.nix = await wireNix(ctx, env, unreachable);
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

async function wireNix(ctx: Ctx, env: NodeJS.ProcessEnv, unreachable: string[]): Promise<SavedState['nix']> {
  const { inputs } = ctx;
  const storeDir = env['NIX_STORE_DIR'] ?? '/nix/store';
  const decision = decidePush(inputs.push, Boolean(inputs.token), ctx.context.isFork);
  const probe = await probeAtticCache({
    endpoint: inputs.endpoint!,
    cache: inputs.cache!,
    token: inputs.token,
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
  if (inputs.substitute) {
    const written = writeNixConfig(
      join(ctx.tempDir, 'nix'),
      {
        substituter: config.substituter_endpoint,
        publicKey: config.public_key,
        // A public cache needs no credentials to pull: keep the token off disk then.
        ...(inputs.token && !probe.public ? { token: inputs.token } : {}),
      },
      env,
    );
    ctx.exportVariable('NIX_USER_CONF_FILES', written.userConfFiles);
    ctx.setOutput('nix-conf', written.confFile);
    ctx.log.info(
      `Nix substitutes from ${config.substituter_endpoint} for this job (config ${written.confFile}).`,
    );
    const trust = assessNixTrust(readNixTrustFacts(env));
    if (trust.viaDaemon && trust.trusted === false) {
      ctx.log.warning(untrustedWarning(trust, config.substituter_endpoint, config.public_key));
    } else if (trust.viaDaemon && trust.trusted === undefined) {
      ctx.log.info(
        `Nix runs through the daemon; if user "${trust.user}" is not in a trusted-users group the daemon ignores this substituter.`,
      );
    }
  }
  let snapshotFile: string | undefined;
  if (decision.push) {
    // Only when something will be pushed: the listing is what post diffs against.
    const entries = await snapshotStore(storeDir).catch(() => []);
    snapshotFile = join(ctx.tempDir, 'store-snapshot.txt');
    writeFileSync(snapshotFile, entries.join('\n'), { mode: 0o600 });
  } else {
    ctx.log.info(`Not pushing to the cache: ${decision.reason}.`);
  }
  return {
    available: true,
    push: decision.push,
    pushReason: decision.reason,
    storeDir,
    upstreamKeyNames: config.upstream_cache_key_names ?? [],
    ...(snapshotFile ? { snapshotFile } : {}),
  };
}

export { post } from './setup-post';
