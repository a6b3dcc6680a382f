import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bazelAuthHeader } from '@gloriousflywheel/shared/cache';

export interface BazelWiring {
  url: string | undefined;
  token?: string;
  /** Forks and `push: never`: read the cache, never write to it. */
  readOnly: boolean;
}

/**
 * A bazelrc (0600, since it may hold the credential) for `--bazelrc=`. With no usable cache it
 * still exists, holding only a comment, so workflows can pass it unconditionally.
 */
export function writeBazelrc(dir: string, wiring: BazelWiring): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'attic-setup.bazelrc');
  const lines = ['# Written by attic-setup for this job only.'];
  if (wiring.url) {
    lines.push(`build --remote_cache=${wiring.url}`);
    const auth = bazelAuthHeader(wiring.token);
    if (auth) lines.push(`build --remote_header=Authorization=${auth}`);
    if (wiring.readOnly) lines.push('build --remote_upload_local_results=false');
  } else {
    lines.push('# No Bazel remote cache is in use for this job.');
  }
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

/** BuildKit registry cache settings in the form docker/build-push-action takes. */
export function buildkitCache(
  ref: string | undefined,
  readOnly: boolean,
): { cacheFrom: string; cacheTo: string } {
  if (!ref) return { cacheFrom: '', cacheTo: '' };
  return {
    cacheFrom: `type=registry,ref=${ref}`,
    cacheTo: readOnly ? '' : `type=registry,ref=${ref},mode=max,ignore-error=true`,
  };
}
