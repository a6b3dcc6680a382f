import type { PrometheusClient, PromSeries } from '@gloriousflywheel/shared/prometheus';
import { isPeak, type KpiTargets } from '../kpi';
import type { KpiQueries } from './default-queries';

export { DEFAULT_QUERIES, type KpiQueries } from './default-queries';

export interface PrometheusKpis {
  /** Mean over the window. */
  cpuPct: number | null;
  uptimePct: number | null;
  /** Per scale set: the highest queue depth in the window, and the series (for the chart). */
  queueDepth: { scaleSet: string; max: number; points: [number, number][] }[];
  /** Hourly p95 startup seconds, by whether the hour is peak. */
  startup: { peak: number[]; offPeak: number[] };
  coldStartSeconds: number[];
  coldStartNixSeconds: number[];
}

const values = (series: PromSeries[]) =>
  series.flatMap((s) => s.points.map(([, v]) => v)).filter((v) => Number.isFinite(v));
const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);

/** A step that keeps a window to about 200 points, never under a minute. */
export function stepFor(windowMs: number): number {
  return Math.max(60, Math.ceil(windowMs / 1000 / 200));
}

/** Each KPI over [start, end] as range queries (one request each). */
export async function readPrometheusKpis(
  prom: PrometheusClient,
  q: KpiQueries,
  window: { start: Date; end: Date },
  targets: KpiTargets,
): Promise<PrometheusKpis> {
  const step = stepFor(window.end.getTime() - window.start.getTime());
  const range = (query: string, s = step) => prom.range(query, window.start, window.end, s);
  const hourly = Math.max(step, 3600);
  const startup = await range(q.startup, hourly);
  const split = { peak: [] as number[], offPeak: [] as number[] };
  for (const s of startup)
    for (const [t, v] of s.points)
      if (Number.isFinite(v)) (isPeak(new Date(t * 1000), targets) ? split.peak : split.offPeak).push(v);
  return {
    cpuPct: mean(values(await range(q.cpu))),
    uptimePct: mean(values(await range(q.uptime))),
    queueDepth: (await range(q.queueDepth)).map((s) => ({
      scaleSet: `${s.labels['namespace'] ?? ''}/${s.labels['name'] ?? ''}`,
      max: Math.max(0, ...s.points.map(([, v]) => v)),
      points: s.points,
    })),
    startup: split,
    coldStartSeconds: values(await range(q.coldStart, hourly)),
    coldStartNixSeconds: values(await range(q.coldStartNix, hourly)),
  };
}
