import { summarize } from '@gloriousflywheel/shared/stats';
import { type BenchmarkRecord, RECORD_SCHEMA, RECORD_VERSION } from '../src/record';

let seq = 0;

/** A complete result record for tests; the overrides set what a test is about. */
export function makeRecord(o: {
  label?: string;
  workload?: string;
  nix?: boolean;
  wall?: number[];
  createdAt?: string;
  failed?: boolean;
  queueSeconds?: number | null;
  start?: { kind: 'warm' | 'cold' | 'unknown'; startSeconds: number | null };
  nixHitRate?: number | null;
  bazelHitRate?: number | null;
  cpuAvgPct?: number | null;
  fingerprint?: string;
}): BenchmarkRecord {
  seq += 1;
  const wall = o.wall ?? [1000];
  const createdAt = o.createdAt ?? new Date(Date.UTC(2026, 2, 2, 14, 0, seq)).toISOString();
  const queue = o.queueSeconds === undefined ? null : o.queueSeconds;
  return {
    schema: RECORD_SCHEMA,
    version: RECORD_VERSION,
    id: `r${seq}`,
    createdAt,
    runnerLabel: o.label ?? 'tinyland-docker',
    workload: o.workload ?? 'unit',
    nix: o.nix ?? false,
    fingerprint: {
      labels: [o.label ?? 'tinyland-docker'],
      os: 'Debian GNU/Linux 13',
      kernel: '6.1.0',
      cpuModel: 'AMD EPYC',
      cores: 2,
      memoryLimitBytes: 4 * 2 ** 30,
      image: null,
      nixVersion: null,
      hash: o.fingerprint ?? 'fp0000000000',
    },
    repository: 'tinyland/app',
    runId: String(seq),
    sha: null,
    runs: wall.map((w, index) => ({
      index,
      warmup: false,
      startedAt: createdAt,
      wallMs: w,
      rawWallMs: w,
      userMs: null,
      systemMs: null,
      peakRssBytes: null,
      exitCode: o.failed ? 1 : 0,
      signal: null,
    })),
    stats: {
      wallMs: summarize(wall),
      userMs: null,
      systemMs: null,
      peakRssBytes: null,
      outliers: [],
      outlierThreshold: 3.5,
      shellOverheadMs: 0,
    },
    exitCode: o.failed ? 1 : 0,
    failed: o.failed ?? false,
    timing:
      queue === null
        ? null
        : {
            source: 'github',
            jobId: seq,
            createdAt,
            startedAt: new Date(Date.parse(createdAt) + queue * 1000).toISOString(),
            queueSeconds: queue,
            apiStartedMinusCreatedSeconds: 0,
            setupSeconds: 2,
            runnerName: 'r',
            labels: [o.label ?? 'tinyland-docker'],
            precisionSeconds: 1,
          },
    start: {
      kind: o.start?.kind ?? 'unknown',
      containerAgeSeconds: null,
      containerStartedAt: null,
      startSeconds: o.start?.startSeconds ?? queue,
      reason: 'test',
    },
    cache: { nixHitRate: o.nixHitRate ?? null, bazelHitRate: o.bazelHitRate ?? null },
    resources: {
      intervalMs: 1000,
      source: 'host',
      cpuAvgPct: o.cpuAvgPct ?? null,
      memoryPeakBytes: null,
      throttledPeriods: null,
      samples: [],
    },
  };
}
