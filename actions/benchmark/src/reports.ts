import { writeFileSync } from 'node:fs';
import { redact } from '@gloriousflywheel/shared';
import { type JUnitCase, writeJUnit } from '@gloriousflywheel/shared/report';
import type { KpiVerdict } from './kpi';
import { type PushOptions, pushToGateway } from './pushgateway-push';
import type { BenchmarkRecord } from './record';
import type { Scorecard } from './scorecard';
import type { PlatformScore } from './scorecard/platform';

/** One JUnit test case per KPI: GitLab shows pass/fail in the merge request; missing is skipped. */
export function kpiCases(classname: string, kpis: KpiVerdict[]): JUnitCase[] {
  return kpis.map((k) => {
    const actual = k.actual === null ? 'no data' : `${k.actual.toFixed(2)} ${k.unit}`;
    return {
      name: k.kpi,
      classname,
      outcome: k.status === 'pass' ? 'passed' : k.status === 'fail' ? 'failed' : 'skipped',
      message:
        k.status === 'missing'
          ? `no data for ${k.kpi}: missing, not passed`
          : `${actual} (target ${k.target})`,
      ...(k.status === 'fail'
        ? { details: `${k.kpi} is ${actual} from ${k.n} values; the target is ${k.target}` }
        : {}),
    };
  });
}

export function writeScorecardJUnit(path: string, card: Scorecard, platform?: PlatformScore): string {
  return writeJUnit(
    path,
    [
      ...(platform
        ? [
            {
              name: 'platform KPIs',
              cases: kpiCases('platform', platform.kpis),
              timestamp: new Date(card.generatedAt),
            },
          ]
        : []),
      ...card.groups.map((g) => ({
        name: `${g.runnerLabel} × ${g.workload}`,
        cases: kpiCases(`${g.runnerLabel}.${g.workload}`, g.kpis),
        timestamp: new Date(card.generatedAt),
      })),
    ],
    'benchmark KPIs',
  );
}

const metricName = (s: string) =>
  s
    .replace(/[^a-zA-Z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
const labelValue = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ');

/** GitLab's metrics report: `name{labels} value` lines, compared between the branch and the target. */
export function metricsReport(
  lines: { name: string; labels: Record<string, string>; value: number | null }[],
): string {
  return `${lines
    .filter((l) => l.value !== null && Number.isFinite(l.value))
    .map((l) => {
      const labels = Object.entries(l.labels)
        .map(([k, v]) => `${k}="${labelValue(v)}"`)
        .join(',');
      return `${metricName(l.name)}${labels ? `{${labels}}` : ''} ${Number(l.value!.toFixed(3))}`;
    })
    .join('\n')}\n`;
}

export function runMetrics(record: BenchmarkRecord): string {
  const labels = { runner_label: record.runnerLabel, workload: record.workload };
  return metricsReport([
    { name: 'benchmark_duration_median_ms', labels, value: record.stats.wallMs.median },
    { name: 'benchmark_duration_mad_ms', labels, value: record.stats.wallMs.mad },
    { name: 'benchmark_queue_seconds', labels, value: record.timing?.queueSeconds ?? null },
    { name: 'benchmark_start_seconds', labels, value: record.start.startSeconds },
    { name: 'benchmark_peak_rss_bytes', labels, value: record.stats.peakRssBytes },
    { name: 'benchmark_cpu_avg_pct', labels, value: record.resources.cpuAvgPct },
    { name: 'benchmark_nix_hit_rate_pct', labels, value: record.cache.nixHitRate },
    { name: 'benchmark_bazel_hit_rate_pct', labels, value: record.cache.bazelHitRate },
  ]);
}

export function scorecardMetrics(card: Scorecard, platform?: PlatformScore): string {
  return metricsReport([
    ...(platform?.kpis ?? []).map((k) => ({ name: `platform_kpi_${k.id}`, labels: {}, value: k.actual })),
    ...card.groups.flatMap((g) =>
      g.kpis.map((k) => ({
        name: `kpi_${k.kpi}`,
        labels: { runner_label: g.runnerLabel, workload: g.workload },
        value: k.actual,
      })),
    ),
  ]);
}

/** The KPI values the scorecard pushes; the cache hit rate alerts watch them. */
export const KPI_VALUE_METRIC = 'gloriousflywheel_kpi_value';

/**
 * The newest window's platform KPI values as `gloriousflywheel_kpi_value{kpi}` (what the cache hit
 * rate alerts watch), pushed under the instance `scorecard` so the fleet's gauges are left alone.
 */
export async function pushKpiValues(
  platform: PlatformScore,
  gatewayUrl: string,
  jobName: string,
  options: PushOptions = {},
): Promise<void> {
  const { Gauge, Registry } = await import('prom-client');
  const registry = new Registry();
  const gauge = new Gauge({
    name: KPI_VALUE_METRIC,
    help: 'Platform KPI values of the newest scorecard window',
    labelNames: ['kpi'],
    registers: [registry],
  });
  for (const k of platform.kpis) if (k.actual !== null) gauge.set({ kpi: k.id }, k.actual);
  await pushToGateway(
    { contentType: registry.contentType, text: await registry.metrics() },
    gatewayUrl,
    jobName,
    'pushing the KPI values',
    { ...options, groupings: { instance: 'scorecard' } },
  );
}

/** Writes a report kept as an artifact, with every known secret and credential-shaped value redacted. */
export function writeText(path: string, text: string): string {
  writeFileSync(path, redact(text), { mode: 0o644 });
  return path;
}
