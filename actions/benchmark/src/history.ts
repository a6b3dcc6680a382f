import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FlywheelError } from '@gloriousflywheel/shared';
import { type BenchmarkRecord, parseRecord } from './record';

/** Every `*.json` under a directory, depth first, in name order (names sort by time). */
export function listResultFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.json')) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** Reads a results file or directory; a path that cannot be read is an INPUT_INVALID naming it. */
export function readRecords(path: string, what: string): BenchmarkRecord[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (error) {
    throw new FlywheelError(
      'INPUT_INVALID',
      `${what} ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        hint: `point ${what} at a result file or a directory of them`,
        cause: error,
      },
    );
  }
  const files = isDir ? listResultFiles(path) : [path];
  return files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new FlywheelError(
        'INPUT_INVALID',
        `${what} file ${file} cannot be read: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return parseRecord(text, file);
  });
}

/** What makes two results comparable: same runner class, same workload, same hardware. */
export interface BaselineKey {
  runnerLabel: string;
  workload: string;
  fingerprint: string;
}

export function keyOf(record: BenchmarkRecord): BaselineKey {
  return { runnerLabel: record.runnerLabel, workload: record.workload, fingerprint: record.fingerprint.hash };
}

/** The last `window` results of the same key, oldest first, excluding the current one. */
export function selectBaseline(
  records: BenchmarkRecord[],
  key: BaselineKey,
  window: number,
  excludeId?: string,
): BenchmarkRecord[] {
  return records
    .filter(
      (r) =>
        r.id !== excludeId &&
        !r.failed &&
        r.runnerLabel === key.runnerLabel &&
        r.workload === key.workload &&
        r.fingerprint.hash === key.fingerprint,
    )
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .slice(-window);
}
