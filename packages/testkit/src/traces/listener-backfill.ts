import { ARC_RUNTIME_BUCKETS } from '../arc/metrics/listener-metrics';
import type { TraceJob } from './generator';

/** One listener process of a scale set: its scrape target and runner-set name while it ran. */
export interface ListenerRun {
  scaleSet: string;
  /** The EphemeralRunnerSet it labels its gauges with (`<scale set>-xxxxx`). */
  ersName: string;
  /** The scrape target's `instance` (pod IP:port): a new one for each listener pod. */
  instance: string;
  from: number;
  to: number;
  maxRunners: number;
}

export interface BackfillOptions {
  /** The scrape job's name (`job` label). */
  job?: string;
  /** Scrape interval of the counters and gauges (default 60 s). */
  everyMs?: number;
  /**
   * Store the two histograms only at the last scrape of each such period (default 1 h) rather than
   * at every scrape, to keep the file small: a reader of hourly increases sees at each hour mark the
   * same sample either way (the latest within Prometheus' 5-minute lookback).
   */
  histogramsEveryMs?: number;
  /** Where in the interval the scrape lands (default 7 s past it). */
  offsetMs?: number;
}

interface Observed {
  at: number;
  labels: string;
  value: number;
}

/**
 * What Prometheus would have stored from ARC's listeners (the metric names, label sets and buckets
 * of `listener-metrics.ts`) while `jobs` ran, as OpenMetrics text for `promtool tsdb
 * create-blocks-from openmetrics`: the started-jobs counter, `gha_max_runners` and the two
 * histograms, which is what arc-apply reads (the other families are left out to keep it small). A
 * job counts on the listener run in force when a runner took it (counter, startup histogram) and when
 * it finished (execution histogram); each run's counters begin at zero and a series appears with its
 * first job, as a Go client's do. Every job is named `build`: the repositories alone give a set
 * several series, which the reader has to add up.
 */
export function listenerBackfill(
  jobs: readonly TraceJob[],
  runs: readonly ListenerRun[],
  options: BackfillOptions = {},
): string {
  const job = options.job ?? 'arc-listeners';
  const every = options.everyMs ?? 60_000;
  const histEvery = options.histogramsEveryMs ?? 3_600_000;
  const offset = options.offsetMs ?? 7_000;
  const families = { started: [] as string[], gauge: [] as string[] };
  const startup: string[] = [];
  const execution: string[] = [];
  for (const run of runs) {
    const target = `job="${job}",instance="${run.instance}"`;
    const jobLabels = (j: TraceJob) => {
      const [owner = '', repo = ''] = j.repository.split('/');
      return `${target},enterprise="",organization="${owner}",repository="${repo}",job_name="build",event_name="push"`;
    };
    const mine = jobs.filter((j) => j.scaleSet === run.scaleSet);
    const within = (at: number) => at >= run.from && at < run.to;
    const starts: Observed[] = mine
      .filter((j) => within(j.startedAt))
      .map((j) => ({
        at: j.startedAt,
        labels: jobLabels(j),
        value: Math.floor(j.startedAt / 1000) - Math.floor(j.createdAt / 1000),
      }));
    const ends: Observed[] = mine
      .filter((j) => within(j.completedAt))
      .map((j) => ({
        at: j.completedAt,
        labels: `${jobLabels(j)},job_result="Succeeded"`,
        value: Math.floor(j.completedAt / 1000) - Math.floor(j.startedAt / 1000),
      }));
    const scrapes: number[] = [];
    for (let t = Math.ceil((run.from - offset) / every) * every + offset; t < run.to; t += every)
      if (t >= run.from) scrapes.push(t);
    const lastOfPeriod = scrapes.filter(
      (t, i) => i === scrapes.length - 1 || Math.floor(t / histEvery) !== Math.floor((t + every) / histEvery),
    );
    counterLines(families.started, 'gha_started_jobs_total', starts, scrapes);
    for (const t of scrapes)
      families.gauge.push(
        `gha_max_runners{${target},enterprise="",name="${run.ersName}",namespace="arc-runners",organization="tinyland",repository=""} ${run.maxRunners} ${t / 1000}`,
      );
    histogramLines(startup, 'gha_job_startup_duration_seconds', starts, lastOfPeriod);
    histogramLines(execution, 'gha_job_execution_duration_seconds', ends, lastOfPeriod);
  }
  return [
    '# TYPE gha_started_jobs counter',
    ...families.started,
    '# TYPE gha_max_runners gauge',
    ...families.gauge,
    '# TYPE gha_job_startup_duration_seconds histogram',
    ...startup,
    '# TYPE gha_job_execution_duration_seconds histogram',
    ...execution,
    '# EOF',
    '',
  ].join('\n');
}

/** Each label set's running count at every scrape from its first event on, appended to `lines`. */
function counterLines(
  lines: string[],
  metric: string,
  events: readonly Observed[],
  scrapes: readonly number[],
) {
  for (const [labels, ats] of groupBy(events)) {
    let n = 0;
    for (const t of scrapes) {
      while (n < ats.length && ats[n]!.at <= t) n++;
      if (n > 0) lines.push(`${metric}{${labels}} ${n} ${t / 1000}`);
    }
  }
}

/** Each label set's cumulative buckets, count and sum at every scrape from its first observation on. */
function histogramLines(
  lines: string[],
  metric: string,
  events: readonly Observed[],
  scrapes: readonly number[],
) {
  for (const [labels, observed] of groupBy(events)) {
    const rows: { t: number; buckets: number[]; count: number; sum: number }[] = [];
    const buckets = new Array<number>(ARC_RUNTIME_BUCKETS.length).fill(0);
    let n = 0;
    let sum = 0;
    for (const t of scrapes) {
      while (n < observed.length && observed[n]!.at <= t) {
        const v = observed[n]!.value;
        for (const [i, le] of ARC_RUNTIME_BUCKETS.entries()) if (v <= le) buckets[i]!++;
        sum += v;
        n++;
      }
      if (n > 0) rows.push({ t, buckets: [...buckets], count: n, sum });
    }
    // One series after the other, each in time order, as promtool appends them.
    for (const [i, le] of ARC_RUNTIME_BUCKETS.entries())
      for (const r of rows)
        lines.push(`${metric}_bucket{${labels},le="${le}"} ${r.buckets[i]} ${r.t / 1000}`);
    for (const r of rows) lines.push(`${metric}_bucket{${labels},le="+Inf"} ${r.count} ${r.t / 1000}`);
    for (const r of rows) lines.push(`${metric}_count{${labels}} ${r.count} ${r.t / 1000}`);
    for (const r of rows) lines.push(`${metric}_sum{${labels}} ${r.sum} ${r.t / 1000}`);
  }
}

function groupBy(events: readonly Observed[]): Map<string, Observed[]> {
  const by = new Map<string, Observed[]>();
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    const list = by.get(e.labels) ?? [];
    list.push(e);
    by.set(e.labels, list);
  }
  return by;
}
