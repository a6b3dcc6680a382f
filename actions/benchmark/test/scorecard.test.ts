import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGETS, isPeak, loadTargets } from '../src/kpi';
import { kpiCases, scorecardMetrics } from '../src/reports';
import { buildScorecard } from '../src/scorecard';
import { makeRecord } from './records';

const kpi = (card: ReturnType<typeof buildScorecard>, label: string, name: string) =>
  card.groups.find((g) => g.runnerLabel === label)!.kpis.find((k) => k.kpi === name)!;

// 2026-03-02 is a Monday: 14:00 UTC is peak, 03:00 UTC off-peak.
const peak = (s: number) => new Date(Date.UTC(2026, 2, 2, 14, 0, s)).toISOString();
const offPeak = (s: number) => new Date(Date.UTC(2026, 2, 2, 3, 0, s)).toISOString();

describe('scorecard against the KPI targets', () => {
  const records = [
    ...Array.from({ length: 20 }, (_, i) =>
      makeRecord({
        label: 'tinyland-docker',
        wall: [240_000 + i * 1000],
        createdAt: peak(i),
        queueSeconds: 10 + i,
        start: { kind: i < 10 ? 'cold' : 'warm', startSeconds: i < 10 ? 25 : 3 },
        cpuAvgPct: 55,
        bazelHitRate: 75,
        workload: 'bazel-test',
      }),
    ),
    ...Array.from({ length: 10 }, (_, i) =>
      makeRecord({
        label: 'tinyland-docker',
        wall: [250_000],
        createdAt: offPeak(i),
        queueSeconds: 4,
        workload: 'bazel-test',
        failed: i === 0,
      }),
    ),
    // A Nix lane with no queue data, no CPU samples and no hit rates at all.
    ...Array.from({ length: 3 }, () =>
      makeRecord({ label: 'tinyland-nix', workload: 'nix-build', nix: true, wall: [700_000] }),
    ),
  ];
  const card = buildScorecard(records, DEFAULT_TARGETS, new Date('2026-03-03T00:00:00Z'));

  it('aggregates per runner label × workload', () => {
    expect(card.results).toBe(33);
    expect(card.groups.map((g) => [g.runnerLabel, g.workload, g.n])).toEqual([
      ['tinyland-docker', 'bazel-test', 30],
      ['tinyland-nix', 'nix-build', 3],
    ]);
    const docker = card.groups[0]!;
    expect(docker.cold).toBe(10);
    expect(docker.warm).toBe(10);
    expect(docker.coldStartMedianSeconds).toBe(25);
    expect(docker.warmStartMedianSeconds).toBe(3);
    expect(docker.failureRatePct).toBeCloseTo(100 / 30, 10);
    // Ten off-peak 4 s and peak 10..29 s: the 15th and 16th values are 14 and 15.
    expect(docker.queueP50Seconds).toBe(14.5);
  });

  it('passes and fails each KPI with the numbers behind it', () => {
    // Peak queue: 10..29 s, p95 = 28.05 s < 60 s.
    expect(kpi(card, 'tinyland-docker', 'queue time p95, peak')).toMatchObject({ status: 'pass', n: 20 });
    expect(kpi(card, 'tinyland-docker', 'queue time p95, peak').actual).toBeCloseTo(28.05, 6);
    expect(kpi(card, 'tinyland-docker', 'queue time p95, off-peak')).toMatchObject({
      status: 'pass',
      actual: 4,
      n: 10,
    });
    expect(kpi(card, 'tinyland-docker', 'cold start p50')).toMatchObject({
      status: 'fail',
      actual: 25,
      target: '< 20 s',
    });
    // Benchmark runs' own failures, their job's CPU and their duration are columns, not KPIs: the
    // platform's failed-job rate, CPU and pipeline durations come from the fleet (platform.ts).
    expect(card.groups[0]!.kpis.map((k) => k.kpi)).not.toContain('failed job rate');
    expect(card.groups[0]!).toMatchObject({ cpuAvgPct: 55, durationMedianMs: 250_000 });
    expect(kpi(card, 'tinyland-docker', 'Bazel cache hit rate')).toMatchObject({
      status: 'pass',
      actual: 75,
    });
  });

  it('shows missing data as missing, never as pass', () => {
    const nix = card.groups[1]!;
    const statuses = Object.fromEntries(nix.kpis.map((k) => [k.kpi, k.status]));
    expect(statuses).toEqual({
      'queue time p95, peak': 'missing',
      'queue time p95, off-peak': 'missing',
      'start time p50 (Nix, warm pool)': 'missing',
      'Nix cache hit rate': 'missing',
    });
    expect(nix.kpis.filter((k) => k.status === 'missing').every((k) => k.actual === null)).toBe(true);
    expect(card.totals).toEqual({ pass: 3, fail: 1, missing: 4 });
  });

  it('writes one JUnit case per KPI: failures fail, missing is skipped with the reason', () => {
    const cases = kpiCases('tinyland-nix.nix-build', card.groups[1]!.kpis);
    expect(cases).toHaveLength(4);
    expect(cases.find((c) => c.name === 'Nix cache hit rate')).toMatchObject({
      outcome: 'skipped',
      message: expect.stringContaining('missing, not passed'),
    });
    const docker = kpiCases('tinyland-docker.bazel-test', card.groups[0]!.kpis);
    expect(docker.find((c) => c.name === 'cold start p50')!.outcome).toBe('failed');
    expect(docker.find((c) => c.name === 'Bazel cache hit rate')!.outcome).toBe('passed');
  });

  it('writes a metrics report with only the figures that exist', () => {
    const text = scorecardMetrics(card);
    expect(text).toContain('kpi_cold_start_p50{runner_label="tinyland-docker",workload="bazel-test"} 25');
    expect(text).not.toMatch(/kpi_nix_cache_hit_rate/);
  });
});

describe('KPI targets', () => {
  it('knows peak from off-peak (weekdays 13–22 UTC by default)', () => {
    expect(isPeak(new Date('2026-03-02T13:00:00Z'), DEFAULT_TARGETS)).toBe(true);
    expect(isPeak(new Date('2026-03-02T22:00:00Z'), DEFAULT_TARGETS)).toBe(false);
    expect(isPeak(new Date('2026-03-07T15:00:00Z'), DEFAULT_TARGETS)).toBe(false);
  });

  it('reads overrides from YAML and refuses unknown or mistyped targets by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-'));
    const good = join(dir, 'good.yml');
    writeFileSync(good, 'queuePeakSeconds: 30\ncoldStartSeconds: 25\n');
    expect(loadTargets(good)).toMatchObject({
      queuePeakSeconds: 30,
      coldStartSeconds: 25,
      nixHitRatePct: 80,
    });
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, '{"queueTime": 3}');
    expect(() => loadTargets(unknown)).toThrow(/unknown target `queueTime`/);
    const typed = join(dir, 'typed.json');
    writeFileSync(typed, '{"nixHitRatePct": "high"}');
    expect(() => loadTargets(typed)).toThrow(/must be a number/);
    expect(() => loadTargets(join(dir, 'absent.yml'))).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
  });
});
