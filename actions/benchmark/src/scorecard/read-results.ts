import { readFileSync, statSync } from 'node:fs';
import { FlywheelError } from '@gloriousflywheel/shared';
import { type FleetRecord, isFleetRecord } from '../fleet/fleet-record';
import { listResultFiles } from '../history';
import { type BenchmarkRecord, checkRecord, RECORD_SCHEMA } from '../record';

export interface ScoredResults {
  benchmarks: BenchmarkRecord[];
  fleets: FleetRecord[];
  /** arc-apply result envelopes (apply proofs, drift reports). */
  applies: unknown[];
  /** JSON files that are none of these (reports, other tools' files in downloaded artifacts). */
  skipped: number;
  /** The same result found twice (two artifacts, a cache entry and a folder) is counted once. */
  duplicates: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every result under the given folders (a results folder, downloaded artifacts, restored cache
 * entries): benchmark results, fleet records and arc-apply envelopes, each once by id. A file that
 * says it is one of ours but is broken is a RESULT_INVALID naming it; other JSON is skipped.
 */
export function readScoredResults(paths: readonly string[]): ScoredResults {
  const out: ScoredResults = { benchmarks: [], fleets: [], applies: [], skipped: 0, duplicates: 0 };
  const seen = new Set<string>();
  const once = (id: string) => {
    if (seen.has(id)) {
      out.duplicates += 1;
      return false;
    }
    seen.add(id);
    return true;
  };
  for (const path of paths) {
    let files: string[];
    try {
      files = statSync(path).isDirectory() ? listResultFiles(path) : [path];
    } catch (error) {
      throw new FlywheelError(
        'INPUT_INVALID',
        `results-dir ${path} cannot be read: ${(error as NodeJS.ErrnoException).code}`,
        {
          hint: 'point results-dir at a folder of result files (downloaded artifacts are fine)',
          cause: error,
        },
      );
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new FlywheelError('RESULT_INVALID', `${file} is not valid JSON: ${(error as Error).message}`, {
          hint: 'remove or replace the corrupt file',
          details: { file },
        });
      }
      if (isObject(value) && value['schema'] === RECORD_SCHEMA) {
        const record = checkRecord(value, file);
        if (once(`b:${record.id}`)) out.benchmarks.push(record);
      } else if (isFleetRecord(value)) {
        if (once(`f:${value.id}`)) out.fleets.push(value);
      } else if (isObject(value) && isObject(value['meta']) && value['meta']['action'] === 'arc-apply') {
        const meta = value['meta'];
        if (once(`a:${meta['runId'] ?? ''}:${meta['jobId'] ?? ''}:${meta['finishedAt'] ?? file}`))
          out.applies.push(value);
      } else out.skipped += 1;
    }
  }
  return out;
}

/** The newest moment any result speaks for (ms), or undefined with no results. */
export function newestResultAt(r: ScoredResults): number | undefined {
  const times = [
    ...r.benchmarks.map((b) => Date.parse(b.createdAt)),
    ...r.fleets.map((f) => Date.parse(f.takenAt)),
    ...r.applies.flatMap((a) => {
      const at = Date.parse(String((a as { meta: { finishedAt?: unknown } }).meta.finishedAt));
      return Number.isNaN(at) ? [] : [at];
    }),
  ];
  return times.length ? Math.max(...times) : undefined;
}
