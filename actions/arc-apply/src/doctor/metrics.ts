import type { PrometheusClient } from '@gloriousflywheel/shared/prometheus';
import type { MetricsRead } from './view';

/**
 * The listeners' gauges (arc-facts §6): the sets whose assigned-jobs count stayed above running +
 * idle runners for the whole window while idle runners were waiting. A live count drops as soon as
 * a runner takes a job, so only a stale one stays above for minutes. Subquery resolution 30 s,
 * within the listener's ~50 s long poll; a shorter window gets at least ten evaluations, since with
 * 30 s a window under 30 s holds one evaluation or none (a moment over would pass for the whole
 * window, or a stale set be missed, depending on where the 30 s grid falls).
 */
export function staleAssignedQuery(windowMs: number): string {
  const windowS = Math.max(1, Math.round(windowMs / 1000));
  const stepS = Math.min(30, Math.max(1, Math.floor(windowS / 10)));
  return (
    `min_over_time((gha_assigned_jobs - gha_running_jobs - gha_idle_runners)[${windowS}s:${stepS}s]) > 0 ` +
    `and on (name, namespace) min_over_time(gha_idle_runners[${windowS}s]) > 0`
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
      // ARC's listener names its runner set here, not its scale set (see scaleSetOfRunnerSet).
      runnerSet: s.labels['name'] ?? '?',
      namespace: s.labels['namespace'] ?? '?',
      excess: s.points.at(-1)?.[1] ?? 0,
    })),
  };
}
