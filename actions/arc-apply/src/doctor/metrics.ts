import type { PrometheusClient } from '@gloriousflywheel/shared/prometheus';
import type { MetricsRead } from './view';

/**
 * The listeners' gauges (arc-facts §6; labels `name`/`namespace` are the scale set's): the sets
 * whose assigned-jobs count stayed above running + idle runners for the whole window while idle
 * runners were waiting. A live count drops as soon as a runner takes a job, so only a stale one
 * stays above for minutes. Subquery resolution 30 s, within the listener's ~50 s long poll.
 */
export function staleAssignedQuery(windowMs: number): string {
  const w = `${Math.max(1, Math.round(windowMs / 1000))}s`;
  return (
    `min_over_time((gha_assigned_jobs - gha_running_jobs - gha_idle_runners)[${w}:30s]) > 0 ` +
    `and on (name, namespace) min_over_time(gha_idle_runners[${w}]) > 0`
  );
}

/** One query for the whole fleet; without a Prometheus the check says how to enable it. */
export async function readStaleAssigned(
  prom: PrometheusClient | undefined,
  windowMs: number,
  at: Date,
): Promise<MetricsRead> {
  if (!prom)
    return {
      unavailable:
        'no prometheus-url: set it to a Prometheus that scrapes the listeners (chart listenerMetrics / --listener-metrics-addr) to check stale assigned-jobs counts',
    };
  const series = await prom.instant(staleAssignedQuery(windowMs), at);
  return {
    windowMs,
    stale: series.map((s) => ({
      scaleSet: s.labels['name'] ?? '?',
      namespace: s.labels['namespace'] ?? '?',
      excess: s.points.at(-1)?.[1] ?? 0,
    })),
  };
}
