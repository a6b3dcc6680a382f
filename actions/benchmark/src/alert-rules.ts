import { stringify } from 'yaml';
import { DEFAULT_QUERIES } from './fleet/default-queries';
import type { KpiTargets } from './kpi';
import { KPI_VALUE_METRIC } from './reports';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
}

const minutes = (m: number) => `${m}m`;
/** The SLO's error budget as a ratio: 99.5 % uptime leaves 0.005. */
const budget = (t: KpiTargets) => Math.round((1 - t.uptimePct / 100) * 1e6) / 1e6;
const burn = (factor: number, err: number) => Number((factor * err).toFixed(6));

/**
 * The alerts the platform's KPIs imply, from the same targets the scorecard judges by:
 * - queue depth above `queueDepthMax` for `queueDepthForMinutes` — the runner specification's alert,
 *   on the pushed `queue_depth` gauge and on ARC's own gauges (assigned − running);
 * - failed-job rate above `failureRatePct` over the last hour (ARC's completed-jobs counter,
 *   cancelled and skipped jobs left out);
 * - cold start p50 above `coldStartSeconds` (non-Nix listeners) and `coldStartNixSeconds` (Nix);
 * - Nix and Bazel cache hit rates under their targets (the scorecard's pushed KPI values);
 * - a listener down (the controller's `gha_controller_running_listeners` at 0);
 * - the uptime SLO's error budget burning too fast, with the multiwindow burn rates of Google's SRE
 *   workbook (14.4× over 1 h and 5 m, 6× over 6 h and 30 m).
 */
export function alertRuleGroups(t: KpiTargets): RuleGroup[] {
  const hold = minutes(t.alertForMinutes);
  const err = budget(t);
  const ratio = 'gloriousflywheel:listener_up:ratio';
  return [
    {
      name: 'gloriousflywheel-recording',
      rules: [{ record: ratio, expr: 'avg(gha_controller_running_listeners)' }],
    },
    {
      name: 'gloriousflywheel-platform',
      rules: [
        {
          alert: 'RunnerQueueDepthHigh',
          expr: `max by (pool, scale_set) (queue_depth) > ${t.queueDepthMax}`,
          for: minutes(t.queueDepthForMinutes),
          labels: { severity: 'warning', kpi: 'queue_depth' },
          annotations: {
            summary: `{{ $labels.pool }}: {{ $value }} jobs waiting for a runner (over ${t.queueDepthMax} for ${t.queueDepthForMinutes} min)`,
            description:
              'Add capacity or look for a stuck scale set; a count that never drains while runners idle may be a stale assigned count (ARC #4397).',
          },
        },
        {
          alert: 'ArcQueueDepthHigh',
          expr: `sum by (namespace, name) (gha_assigned_jobs - gha_running_jobs) > ${t.queueDepthMax}`,
          for: minutes(t.queueDepthForMinutes),
          labels: { severity: 'warning', kpi: 'queue_depth' },
          annotations: {
            summary: `{{ $labels.namespace }}/{{ $labels.name }}: {{ $value }} jobs assigned and not running`,
          },
        },
        {
          alert: 'FleetFailedJobRateHigh',
          expr: `100 * sum(increase(gha_completed_jobs_total{job_result=~"(?i)failed"}[1h])) / sum(increase(gha_completed_jobs_total{job_result!~"(?i)cancell?ed|skipped"}[1h])) > ${t.failureRatePct}`,
          for: hold,
          labels: { severity: 'warning', kpi: 'failed_job_rate' },
          annotations: {
            summary: `{{ $value | printf "%.1f" }} % of the fleet's jobs failed in the last hour (target < ${t.failureRatePct} %)`,
          },
        },
        {
          alert: 'RunnerColdStartSlow',
          expr: `${DEFAULT_QUERIES.coldStart} > ${t.coldStartSeconds}`,
          for: hold,
          labels: { severity: 'warning', kpi: 'cold_start' },
          annotations: {
            summary: `non-Nix runners take {{ $value }} s to start a job (target < ${t.coldStartSeconds} s)`,
          },
        },
        {
          alert: 'RunnerColdStartNixSlow',
          expr: `${DEFAULT_QUERIES.coldStartNix} > ${t.coldStartNixSeconds}`,
          for: hold,
          labels: { severity: 'warning', kpi: 'cold_start_nix' },
          annotations: {
            summary: `Nix runners take {{ $value }} s to start a job (target < ${t.coldStartNixSeconds} s)`,
          },
        },
        {
          alert: 'NixCacheHitRateLow',
          expr: `${KPI_VALUE_METRIC}{kpi="nix_cache_hit_rate"} < ${t.nixHitRatePct}`,
          for: hold,
          labels: { severity: 'info', kpi: 'nix_cache_hit_rate' },
          annotations: { summary: `Nix cache hit rate {{ $value }} % (target > ${t.nixHitRatePct} %)` },
        },
        {
          alert: 'BazelCacheHitRateLow',
          expr: `${KPI_VALUE_METRIC}{kpi="bazel_cache_hit_rate"} < ${t.bazelHitRatePct}`,
          for: hold,
          labels: { severity: 'info', kpi: 'bazel_cache_hit_rate' },
          annotations: { summary: `Bazel cache hit rate {{ $value }} % (target > ${t.bazelHitRatePct} %)` },
        },
        {
          alert: 'ArcListenerDown',
          expr: 'max by (namespace, name) (gha_controller_running_listeners) == 0',
          for: '5m',
          labels: { severity: 'critical', kpi: 'uptime' },
          annotations: {
            summary: '{{ $labels.namespace }}/{{ $labels.name }} is not running: its scale set takes no jobs',
          },
        },
        {
          alert: 'FleetUptimeBudgetBurnFast',
          expr: `(1 - avg_over_time(${ratio}[1h])) > ${burn(14.4, err)} and (1 - avg_over_time(${ratio}[5m])) > ${burn(14.4, err)}`,
          for: '2m',
          labels: { severity: 'critical', kpi: 'uptime' },
          annotations: {
            summary: `listeners down fast enough to spend the ${t.uptimePct} % uptime budget of 30 days in about 2 days`,
          },
        },
        {
          alert: 'FleetUptimeBudgetBurnSlow',
          expr: `(1 - avg_over_time(${ratio}[6h])) > ${burn(6, err)} and (1 - avg_over_time(${ratio}[30m])) > ${burn(6, err)}`,
          for: '15m',
          labels: { severity: 'warning', kpi: 'uptime' },
          annotations: {
            summary: `the ${t.uptimePct} % uptime budget of 30 days would be spent in about 5 days`,
          },
        },
      ],
    },
  ];
}

/** A Prometheus rules file (`rule_files:` / `promtool check rules`). */
export function rulesFileYaml(t: KpiTargets): string {
  return `# Generated from the KPI targets by the benchmark action (mode alert-rules); do not edit.\n${stringify(
    { groups: alertRuleGroups(t) },
    { lineWidth: 0 },
  )}`;
}

/** The same groups as a prometheus-operator PrometheusRule. */
export function prometheusRuleYaml(t: KpiTargets, namespace = 'arc-systems'): string {
  return `# Generated from the KPI targets by the benchmark action (mode alert-rules); do not edit.\n${stringify(
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: 'gloriousflywheel-platform',
        namespace,
        labels: { 'app.kubernetes.io/part-of': 'gloriousflywheel' },
      },
      spec: { groups: alertRuleGroups(t) },
    },
    { lineWidth: 0 },
  )}`;
}
