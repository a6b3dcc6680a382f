import { mean, quantile } from '@gloriousflywheel/shared/stats';
import { applyHistory, type DriftObservation, sustainedDrift } from '../fleet/apply-results';
import { failedRatePct } from '../fleet/failed-rate';
import { isPeak, type KpiTargets, type KpiVerdict, pipelineTiers, verdict } from '../kpi';
import type { ScoredResults } from './read-results';

/** How a window's observations become its one value. */
type Aggregate = 'p95' | 'p50' | 'mean' | 'last';

interface KpiDef {
  id: string;
  kpi: string;
  unit: string;
  check: { lt?: number; gt?: number; between?: [number, number] };
  aggregate: Aggregate;
  /** For a band target, which way is better inside the band (uptime: higher). */
  better?: 'higher' | 'lower';
  /** Where its figures come from, for the README table and the summary. */
  source: string;
}

/** One figure a result contributes to a KPI at a moment (a queue wait, a rate of one fleet pass …). */
interface Observation {
  kpi: string;
  at: number;
  values: number[];
}

export interface PlatformKpi extends KpiVerdict {
  id: string;
  source: string;
  /** Oldest window first; `null` where the window has no data (missing, never 0). */
  trend: { end: string; value: number | null; n: number }[];
  direction: 'better' | 'worse' | 'steady' | 'unknown';
}

export interface PlatformScore {
  windowMs: number;
  windows: number;
  kpis: PlatformKpi[];
  totals: { pass: number; fail: number; missing: number };
}

/** The platform's KPI table (platform.md), each with its target from the targets file. */
export function platformKpiDefs(t: KpiTargets): KpiDef[] {
  return [
    {
      id: 'uptime',
      kpi: 'runner fleet uptime',
      unit: '%',
      check: { between: [t.uptimePct, 100] },
      aggregate: 'mean',
      better: 'higher',
      source: 'fleet: Prometheus, listeners running',
    },
    {
      id: 'queue_peak',
      kpi: 'job queue time p95, peak',
      unit: 's',
      check: { lt: t.queuePeakSeconds },
      aggregate: 'p95',
      source: 'run: own job; fleet: the forge, finished jobs',
    },
    {
      id: 'queue_off_peak',
      kpi: 'job queue time p95, off-peak',
      unit: 's',
      check: { lt: t.queueOffPeakSeconds },
      aggregate: 'p95',
      source: 'run: own job; fleet: the forge, finished jobs',
    },
    {
      id: 'failed_job_rate',
      kpi: 'failed job rate (cancelled left out)',
      unit: '%',
      check: { lt: t.failureRatePct },
      aggregate: 'mean',
      source: "fleet: the forge, the fleet's jobs on platform labels",
    },
    {
      id: 'drift_sustained',
      kpi: 'configuration drift items, sustained',
      unit: 'items',
      check: { lt: 1 },
      aggregate: 'last',
      source: 'arc-apply drift results',
    },
    {
      id: 'nix_cache_hit_rate',
      kpi: 'Nix cache hit rate',
      unit: '%',
      check: { gt: t.nixHitRatePct },
      aggregate: 'mean',
      source: 'run: attic-setup hit rate',
    },
    {
      id: 'bazel_cache_hit_rate',
      kpi: 'Bazel cache hit rate',
      unit: '%',
      check: { gt: t.bazelHitRatePct },
      aggregate: 'mean',
      source: 'run: attic-setup / Bazel log',
    },
    {
      id: 'cold_start',
      kpi: 'cold start p50, non-Nix',
      unit: 's',
      check: { lt: t.coldStartSeconds },
      aggregate: 'p50',
      source: 'run: cold runs; fleet: ARC startup histogram',
    },
    {
      id: 'cold_start_nix',
      kpi: 'start p50, Nix with warm pool',
      unit: 's',
      check: { lt: t.coldStartNixSeconds },
      aggregate: 'p50',
      source: 'run: Nix lanes; fleet: ARC startup histogram',
    },
    {
      id: 'cpu',
      kpi: 'CPU utilisation (nodes)',
      unit: '%',
      check: { between: [t.cpuMinPct, t.cpuMaxPct] },
      aggregate: 'mean',
      source: 'fleet: Prometheus, node_exporter',
    },
    ...pipelineTiers(t).map((tier) => ({
      id: `pipeline_${tier.name}`,
      kpi: `CI pipeline duration p50, ${tier.name}`,
      unit: 'min',
      check: { lt: tier.minutes },
      aggregate: 'p50' as const,
      source: 'fleet: the forge, finished runs per tier',
    })),
    {
      id: 'lead_time',
      kpi: 'config change lead time (median, business hours)',
      unit: 'h',
      check: { lt: t.leadTimeHours },
      aggregate: 'p50',
      source: 'fleet: the forge merges + arc-apply results',
    },
  ];
}

const num = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

function driftObservations(reports: DriftObservation[], t: KpiTargets): Observation[] {
  return reports.map((r, i) => ({
    kpi: 'drift_sustained',
    at: Date.parse(r.at),
    values: [sustainedDrift(reports.slice(0, i + 1), t.driftSustainMinutes).length],
  }));
}

/** Every figure every result gives, tagged with its KPI and moment. */
export function observations(r: ScoredResults, t: KpiTargets): Observation[] {
  const out: Observation[] = [];
  const add = (kpi: string, at: number, values: (number | null | undefined)[]) => {
    const v = values.filter(num);
    if (v.length) out.push({ kpi, at, values: v });
  };
  for (const b of r.benchmarks) {
    const at = Date.parse(b.createdAt);
    const queuedAt = new Date(b.timing?.createdAt ?? b.createdAt);
    add(isPeak(queuedAt, t) ? 'queue_peak' : 'queue_off_peak', at, [b.timing?.queueSeconds]);
    add('nix_cache_hit_rate', at, [b.cache.nixHitRate]);
    add('bazel_cache_hit_rate', at, [b.cache.bazelHitRate]);
    if (b.nix) add('cold_start_nix', at, [b.start.startSeconds]);
    else if (b.start.kind === 'cold') add('cold_start', at, [b.start.startSeconds]);
  }
  for (const f of r.fleets) {
    const at = Date.parse(f.takenAt);
    const k = f.kpis;
    add('uptime', at, [k.uptimePct]);
    add('cpu', at, [k.cpuPct]);
    if (k.failedJobs) add('failed_job_rate', at, [failedRatePct(k.failedJobs)]);
    if (k.queueWaits) {
      add('queue_peak', at, k.queueWaits.peak);
      add('queue_off_peak', at, k.queueWaits.offPeak);
    }
    add('cold_start', at, k.coldStartSeconds ?? []);
    add('cold_start_nix', at, k.coldStartNixSeconds ?? []);
    for (const p of k.pipelines ?? []) add(`pipeline_${p.tier}`, at, p.minutes);
  }
  // A change appears in every fleet pass whose window holds it: count it once, as last read.
  const changes = new Map<string, { at: number; hours: number | null }>();
  for (const f of [...r.fleets].sort((a, b) => a.takenAt.localeCompare(b.takenAt))) {
    for (const l of f.kpis.leadTimes ?? [])
      changes.set(`${l.change}:${l.sha}`, { at: Date.parse(l.provedAt ?? l.mergedAt), hours: l.hours });
  }
  for (const c of changes.values()) add('lead_time', c.at, [c.hours]);
  out.push(...driftObservations(applyHistory(r.applies).drift, t));
  return out;
}

function aggregate(kind: Aggregate, obs: Observation[]): { value: number | null; n: number } {
  if (!obs.length) return { value: null, n: 0 };
  if (kind === 'last') {
    const last = obs.reduce((a, b) => (b.at >= a.at ? b : a));
    return { value: last.values.at(-1)!, n: obs.length };
  }
  const all = obs.flatMap((o) => o.values);
  const value = kind === 'mean' ? mean(all) : quantile(all, kind === 'p95' ? 0.95 : 0.5);
  return { value, n: all.length };
}

function directionOf(def: KpiDef, trend: PlatformKpi['trend']): PlatformKpi['direction'] {
  const known = trend.filter((w) => w.value !== null);
  if (known.length < 2) return 'unknown';
  const [prev, last] = [known.at(-2)!.value!, known.at(-1)!.value!];
  if (Math.abs(last - prev) <= Math.max(1e-9, Math.abs(prev) * 0.001)) return 'steady';
  if (def.better) return last > prev === (def.better === 'higher') ? 'better' : 'worse';
  if (def.check.between) {
    const [lo, hi] = def.check.between;
    const distance = (v: number) => (v < lo ? lo - v : v > hi ? v - hi : 0);
    return distance(last) < distance(prev) ? 'better' : distance(last) > distance(prev) ? 'worse' : 'steady';
  }
  const lowerIsBetter = def.check.lt !== undefined;
  return last < prev === lowerIsBetter ? 'better' : 'worse';
}

/**
 * Each platform KPI over the last `windows` windows of `windowMs` ending at `now`: the newest
 * window's value is judged against the target (no data is `missing`, never `pass`), the older ones
 * make the trend.
 */
export function scorePlatform(
  r: ScoredResults,
  t: KpiTargets,
  windowMs: number,
  windows: number,
  now: Date,
): PlatformScore {
  const obs = observations(r, t);
  const ends = Array.from({ length: windows }, (_, i) => now.getTime() - (windows - 1 - i) * windowMs);
  const kpis = platformKpiDefs(t).map((def): PlatformKpi => {
    const mine = obs.filter((o) => o.kpi === def.id);
    const trend = ends.map((end) => {
      const inWindow = mine.filter((o) => o.at > end - windowMs && o.at <= end);
      return { end: new Date(end).toISOString(), ...aggregate(def.aggregate, inWindow) };
    });
    const newest = trend.at(-1)!;
    return {
      ...verdict(def.kpi, newest.value, newest.n, def.unit, def.check),
      id: def.id,
      source: def.source,
      trend,
      direction: directionOf(def, trend),
    };
  });
  const totals = { pass: 0, fail: 0, missing: 0 };
  for (const k of kpis) totals[k.status] += 1;
  return { windowMs, windows, kpis, totals };
}
