import { probeAtticCache, probeBazelRemote } from '@gloriousflywheel/shared/cache';
import { type CheckResult, check } from '../checks';

export interface CacheOptions {
  atticEndpoint?: string;
  atticCache: string;
  atticToken?: string;
  bazelUrl?: string;
  bazelToken?: string;
}

/** The Attic cache answers (nix-cache-info, then the cache config with the token); bazel-remote answers HEAD of the empty blob. */
export async function checkCaches(options: CacheOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  if (!options.atticEndpoint) {
    results.push(
      check(
        'cache-attic',
        'Attic cache',
        'runner',
        'skip',
        'no Attic endpoint (attic-endpoint or ATTIC_SERVER)',
      ),
    );
  } else {
    const probe = await probeAtticCache({
      endpoint: options.atticEndpoint,
      cache: options.atticCache,
      ...(options.atticToken ? { token: options.atticToken } : {}),
    });
    results.push(
      probe.available
        ? check(
            'cache-attic',
            'Attic cache',
            'runner',
            'pass',
            `cache "${options.atticCache}" answers (${probe.public ? 'public' : 'private'})`,
            [`substituter ${probe.config.substituter_endpoint}`, `public key ${probe.config.public_key}`],
          )
        : check(
            'cache-attic',
            'Attic cache',
            'runner',
            'fail',
            probe.message,
            [`stage ${probe.stage}, cause ${probe.cause}`],
            probe.cause === 'unauthorized' || probe.cause === 'forbidden'
              ? 'give the job a valid Attic token with pull permission on the cache'
              : 'check the Attic endpoint is reachable from the runner namespace (nix-cache service, network policy)',
          ),
    );
  }
  if (!options.bazelUrl) {
    results.push(
      check(
        'cache-bazel',
        'Bazel remote cache',
        'runner',
        'skip',
        'no Bazel remote cache URL (bazel-remote-url or BAZEL_REMOTE_CACHE)',
      ),
    );
  } else {
    const probe = await probeBazelRemote({
      url: options.bazelUrl,
      ...(options.bazelToken ? { token: options.bazelToken } : {}),
    });
    results.push(
      probe.available
        ? check('cache-bazel', 'Bazel remote cache', 'runner', 'pass', 'answers HEAD of the empty CAS blob')
        : check(
            'cache-bazel',
            'Bazel remote cache',
            'runner',
            'fail',
            probe.message,
            [`cause ${probe.cause}`],
            'check the Bazel remote cache URL and credentials, and that the runner namespace may reach nix-cache',
          ),
    );
  }
  return results;
}
