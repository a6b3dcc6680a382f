import { readdir } from 'node:fs/promises';

/** Lock files, build checks and chroot leftovers are store entries but never pushable paths. */
export const NEVER_PUSHED = /\.(drv|lock|check|chroot)$/;
export const STORE_ENTRY = /^[0-9a-df-np-sv-z]{32}-[^/]+$/;

/**
 * The store's entries right now, by a plain directory listing: cheap even for a big store, and
 * independent of any `nix path-info` output format.
 */
export async function snapshotStore(storeDir = '/nix/store'): Promise<string[]> {
  // A store entry is `<32-char hash>-<name>`; the dash check is enough to drop `.links` and friends.
  return (await readdir(storeDir)).filter((name) => name.length > 33 && name.charCodeAt(32) === 45);
}

/**
 * Paths that appeared since the snapshot, as full store paths, without derivations, lock and
 * check files, and without anything an exclude pattern matches (tested against the full path).
 */
export function newStorePaths(
  before: Iterable<string>,
  now: Iterable<string>,
  exclude: readonly RegExp[] = [],
  storeDir = '/nix/store',
): string[] {
  const seen = new Set(before);
  const out: string[] = [];
  for (const name of now) {
    if (seen.has(name) || NEVER_PUSHED.test(name) || !STORE_ENTRY.test(name)) continue;
    const path = `${storeDir}/${name}`;
    if (exclude.some((re) => re.test(path))) continue;
    out.push(path);
  }
  return out.sort();
}
