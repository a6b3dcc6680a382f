import { FlywheelError } from '@gloriousflywheel/shared';
import type { Summary } from '@gloriousflywheel/shared/stats';
import type { RunnerFingerprint } from './fingerprint';
import type { RunMeasurement } from './measure';
import type { JobTiming } from './queue-time';
import type { ResourceSample } from './sampler';
import type { StartClassification } from './start';

export const RECORD_SCHEMA = 'gloriousflywheel/benchmark-result';
/** Bump on any incompatible change; readers refuse versions they do not know. */
export const RECORD_VERSION = 1;

/** One immutable result file per benchmark run: what the scorecard and the baselines read. */
export interface BenchmarkRecord {
  schema: typeof RECORD_SCHEMA;
  version: typeof RECORD_VERSION;
  id: string;
  createdAt: string;
  runnerLabel: string;
  workload: string;
  nix: boolean;
  fingerprint: RunnerFingerprint;
  repository: string | null;
  runId: string | null;
  sha: string | null;
  /** Every run, warmups included (flagged); outliers are flagged by index, never dropped. */
  runs: RunMeasurement[];
  stats: {
    wallMs: Summary;
    userMs: Summary | null;
    systemMs: Summary | null;
    peakRssBytes: number | null;
    /** Indexes into the measured (non-warmup) runs with |modified z| > threshold. */
    outliers: number[];
    outlierThreshold: number;
    /** The wrapper shell's calibrated start-up cost, subtracted from each run's wall time. */
    shellOverheadMs: number;
  };
  /** The first non-zero exit code of a measured run, else 0. */
  exitCode: number;
  failed: boolean;
  timing: JobTiming | null;
  start: StartClassification;
  cache: { nixHitRate: number | null; bazelHitRate: number | null };
  resources: {
    intervalMs: number;
    /** `cgroup` inside a container (its own figures), `host` otherwise. */
    source: 'cgroup' | 'host';
    cpuAvgPct: number | null;
    memoryPeakBytes: number | null;
    throttledPeriods: number | null;
    samples: ResourceSample[];
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and checks a result file; a corrupt or foreign file is a clear RESULT_INVALID, never a crash. */
export function parseRecord(text: string, source: string): BenchmarkRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FlywheelError('RESULT_INVALID', `${source} is not valid JSON: ${(error as Error).message}`, {
      hint: 'remove or replace the corrupt result file',
      details: { file: source },
    });
  }
  return checkRecord(value, source);
}

/** Checks an already parsed value (one parse per file when the caller has parsed it). */
export function checkRecord(value: unknown, source: string): BenchmarkRecord {
  const problem = recordProblem(value);
  if (problem) {
    throw new FlywheelError('RESULT_INVALID', `${source} is not a benchmark result: ${problem}`, {
      hint: 'results-dir and baseline must hold only files this action wrote',
      details: { file: source },
    });
  }
  return value as BenchmarkRecord;
}

function recordProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'not a JSON object';
  if (v['schema'] !== RECORD_SCHEMA)
    return `schema is ${JSON.stringify(v['schema'])}, expected "${RECORD_SCHEMA}"`;
  if (v['version'] !== RECORD_VERSION)
    return `schema version ${JSON.stringify(v['version'])} is not supported (this reader knows ${RECORD_VERSION})`;
  for (const key of ['id', 'createdAt', 'runnerLabel', 'workload'] as const) {
    if (typeof v[key] !== 'string') return `\`${key}\` is missing or not a string`;
  }
  if (Number.isNaN(Date.parse(v['createdAt'] as string))) return '`createdAt` is not a date';
  if (!Array.isArray(v['runs'])) return '`runs` is missing';
  for (const run of v['runs'] as unknown[]) {
    if (!isObject(run) || typeof run['wallMs'] !== 'number' || typeof run['exitCode'] !== 'number') {
      return 'a run lacks `wallMs` or `exitCode`';
    }
  }
  if (!isObject(v['stats']) || !isObject(v['stats']['wallMs'])) return '`stats.wallMs` is missing';
  if (typeof v['failed'] !== 'boolean') return '`failed` is missing';
  if (!isObject(v['start']) || !isObject(v['cache']) || !isObject(v['resources']))
    return '`start`, `cache` or `resources` is missing';
  if (!isObject(v['fingerprint']) || typeof v['fingerprint']['hash'] !== 'string')
    return '`fingerprint.hash` is missing';
  return undefined;
}

/** The wall times of the measured (non-warmup) runs: the samples a baseline compares. */
export function measuredWallTimes(record: BenchmarkRecord): number[] {
  return record.runs.filter((r) => !r.warmup).map((r) => r.wallMs);
}

/** A file name that sorts by time and never collides between matrix jobs. */
export function recordFileName(record: BenchmarkRecord): string {
  const stamp = record.createdAt.replace(/[:.]/g, '-');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  return `${stamp}_${safe(record.runnerLabel)}_${safe(record.workload)}_${record.id}.json`;
}
