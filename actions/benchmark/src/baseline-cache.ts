import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselineKey } from './history';
import { type BenchmarkRecord, recordFileName } from './record';

/**
 * Baselines kept with the Actions cache: one immutable key per run, restored by prefix, so matrix
 * jobs never race and no branch is pushed to. The prefix carries the runner label, the workload and
 * the fingerprint, so only like is compared with like.
 */
export function cachePrefix(key: BaselineKey): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `flywheel-benchmark-v1-${safe(key.runnerLabel)}-${safe(key.workload)}-${key.fingerprint}-`;
}

/**
 * Where the history is kept while a job runs. @actions/cache versions an entry by the paths it was
 * saved from, so save and restore must name the same path in every run: a fixed folder under the
 * runner's temp dir (a per-run temp folder would make every restore miss). Emptied before a restore.
 */
export function historyDir(runnerTemp: string): string {
  return join(runnerTemp, 'flywheel-benchmark-history');
}

/** The key prefix of one history (everything before the per-run suffix), from a listed cache key. */
export function prefixOfKey(key: string): string | undefined {
  return /^(flywheel-benchmark-v1-.*-[0-9a-f]{12}-)/.exec(key)?.[1];
}

/**
 * @actions/cache (with its storage SDKs) is most of this action's weight and only needed when a
 * baseline is kept in the cache, so it is loaded on first use rather than at every start.
 */
const loadCache = () => import('@actions/cache');

export async function cacheAvailable(): Promise<boolean> {
  try {
    return (await loadCache()).isFeatureAvailable();
  } catch {
    return false;
  }
}

/** Restores the newest history for the key into dir; returns the key that hit, if any. */
export async function restoreHistory(
  dir: string,
  key: BaselineKey,
  uniqueSuffix: string,
): Promise<string | undefined> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const prefix = cachePrefix(key);
  return (await loadCache()).restoreCache([dir], `${prefix}${uniqueSuffix}`, [prefix]);
}

/** Restores the newest entry under a key prefix into dir (emptied first); the key that hit, if any. */
export async function restorePrefix(dir: string, prefix: string): Promise<string | undefined> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return (await loadCache()).restoreCache([dir], prefix, [prefix]);
}

/** Adds the new record, keeps the last `keep` files, and saves the folder under a fresh key. */
export async function saveHistory(
  dir: string,
  key: BaselineKey,
  uniqueSuffix: string,
  record: BenchmarkRecord,
  keep: number,
): Promise<number> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, recordFileName(record)), `${JSON.stringify(record)}\n`);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const old of files.slice(0, Math.max(0, files.length - keep))) rmSync(join(dir, old));
  return (await loadCache()).saveCache([dir], `${cachePrefix(key)}${uniqueSuffix}`);
}
