import type { SummaryBuilder } from '@gloriousflywheel/shared';
import { formatDuration } from '@gloriousflywheel/shared';
import { quantile, type RegressionResult } from '@gloriousflywheel/shared/stats';
import { failedRatePct } from './fleet/failed-rate';
import type { FleetRecord } from './fleet/fleet-record';
import type { ForgeFleet } from './fleet/forge-fleet';
import type { KpiVerdict } from './kpi';
import type { BenchmarkRecord } from './record';
import type { ResourceSample } from './sampler';
import type { Scorecard } from './scorecard';
import type { PlatformScore } from './scorecard/platform';
import type { ScoredResults } from './scorecard/read-results';

const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(1)} ms`;
const num = (v: number | null | undefined, digits = 1, unit = '') =>
  v === null || v === undefined ? '—' : `${v.toFixed(digits)}${unit}`;
const mib = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v / 1048576).toFixed(0)} MiB`;
const STATUS = { pass: '✅ pass', fail: '❌ fail', missing: '⚪ missing' } as const;

/** Mermaid charts past ~50k characters do not render; 60 points a series keeps them small. */
export const MAX_CHART_POINTS = 60;

/** Averages samples into at most `max` buckets so a long workload still charts readably. */
export function downsample(samples: ResourceSample[], max = MAX_CHART_POINTS): ResourceSample[][] {
  if (samples.length <= max) return samples.map((s) => [s]);
  const size = Math.ceil(samples.length / max);
  const out: ResourceSample[][] = [];
  for (let i = 0; i < samples.length; i += size) out.push(samples.slice(i, i + size));
  return out;
}

function avg(values: (number | null)[]): number {
  const v = values.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
}

export function renderResourceCharts(summary: SummaryBuilder, record: BenchmarkRecord): void {
  const samples = record.resources.samples;
  if (samples.length < 2) return;
  const buckets = downsample(samples);
  const xLabels = buckets.map((b) => `${Math.round(b[0]!.t / 1000)}s`);
  const cpuSeries = [
    { name: 'user %', values: buckets.map((b) => avg(b.map((s) => s.cpuUserPct))) },
    { name: 'system %', values: buckets.map((b) => avg(b.map((s) => s.cpuSystemPct))) },
    { name: 'steal %', values: buckets.map((b) => avg(b.map((s) => s.cpuStealPct))) },
  ];
  if (record.resources.source === 'cgroup') {
    cpuSeries.push({
      name: 'cgroup % of a core',
      values: buckets.map((b) => avg(b.map((s) => s.cgroupCpuPct))),
    });
  }
  summary.xyChart({ title: 'CPU', xLabels, yLabel: '%', series: cpuSeries });
  const memory = buckets.map(
    (b) =>
      Math.max(
        ...b.map((s) =>
          record.resources.source === 'cgroup' ? (s.cgroupMemoryBytes ?? 0) : (s.memUsedBytes ?? 0),
        ),
      ) / 1048576,
  );
  summary.xyChart({
    title: record.resources.source === 'cgroup' ? 'Memory (cgroup)' : 'Memory (host)',
    xLabels,
    yLabel: 'MiB',
    series: [{ name: 'memory MiB', values: memory }],
  });
}

export function renderTimeline(summary: SummaryBuilder, record: BenchmarkRecord): void {
  const tasks: { name: string; start: Date; end: Date }[] = [];
  const t = record.timing;
  if (t?.startedAt) tasks.push({ name: 'queue', start: new Date(t.createdAt), end: new Date(t.startedAt) });
  if (t?.startedAt && t.setupSeconds !== null) {
    const s = new Date(t.startedAt);
    tasks.push({ name: 'set up job', start: s, end: new Date(s.getTime() + t.setupSeconds * 1000) });
  }
  const runs = record.runs;
  if (runs.length) {
    const first = new Date(runs[0]!.startedAt);
    const last = runs.at(-1)!;
    const warm = runs.filter((r) => r.warmup);
    if (warm.length) {
      const w = warm.at(-1)!;
      tasks.push({ name: 'warmup', start: first, end: new Date(Date.parse(w.startedAt) + w.wallMs) });
    }
    const measured = runs.filter((r) => !r.warmup);
    if (measured.length) {
      tasks.push({
        name: `workload ×${measured.length}`,
        start: new Date(measured[0]!.startedAt),
        end: new Date(Date.parse(last.startedAt) + last.wallMs),
      });
    }
  }
  if (tasks.length)
    summary.gantt({ title: 'queue → start → workload', sections: [{ name: record.workload, tasks }] });
}

export function renderRunSummary(
  summary: SummaryBuilder,
  record: BenchmarkRecord,
  regression: RegressionResult | null,
): void {
  const s = record.stats;
  summary.heading(`Benchmark: ${record.workload} on ${record.runnerLabel}`);
  summary.table(
    [
      'runs',
      'min',
      'median',
      'mean',
      'stddev',
      'MAD',
      'user CPU (median)',
      'system CPU (median)',
      'peak RSS',
      'outliers',
      'exit',
    ],
    [
      [
        s.wallMs.n,
        ms(s.wallMs.min),
        ms(s.wallMs.median),
        ms(s.wallMs.mean),
        ms(s.wallMs.stddev),
        ms(s.wallMs.mad),
        ms(s.userMs?.median),
        ms(s.systemMs?.median),
        mib(s.peakRssBytes),
        s.outliers.length ? s.outliers.map((i) => `#${i + 1}`).join(', ') : 'none',
        record.exitCode,
      ],
    ],
  );
  const start = record.start;
  summary.table(
    ['queue', 'set up job', 'runner', 'container age', 'start'],
    [
      [
        record.timing?.queueSeconds === null || record.timing === null
          ? '—'
          : `${record.timing.queueSeconds} s ±${record.timing.precisionSeconds}`,
        record.timing?.setupSeconds === null || record.timing === null
          ? '—'
          : `${record.timing.setupSeconds} s`,
        start.kind,
        num(start.containerAgeSeconds, 0, ' s'),
        start.reason,
      ],
    ],
    'start table',
  );
  if (record.cache.nixHitRate !== null || record.cache.bazelHitRate !== null) {
    summary.table(
      ['Nix cache hit rate', 'Bazel cache hit rate'],
      [[num(record.cache.nixHitRate, 1, ' %'), num(record.cache.bazelHitRate, 1, ' %')]],
      'cache table',
    );
  }
  if (regression) {
    summary.paragraph(`**Against the baseline: ${regression.verdict}** — ${regression.reason}.`);
  }
  renderTimeline(summary, record);
  renderResourceCharts(summary, record);
  const measured = record.runs.filter((r) => !r.warmup);
  summary.details(
    `All ${record.runs.length} runs`,
    [
      '| # | warmup | wall | user | system | peak RSS | exit |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...record.runs.map(
        (r) =>
          `| ${r.index + 1} | ${r.warmup ? 'yes' : ''} | ${ms(r.wallMs)} | ${ms(r.userMs)} | ${ms(r.systemMs)} | ${mib(r.peakRssBytes)} | ${r.exitCode} |`,
      ),
    ].join('\n') + (measured.length ? '' : '\n\nNo measured runs.'),
  );
}

export function kpiRows(kpis: KpiVerdict[]): string[][] {
  return kpis.map((k) => [
    k.kpi,
    k.target,
    k.actual === null ? 'no data' : `${k.actual.toFixed(1)} ${k.unit}`,
    String(k.n),
    STATUS[k.status],
  ]);
}

const ARROW = { better: '↗ better', worse: '↘ worse', steady: '→ steady', unknown: '—' } as const;

/** Platform KPIs: value, target, trend and verdict, then a chart per KPI that has data. */
export function renderPlatformScore(summary: SummaryBuilder, platform: PlatformScore): void {
  const day = (iso: string) => iso.slice(5, 10);
  summary.heading('Platform KPIs');
  summary.paragraph(
    `${platform.totals.pass} pass, ${platform.totals.fail} fail, ${platform.totals.missing} missing — the newest ${formatDuration(platform.windowMs)} window is judged; missing data is missing, never a pass.`,
  );
  summary.table(
    [
      'KPI',
      'target',
      'value',
      'n',
      'trend',
      ...platform.kpis[0]!.trend.map((w) => `to ${day(w.end)}`),
      'status',
      'from',
    ],
    platform.kpis.map((k) => [
      k.kpi,
      k.target,
      k.actual === null ? 'no data' : `${k.actual.toFixed(1)} ${k.unit}`,
      String(k.n),
      ARROW[k.direction],
      ...k.trend.map((w) => (w.value === null ? '—' : w.value.toFixed(1))),
      STATUS[k.status],
      k.source,
    ]),
    'platform KPI table',
  );
  for (const k of platform.kpis) {
    const known = k.trend.filter((w) => w.value !== null);
    if (known.length === 0) continue;
    const target = k.target.match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
    summary.xyChart({
      title: `${k.kpi} (${k.unit}) per window, with the target`,
      xLabels: known.map((w) => day(w.end)),
      yLabel: k.unit,
      series: [
        { name: k.kpi, values: known.map((w) => w.value!) },
        ...target.slice(0, 2).map((v) => ({ name: 'target', values: known.map(() => v) })),
      ],
    });
  }
}

export function renderScorecardSummary(
  summary: SummaryBuilder,
  card: Scorecard,
  platform?: PlatformScore,
  results?: ScoredResults,
): void {
  summary.heading(`Benchmark scorecard (${card.results} benchmark results)`);
  if (results) {
    summary.paragraph(
      `Read ${results.benchmarks.length} benchmark results, ${results.fleets.length} fleet records and ${results.applies.length} arc-apply results${results.skipped ? `; ${results.skipped} other JSON files skipped` : ''}${results.duplicates ? `; ${results.duplicates} duplicates counted once` : ''}.`,
    );
  }
  if (platform) renderPlatformScore(summary, platform);
  summary.heading('Per runner label × workload', 3);
  summary.paragraph(
    `KPIs: ${card.totals.pass} pass, ${card.totals.fail} fail, ${card.totals.missing} missing (missing data never counts as a pass).`,
  );
  summary.table(
    [
      'runner label',
      'workload',
      'n',
      'duration p50',
      'duration p95',
      'queue p50',
      'queue p95',
      'cold / warm',
      'cold start p50',
      'warm start p50',
      'Nix hit',
      'Bazel hit',
      'failed runs',
      'job CPU',
    ],
    card.groups.map((g) => [
      g.runnerLabel,
      g.workload,
      g.n,
      ms(g.durationMedianMs),
      ms(g.durationP95Ms),
      num(g.queueP50Seconds, 0, ' s'),
      num(g.queueP95Seconds, 0, ' s'),
      `${g.cold} / ${g.warm}`,
      num(g.coldStartMedianSeconds, 0, ' s'),
      num(g.warmStartMedianSeconds, 0, ' s'),
      num(g.nixHitRatePct, 1, ' %'),
      num(g.bazelHitRatePct, 1, ' %'),
      num(g.failureRatePct, 1, ' %'),
      num(g.cpuAvgPct, 0, ' %'),
    ]),
  );
  summary.table(
    ['runner label', 'workload', 'KPI', 'target', 'actual', 'n', 'status'],
    card.groups.flatMap((g) => kpiRows(g.kpis).map((row) => [g.runnerLabel, g.workload, ...row])),
    'KPI table',
  );
}

export function renderFleetSummary(
  summary: SummaryBuilder,
  record: FleetRecord,
  forge: ForgeFleet | undefined,
): void {
  summary.heading(`Runner fleet: ${record.scope}`);
  if (forge) {
    summary.paragraph(
      `${forge.runners} runners (${forge.offline} offline); the jobs of ${forge.repositories.length} repositories read in ${record.requests.forge ?? 'an uncounted number of'} API requests, at ${record.takenAt}.`,
    );
    if (forge.groups.length) {
      summary.table(
        ['runner group', 'repositories it serves'],
        forge.groups.map((g) => [g.name, g.serves]),
        'runner groups',
      );
    }
  }
  summary.table(
    ['pool', 'scale set', 'source', 'active', 'idle', 'queue depth'],
    record.gauges.map((g) => [g.pool, g.scaleSet || '—', g.source, g.active, g.idle, g.queueDepth]),
  );
  const k = record.kpis;
  const rate = k.failedJobs ? failedRatePct(k.failedJobs) : null;
  summary.table(
    ['KPI', 'value', 'from'],
    [
      ['runner fleet uptime', num(k.uptimePct, 2, ' %'), 'Prometheus'],
      ['CPU utilisation (nodes)', num(k.cpuPct, 1, ' %'), 'Prometheus'],
      [
        'failed job rate',
        k.failedJobs
          ? `${num(rate, 2, ' %')} (${k.failedJobs.failed} of ${k.failedJobs.failed + k.failedJobs.succeeded}; ${k.failedJobs.cancelled} cancelled left out)`
          : '—',
        'forge',
      ],
      ...(k.pipelines ?? []).map((p) => [
        `pipeline duration p50, ${p.tier}`,
        p.minutes.length ? `${num(quantile(p.minutes, 0.5), 1, ' min')} (${p.minutes.length} runs)` : '—',
        'forge',
      ]),
      [
        'config change lead time (median)',
        k.leadTimes?.some((l) => l.hours !== null)
          ? `${num(
              quantile(
                k.leadTimes.flatMap((l) => (l.hours === null ? [] : [l.hours])),
                0.5,
              ),
              2,
              ' h',
            )} (${k.leadTimes.length} changes)`
          : '—',
        'forge + arc-apply',
      ],
    ],
    'fleet KPIs',
  );
  if (record.notes.length) summary.paragraph(record.notes.map((n) => `- ${n}`).join('\n'));
}
