import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGitHubClient } from '@gloriousflywheel/shared/forge';
import { tempDirs } from '@gloriousflywheel/testkit';
import { FakeGitHub } from '@gloriousflywheel/testkit/github';
import { afterAll, describe, expect, it } from 'vitest';
import { cachePrefix } from '../src/baseline-cache';
import { FLEET_SCHEMA, FLEET_VERSION, type FleetRecord } from '../src/fleet/fleet-record';
import { DEFAULT_TARGETS } from '../src/kpi';
import { recordFileName } from '../src/record';
import { historyPrefixes } from '../src/scorecard/cache-entries';
import { scorePlatform } from '../src/scorecard/platform';
import { readScoredResults } from '../src/scorecard/read-results';
import { makeRecord } from './records';
import { runMode } from './run-mode';

const temp = tempDirs('flywheel-scorecard-time');
afterAll(() => temp.cleanup());

const DAY = 86_400_000;
const now = Date.now();
/** A moment `days` days ago (within that day's window), at 14:00 UTC on a weekday would be peak; keep it simple. */
const ago = (days: number, hours = 2) => new Date(now - days * DAY - hours * 3_600_000).toISOString();

function fleet(takenAt: string, k: Partial<FleetRecord['kpis']>, id: string): FleetRecord {
  return {
    schema: FLEET_SCHEMA,
    version: FLEET_VERSION,
    id,
    takenAt,
    window: { since: takenAt, until: takenAt },
    scope: 'org tinyland',
    gauges: [],
    requests: { forge: 218, prometheus: 6 },
    kpis: {
      uptimePct: null,
      cpuPct: null,
      failedJobs: null,
      queueWaits: null,
      startup: null,
      coldStartSeconds: null,
      coldStartNixSeconds: null,
      pipelines: null,
      leadTimes: null,
      queueDepthMax: null,
      ...k,
    },
    notes: [],
  };
}

const drift = (at: string, items: { scaleSet: string; kind: string }[]) => ({
  data: {
    mode: 'drift',
    checkedAt: at,
    worst: items.length ? 'error' : 'none',
    counts: {},
    items: items.map((i) => ({ ...i, namespace: 'arc-runners', severity: 'error', message: 'x' })),
    sets: [],
  },
  meta: {
    schema: 1,
    action: 'arc-apply',
    phase: 'main',
    platform: 'github',
    startedAt: at,
    finishedAt: at,
    durationMs: 1,
    runId: at,
  },
});

/**
 * Four daily windows of history: uptime and CPU getting worse, the failed-job rate improving, Bazel
 * hit rates only in an old window, a drift item that stays, and files that are not results.
 */
function seedResults(): string {
  const dir = temp.make();
  const sub = join(dir, 'artifact-1');
  mkdirSync(sub);
  const write = (name: string, value: unknown) =>
    writeFileSync(join(sub, name), `${JSON.stringify(value)}\n`);
  for (const [days, uptime, cpu, failed] of [
    [3, 99.9, 55, 5],
    [2, 99.8, 60, 3],
    [1, 99.7, 65, 2],
    [0, 99.6, 72, 1],
  ] as const) {
    write(
      `fleet-${days}.json`,
      fleet(
        ago(days),
        {
          uptimePct: uptime,
          cpuPct: cpu,
          failedJobs: { failed, succeeded: 100 - failed, cancelled: 40, other: 0 },
          pipelines: [
            { tier: 'unit', minutes: [6, 7, 8] },
            { tier: 'full', minutes: [20, 25, 35] },
          ],
          leadTimes: [
            {
              change: 10 + days,
              title: 'caps',
              sha: `sha${days}`,
              mergedAt: ago(days, 5),
              provedAt: ago(days, 4),
              provedBy: `sha${days}`,
              hours: 1,
              wallHours: 1,
            },
          ],
        },
        `f${days}`,
      ),
    );
  }
  const bench = [
    makeRecord({
      createdAt: ago(3),
      bazelHitRate: 60,
      nixHitRate: 90,
      nix: true,
      label: 'tinyland-nix',
      start: { kind: 'warm', startSeconds: 8 },
    }),
    makeRecord({
      createdAt: ago(0),
      nixHitRate: 85,
      nix: true,
      label: 'tinyland-nix',
      start: { kind: 'warm', startSeconds: 9 },
    }),
    makeRecord({ createdAt: ago(0), queueSeconds: 12, start: { kind: 'cold', startSeconds: 18 } }),
  ];
  for (const r of bench) write(recordFileName(r), r);
  // The same result in a second artifact is counted once.
  mkdirSync(join(dir, 'artifact-2'));
  writeFileSync(join(dir, 'artifact-2', recordFileName(bench[2]!)), JSON.stringify(bench[2]));
  // Drift: one item present for three hours in a row is sustained; one seen once is not.
  write('drift-a.json', drift(ago(0, 5), [{ scaleSet: 'tinyland-nix', kind: 'caps-differ' }]));
  write(
    'drift-b.json',
    drift(ago(0, 3), [
      { scaleSet: 'tinyland-nix', kind: 'caps-differ' },
      { scaleSet: 'tinyland-dind', kind: 'listener-missing' },
    ]),
  );
  write('drift-c.json', drift(ago(0, 2), [{ scaleSet: 'tinyland-nix', kind: 'caps-differ' }]));
  // Reports beside the results (downloaded artifacts carry them): not results, skipped.
  write('benchmark-scorecard.json', { targets: {}, groups: [] });
  return dir;
}

describe('the scorecard over time', () => {
  const dir = seedResults();

  it('reads folders of benchmark, fleet and arc-apply results, each once', () => {
    const r = readScoredResults([dir]);
    expect([r.benchmarks.length, r.fleets.length, r.applies.length, r.skipped, r.duplicates]).toEqual([
      3, 4, 3, 1, 1,
    ]);
  });

  it('gives each platform KPI its value, target, trend over the windows and verdict', () => {
    const score = scorePlatform(readScoredResults([dir]), DEFAULT_TARGETS, DAY, 4, new Date(now));
    const k = (id: string) => score.kpis.find((x) => x.id === id)!;
    expect(k('uptime')).toMatchObject({
      actual: 99.6,
      status: 'pass',
      target: '99.5–100 %',
      direction: 'worse',
    });
    expect(k('uptime').trend.map((w) => w.value)).toEqual([99.9, 99.8, 99.7, 99.6]);
    expect(k('cpu')).toMatchObject({ actual: 72, status: 'fail', direction: 'worse' });
    expect(k('failed_job_rate')).toMatchObject({ actual: 1, status: 'pass', direction: 'better' });
    expect(k('pipeline_unit')).toMatchObject({ actual: 7, status: 'pass', target: '< 10 min' });
    expect(k('pipeline_full')).toMatchObject({ actual: 25, status: 'pass', target: '< 30 min' });
    expect(k('lead_time')).toMatchObject({ actual: 1, status: 'pass', n: 1 });
    expect(k('nix_cache_hit_rate')).toMatchObject({ actual: 85, status: 'pass' });
    expect(k('cold_start')).toMatchObject({ actual: 18, status: 'pass' });
    expect(k('drift_sustained')).toMatchObject({ actual: 1, status: 'fail' });
    // Bazel was measured three windows ago only: the newest window is missing, not passed.
    expect(k('bazel_cache_hit_rate')).toMatchObject({ actual: null, status: 'missing' });
    expect(k('bazel_cache_hit_rate').trend.map((w) => w.value)).toEqual([60, null, null, null]);
    // One of the queue KPIs has data (peak or off-peak, by the hour of the run), the other is missing.
    expect(score.totals).toEqual({ pass: 9, fail: 2, missing: 2 });
  });

  it('writes the trend table and an xychart-beta per KPI, and the gate fails on a red KPI', async () => {
    const reports = temp.make();
    const r = await runMode(
      {
        mode: 'scorecard',
        'results-dir': dir,
        'report-dir': reports,
        window: '1d',
        'trend-windows': '4',
        gate: 'true',
      },
      {},
      reports,
    );
    expect(r.exitCode).toBe(1);
    expect(r.envelope).toMatchObject({ error: { code: 'KPI_FAILED' } });
    expect((r.envelope as { error: { message: string } }).error.message).toMatch(
      /CPU utilisation \(nodes\) 72\.0 %/,
    );
    const summary = readFileSync(join(reports, 'summary.md'), 'utf8');
    expect(summary).toContain('| runner fleet uptime | 99.5–100 % | 99.6 % |');
    expect(summary.match(/```mermaid\nxychart-beta/g)!.length).toBeGreaterThanOrEqual(10);
    expect(summary).toContain('title "runner fleet uptime (%) per window, with the target');
    const card = JSON.parse(readFileSync(join(reports, 'benchmark-scorecard.json'), 'utf8'));
    expect(card.platform.kpis.find((k: { id: string }) => k.id === 'bazel_cache_hit_rate').status).toBe(
      'missing',
    );
  });

  it('passes the gate when nothing is red and fails it on stale data', async () => {
    const greenTargets = join(temp.make(), 'targets.yml');
    writeFileSync(greenTargets, 'cpuMaxPct: 80\ndriftSustainMinutes: 600\n');
    const reports = temp.make();
    const green = await runMode(
      {
        mode: 'scorecard',
        'results-dir': dir,
        'report-dir': reports,
        'kpi-targets': greenTargets,
        window: '1d',
        gate: 'true',
      },
      {},
      reports,
    );
    expect(green.exitCode, green.log).toBe(0);
    const stale = await runMode(
      {
        mode: 'scorecard',
        'results-dir': dir,
        'report-dir': reports,
        'kpi-targets': greenTargets,
        gate: 'true',
        'max-age': '30m',
      },
      {},
      reports,
    );
    expect(stale.envelope).toMatchObject({ error: { code: 'DATA_STALE' } });
    const empty = temp.make();
    const none = await runMode(
      { mode: 'scorecard', 'results-dir': empty, 'report-dir': reports, gate: 'true' },
      {},
      reports,
    );
    expect(none.envelope).toMatchObject({
      error: { code: 'DATA_STALE', message: expect.stringContaining('there are none') },
    });
  });
});

describe('baseline cache entries as results', () => {
  it('finds each history in the Actions cache once, by its key prefix', async () => {
    const github = new FakeGitHub({ validateResponses: true });
    const nix = cachePrefix({
      runnerLabel: 'tinyland-nix',
      workload: 'nix-build',
      fingerprint: 'a1b2c3d4e5f6',
    });
    const docker = cachePrefix({
      runnerLabel: 'tinyland-docker',
      workload: 'unit',
      fingerprint: '0123456789ab',
    });
    github.addRepo({
      owner: 'tinyland',
      name: 'app',
      caches: [
        { key: `${nix}9001-1-41`, createdAt: '2026-03-01T10:00:00Z' },
        { key: `${nix}9002-1-r9-2-lmx`, createdAt: '2026-03-02T10:00:00Z' },
        { key: `${docker}9003-2-77` },
        { key: 'node-modules-abc' },
      ],
    });
    await github.start();
    try {
      const client = createGitHubClient({ token: 't', baseUrl: github.apiUrl, retries: 0 });
      expect(await historyPrefixes(client, 'tinyland/app')).toEqual([docker, nix].sort());
      expect(github.requests('GET', '/repos/tinyland/app/actions/caches')[0]!.query.get('key')).toBe(
        'flywheel-benchmark-v1-',
      );
      expect(github.validationErrors).toEqual([]);
    } finally {
      await github.stop();
    }
  });
});
