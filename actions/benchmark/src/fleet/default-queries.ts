/* No imports: inputs.ts reads these defaults at every start. */

/** The PromQL behind each KPI read from Prometheus; every one can be replaced by an input. */
export interface KpiQueries {
  /** Node CPU busy %, averaged over the cluster's nodes (node_exporter). */
  cpu: string;
  /** % of listeners running (the controller's gauge: 1 running, 0 stopped). */
  uptime: string;
  /** Jobs assigned and not running, per scale set (ARC listener gauges). */
  queueDepth: string;
  /** p95 of ARC's startup histogram (assignment → a runner takes the job), per hour. */
  startup: string;
  /** p50 of the same for non-Nix and for Nix listeners (`pod` as Kubernetes service discovery names it). */
  coldStart: string;
  coldStartNix: string;
}

export const DEFAULT_QUERIES: KpiQueries = {
  cpu: '100 * (1 - avg(rate(node_cpu_seconds_total{mode="idle"}[5m])))',
  uptime: '100 * avg(gha_controller_running_listeners)',
  queueDepth: 'sum by (namespace, name) (gha_assigned_jobs - gha_running_jobs)',
  startup: 'histogram_quantile(0.95, sum by (le) (rate(gha_job_startup_duration_seconds_bucket[1h])))',
  coldStart:
    'histogram_quantile(0.5, sum by (le) (rate(gha_job_startup_duration_seconds_bucket{pod!~".*nix.*"}[1h])))',
  coldStartNix:
    'histogram_quantile(0.5, sum by (le) (rate(gha_job_startup_duration_seconds_bucket{pod=~".*nix.*"}[1h])))',
};
