import { mean, quantile } from '@gloriousflywheel/shared/stats';
import { isPeak, type KpiTargets, type KpiVerdict, verdict } from './kpi';
import type { BenchmarkRecord } from './record';

/** One runner label × workload, with every KPI that applies to it. */
export interface ScorecardGroup {
  runnerLabel: string;
  workload: string;
  nix: boolean;
  n: number;
  durationMedianMs: number | null;
  durationP95Ms: number | null;
  queueP50Seconds: number | null;
  queueP95Seconds: number | null;
  cold: number;
  warm: number;
  coldStartMedianSeconds: number | null;
  warmStartMedianSeconds: number | null;
  nixHitRatePct: number | null;
  bazelHitRatePct: number | null;
  failureRatePct: number;
  cpuAvgPct: number | null;
  kpis: KpiVerdict[];
}

export interface Scorecard {
  generatedAt: string;
  results: number;
  groups: ScorecardGroup[];
  totals: { pass: number; fail: number; missing: number };
}

const orNull = (values: number[], f: (v: number[]) => number) => (values.length ? f(values) : null);
const present = (values: (number | null | undefined)[]) =>
  values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));

function scoreGroup(records: BenchmarkRecord[], t: KpiTargets): ScorecardGroup {
  const first = records[0]!;
  const durations = present(records.map((r) => r.stats.wallMs.median));
  const queues = records.map((r) => ({
    at: new Date(r.timing?.createdAt ?? r.createdAt),
    q: r.timing?.queueSeconds,
  }));
  const allQueue = present(queues.map((x) => x.q));
  const peakQueue = present(queues.filter((x) => isPeak(x.at, t)).map((x) => x.q));
  const offPeakQueue = present(queues.filter((x) => !isPeak(x.at, t)).map((x) => x.q));
  const coldStarts = present(records.filter((r) => r.start.kind === 'cold').map((r) => r.start.startSeconds));
  const warmStarts = present(records.filter((r) => r.start.kind === 'warm').map((r) => r.start.startSeconds));
  const allStarts = present(records.map((r) => r.start.startSeconds));
  const nixRates = present(records.map((r) => r.cache.nixHitRate));
  const bazelRates = present(records.map((r) => r.cache.bazelHitRate));
  const cpu = present(records.map((r) => r.resources.cpuAvgPct));
  const failureRatePct = (100 * records.filter((r) => r.failed).length) / records.length;
  const p95 = (v: number[]) => quantile(v, 0.95);
  const p50 = (v: number[]) => quantile(v, 0.5);
  const kpis: KpiVerdict[] = [
    verdict('queue time p95, peak', orNull(peakQueue, p95), peakQueue.length, 's', {
      lt: t.queuePeakSeconds,
    }),
    verdict('queue time p95, off-peak', orNull(offPeakQueue, p95), offPeakQueue.length, 's', {
      lt: t.queueOffPeakSeconds,
    }),
    // Nix lanes are promised a start time with the warm pool, so all their starts count; other
    // lanes scale from zero, so their promise is about cold starts.
    first.nix
      ? verdict('start time p50 (Nix, warm pool)', orNull(allStarts, p50), allStarts.length, 's', {
          lt: t.coldStartNixSeconds,
        })
      : verdict('cold start p50', orNull(coldStarts, p50), coldStarts.length, 's', {
          lt: t.coldStartSeconds,
        }),
    // Not here: the failed-job rate (the fleet's jobs, not benchmark runs), CPU utilisation (the
    // cluster's nodes, not this job's cgroup) and pipeline durations (forge runs per tier): they are
    // platform KPIs, scored from the fleet records (scorecard/platform.ts). Their job-level figures
    // stay in the table as columns.
  ];
  if (first.nix || nixRates.length) {
    kpis.push(
      verdict('Nix cache hit rate', orNull(nixRates, mean), nixRates.length, '%', { gt: t.nixHitRatePct }),
    );
  }
  if (bazelRates.length || /bazel/.test(first.workload)) {
    kpis.push(
      verdict('Bazel cache hit rate', orNull(bazelRates, mean), bazelRates.length, '%', {
        gt: t.bazelHitRatePct,
      }),
    );
  }
  return {
    runnerLabel: first.runnerLabel,
    workload: first.workload,
    nix: first.nix,
    n: records.length,
    durationMedianMs: orNull(durations, p50),
    durationP95Ms: orNull(durations, p95),
    queueP50Seconds: orNull(allQueue, p50),
    queueP95Seconds: orNull(allQueue, p95),
    cold: records.filter((r) => r.start.kind === 'cold').length,
    warm: records.filter((r) => r.start.kind === 'warm').length,
    coldStartMedianSeconds: orNull(coldStarts, p50),
    warmStartMedianSeconds: orNull(warmStarts, p50),
    nixHitRatePct: orNull(nixRates, mean),
    bazelHitRatePct: orNull(bazelRates, mean),
    failureRatePct,
    cpuAvgPct: orNull(cpu, mean),
    kpis,
  };
}

/** Groups results by runner label × workload and scores each group against the KPI targets. */
export function buildScorecard(records: BenchmarkRecord[], targets: KpiTargets, now = new Date()): Scorecard {
  const groups = new Map<string, BenchmarkRecord[]>();
  for (const r of records) {
    const key = `${r.runnerLabel}\u0000${r.workload}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const scored = [...groups.values()]
    .map((g) => scoreGroup(g, targets))
    .sort((a, b) => a.runnerLabel.localeCompare(b.runnerLabel) || a.workload.localeCompare(b.workload));
  const totals = { pass: 0, fail: 0, missing: 0 };
  for (const g of scored) for (const k of g.kpis) totals[k.status] += 1;
  return { generatedAt: now.toISOString(), results: records.length, groups: scored, totals };
}
