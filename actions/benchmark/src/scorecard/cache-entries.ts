import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GitHubClient } from '@gloriousflywheel/shared/forge';
import { historyDir, prefixOfKey, restorePrefix } from '../baseline-cache';

/**
 * The baseline histories `run` keeps in the Actions cache, one per runner label × workload ×
 * fingerprint: listed through the REST API (`GET /repos/{owner}/{repo}/actions/caches`, key prefix
 * `flywheel-benchmark-v1-`), then the newest entry of each history restored — each into the fixed
 * folder `run` saved it from (the cache versions entries by path) and copied out into `into`.
 */
export async function historyPrefixes(client: GitHubClient, repository: string): Promise<string[]> {
  const [owner = '', repo = ''] = repository.split('/');
  const caches = await client.paginate('GET /repos/{owner}/{repo}/actions/caches', {
    owner,
    repo,
    key: 'flywheel-benchmark-v1-',
    per_page: 100,
  });
  return [
    ...new Set(
      caches.map((c) => (c.key ? prefixOfKey(c.key) : undefined)).filter((p): p is string => Boolean(p)),
    ),
  ].sort();
}

export async function restoreHistories(
  prefixes: readonly string[],
  runnerTemp: string,
  into: string,
): Promise<number> {
  const dir = historyDir(runnerTemp);
  let restored = 0;
  for (const [n, prefix] of prefixes.entries()) {
    if (!(await restorePrefix(dir, prefix))) continue;
    const target = join(into, `cache-${n}`);
    mkdirSync(target, { recursive: true });
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
      copyFileSync(join(dir, file), join(target, file));
    restored += 1;
  }
  return restored;
}
