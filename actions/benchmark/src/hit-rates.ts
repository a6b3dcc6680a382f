import { readFileSync } from 'node:fs';
import { FlywheelError } from '@gloriousflywheel/shared';

/**
 * Bazel's closing summary: `INFO: 1234 processes: 1000 remote cache hit, 200 linux-sandbox, 34
 * internal.` The hit rate is remote cache hits over the actions that could have hit (internal ones
 * never can). Disk cache hits count as hits. The last summary in the log wins.
 */
export function bazelHitRateFromLog(text: string): number | null {
  const lines = text.match(/INFO: [\d,]+ process(?:es)?: .*$/gm);
  const last = lines?.at(-1);
  if (!last) return null;
  const total = Number(/INFO: ([\d,]+) process/.exec(last)![1]!.replace(/,/g, ''));
  const count = (what: RegExp) => {
    let sum = 0;
    for (const m of last.matchAll(new RegExp(`([\\d,]+) ${what.source}`, 'g')))
      sum += Number(m[1]!.replace(/,/g, ''));
    return sum;
  };
  const hits = count(/(?:remote|disk) cache hit/);
  const eligible = total - count(/internal/);
  return eligible > 0 ? (100 * hits) / eligible : null;
}

export function bazelHitRateFromFile(path: string): number | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FlywheelError(
      'INPUT_INVALID',
      `bazel-log ${path} cannot be read: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return bazelHitRateFromLog(text);
}
