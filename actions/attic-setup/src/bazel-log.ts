export interface BazelCacheStats {
  processes: number;
  remoteHits: number;
  /** Processes Bazel runs internally (symlinks, writes): never cacheable, so left out of the rate. */
  internal: number;
  /** remoteHits / (processes − internal); undefined when nothing was cacheable. */
  hitRate: number | undefined;
}

/**
 * Reads the last `INFO: N processes: X remote cache hit, Y internal, Z linux-sandbox.` line of a
 * Bazel log (the summary line of SpawnStats; "1 process" in the singular).
 */
export function parseBazelLog(text: string): BazelCacheStats | undefined {
  const lines = text.split('\n').filter((l) => /INFO: \d+ process(es)?\b/.test(l));
  const line = lines.at(-1);
  if (!line) return undefined;
  const total = Number(/INFO: (\d+) process/.exec(line)![1]);
  const count = (label: string) => {
    const m = new RegExp(`(\\d+) ${label}\\b`).exec(line);
    return m ? Number(m[1]) : 0;
  };
  const remoteHits = count('remote cache hit');
  const internal = count('internal');
  const cacheable = total - internal;
  return {
    processes: total,
    remoteHits,
    internal,
    hitRate: cacheable > 0 ? remoteHits / cacheable : undefined,
  };
}
