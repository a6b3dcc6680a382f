import { FlywheelError, safeUrl, scaleSetOfRunnerSet } from '@gloriousflywheel/shared';
import type { PrometheusClient, PromSeries } from '@gloriousflywheel/shared/prometheus';
import { type Random, seededRandom } from '@gloriousflywheel/shared/stats';
import type { History, HistoryJob, HistorySource } from './history';
import {
  bucketBounds,
  counterIncreases,
  drawBucket,
  perBucket,
  upperBound,
  valueInBucket,
} from './metric-increases';

/*
 * Job history from ARC's listener metrics (arc-facts.md §6; cmd/ghalistener/metrics/metrics.go at
 * gha-runner-scale-set-0.14.2): `gha_started_jobs_total` counts jobs as runners take them, and at
 * that moment `gha_job_startup_duration_seconds` observes runnerAssignTime − scaleSetAssignTime (what
 * the job waited on the platform); `gha_job_execution_duration_seconds` observes finishTime −
 * runnerAssignTime when it completes. ARC keeps no per-job record and no queue-time metric beyond
 * these (actions/actions-runner-controller#3423, #4431), so the jobs are rebuilt: each minute's starts
 * from the counter, each hour's waits drawn without replacement from that hour's startup histogram
 * (the same jobs, so the hour's share of cold starts is kept exactly), durations from the execution
 * histogram, created = started − wait. Which run a job belonged to is lost: bursts are regrouped
 * by creation time, as for any history without run ids.
 *
 * By default only the gauges name their scale set (`name`: the EphemeralRunnerSet, whose name is
 * `<scale set>-xxxxx`); the job metrics are tied to it through the scrape target (job, instance)
 * that serves both.
 */
export const LISTENER_QUERIES = {
  started: 'sum by (job, instance) (gha_started_jobs_total)',
  listeners: 'group by (job, instance, name) (gha_max_runners)',
  startup: 'sum by (job, instance, le) (gha_job_startup_duration_seconds_bucket)',
  execution: 'sum by (job, instance, le) (gha_job_execution_duration_seconds_bucket)',
} as const;

const MINUTE_S = 60;
const HOUR_S = 3_600;
/** Prometheus answers at most 11,000 points per series; a week of minutes is 10,080. */
const MAX_STEPS = 10_080;
/** Waits below this are warm pickups, above it cold starts (the split demand.ts makes). */
const WARM_WAIT_S = 30;
/** Metrics that begin this long after the window's start cut the history short (retention). */
const LATE_START_S = 86_400;

/** Reads the listeners' metrics for `sets` over `window` and rebuilds their jobs (seeded). */
export async function readPrometheusHistory(
  client: PrometheusClient,
  url: string,
  sets: readonly { name: string }[],
  window: { since: Date; until: Date },
  seed = 1,
): Promise<History> {
  const names = sets.map((s) => s.name);
  const fromS = Math.floor(window.since.getTime() / 1000 / HOUR_S) * HOUR_S;
  const toS = Math.ceil(window.until.getTime() / 1000 / MINUTE_S) * MINUTE_S;
  const [listeners, started, startup, execution] = await Promise.all([
    rangeChunks(client, LISTENER_QUERIES.listeners, fromS, toS, MINUTE_S),
    rangeChunks(client, LISTENER_QUERIES.started, fromS, toS, MINUTE_S),
    rangeChunks(client, LISTENER_QUERIES.startup, fromS, Math.ceil(toS / HOUR_S) * HOUR_S, HOUR_S),
    rangeChunks(client, LISTENER_QUERIES.execution, fromS, Math.ceil(toS / HOUR_S) * HOUR_S, HOUR_S),
  ]);
  if (started.length === 0) {
    throw new FlywheelError(
      'INPUT_INVALID',
      `Prometheus at ${safeUrl(url)} has no gha_started_jobs_total series`,
      {
        hint: "turn on the listeners' metrics (the controller chart's metrics.listenerAddr) and scrape them, or give history-file",
      },
    );
  }
  const owner = listenerOwners(listeners, names);
  const baselineMinute = fromS - MINUTE_S;
  const baselineHour = fromS - HOUR_S;

  const startsBySet = new Map<string, Map<number, number>>();
  let unowned = 0;
  let firstS = Number.POSITIVE_INFINITY;
  for (const s of started) {
    firstS = Math.min(firstS, s.points[0]?.[0] ?? firstS);
    for (const [t, n] of counterIncreases(s, baselineMinute)) {
      const set = owner(targetOf(s.labels), t);
      if (!set) {
        unowned += n;
        continue;
      }
      const minutes = startsBySet.get(set) ?? new Map<number, number>();
      minutes.set(t, (minutes.get(t) ?? 0) + n);
      startsBySet.set(set, minutes);
    }
  }
  const waits = histogramsBySet(startup, owner, baselineHour);
  const durations = histogramsBySet(execution, owner, baselineHour);

  const jobs: HistoryJob[] = [];
  const sources: HistorySource[] = [];
  const late = firstS - Math.max(fromS, baselineMinute) > LATE_START_S;
  for (const [index, set] of names.entries()) {
    const random = seededRandom(seed * 7_919 + index);
    const rebuilt = rebuildJobs(set, startsBySet.get(set), waits, durations, random);
    jobs.push(...rebuilt);
    const notes = ['per-job times rebuilt from the listener counters and histograms (minute resolution)'];
    if (late) notes.push(`metrics begin ${new Date(firstS * 1000).toISOString()}`);
    if (unowned > 0 && index === 0)
      notes.push(`${unowned} job(s) on listeners without a gha_max_runners series skipped`);
    sources.push({
      kind: 'prometheus',
      where: `${safeUrl(url)} (${set})`,
      jobs: rebuilt.length,
      complete: !late,
      note: notes.join('; '),
    });
  }
  return { jobs, sources };
}

/**
 * A range query split into runs of at most MAX_STEPS points, each beginning one step early so that
 * the first point is the baseline the counters are read from; the runs' series joined by labels.
 */
async function rangeChunks(
  client: PrometheusClient,
  query: string,
  fromS: number,
  toS: number,
  stepS: number,
): Promise<PromSeries[]> {
  const byLabels = new Map<string, PromSeries>();
  for (let a = fromS; a < toS; a += MAX_STEPS * stepS) {
    const b = Math.min(a + MAX_STEPS * stepS, toS);
    const answer = await client.range(query, new Date((a - stepS) * 1000), new Date(b * 1000), stepS);
    for (const s of answer) {
      const key = JSON.stringify(Object.entries(s.labels).sort(([x], [y]) => x.localeCompare(y)));
      const joined = byLabels.get(key);
      if (!joined) {
        byLabels.set(key, { labels: s.labels, points: [...s.points] });
        continue;
      }
      const lastT = joined.points.at(-1)?.[0] ?? Number.NEGATIVE_INFINITY;
      joined.points.push(...s.points.filter(([t]) => t > lastT));
    }
  }
  return [...byLabels.values()];
}

function targetOf(labels: Record<string, string>): string {
  return `${labels['job'] ?? ''}\u0000${labels['instance'] ?? ''}`;
}

/** Which set in scope a scrape target served at a time: its gauges' runner-set name then, else most often. */
function listenerOwners(
  series: readonly PromSeries[],
  names: readonly string[],
): (target: string, t: number) => string | undefined {
  const byTarget = new Map<string, { at: Map<number, string>; usual?: string; most: number }>();
  for (const s of series) {
    const set = scaleSetOfRunnerSet(s.labels['name'] ?? '', names);
    if (!names.includes(set)) continue;
    const target = targetOf(s.labels);
    const entry = byTarget.get(target) ?? { at: new Map<number, string>(), most: 0 };
    for (const [t] of s.points) entry.at.set(t, set);
    if (s.points.length > entry.most) Object.assign(entry, { usual: set, most: s.points.length });
    byTarget.set(target, entry);
  }
  return (target, t) => {
    const entry = byTarget.get(target);
    return entry?.at.get(t) ?? entry?.usual;
  };
}

interface SetHistograms {
  bounds: number[];
  /** Per set: observations per bucket in each step (keyed by the step's end, in s), and in all. */
  bySet: Map<string, { steps: Map<number, Float64Array>; all: Float64Array }>;
}

function histogramsBySet(
  series: readonly PromSeries[],
  owner: (target: string, t: number) => string | undefined,
  baselineS: number,
): SetHistograms {
  const bounds = bucketBounds(series);
  const cumulative = new Map<string, Map<number, Float64Array>>();
  for (const s of series) {
    const i = bounds.indexOf(upperBound(s.labels['le']));
    if (i < 0) continue;
    for (const [t, n] of counterIncreases(s, baselineS)) {
      const set = owner(targetOf(s.labels), t);
      if (!set) continue;
      const steps = cumulative.get(set) ?? new Map<number, Float64Array>();
      const row = steps.get(t) ?? new Float64Array(bounds.length);
      row[i]! += n;
      steps.set(t, row);
      cumulative.set(set, steps);
    }
  }
  const bySet: SetHistograms['bySet'] = new Map();
  for (const [set, steps] of cumulative) {
    const all = new Float64Array(bounds.length);
    const counts = new Map<number, Float64Array>();
    for (const [t, row] of steps) {
      const c = perBucket(row);
      counts.set(t, c);
      for (let i = 0; i < c.length; i++) all[i]! += c[i]!;
    }
    bySet.set(set, { steps: counts, all });
  }
  return { bounds, bySet };
}

/** A set's jobs from its starts per minute, its waits per hour and its durations. */
function rebuildJobs(
  set: string,
  starts: Map<number, number> | undefined,
  waits: SetHistograms,
  durations: SetHistograms,
  random: Random,
): HistoryJob[] {
  if (!starts) return [];
  const minutes = [...starts].sort(([a], [b]) => a - b);
  const setWaits = waits.bySet.get(set);
  const setDurations = durations.bySet.get(set);
  const follows = followerTest(minutes, setWaits ? coldMedianS(waits.bounds, setWaits.all) : undefined);
  const byHour = new Map<number, { startedAt: number; follower: boolean }[]>();
  for (const [t, n] of minutes) {
    const hourEnd = Math.ceil(t / HOUR_S) * HOUR_S;
    const hour = byHour.get(hourEnd) ?? [];
    for (let k = 0; k < n; k++)
      hour.push({ startedAt: Math.round((t - MINUTE_S * random()) * 1000), follower: follows(t) });
    byHour.set(hourEnd, hour);
  }
  const jobs: HistoryJob[] = [];
  for (const [hourEnd, hour] of byHour) {
    // The hour's own observations (the same jobs, give or take a scrape), topped up from the window's.
    const pool = bucketPool(setWaits?.steps.get(hourEnd));
    while (setWaits && pool.length < hour.length) pool.push(drawBucket(setWaits.all, random) ?? 0);
    const waitsS = shuffled(pool, random)
      .slice(0, hour.length)
      .map((b) => valueInBucket(waits.bounds, b, random));
    // Warm waits to the jobs that start a burst, cold ones to the jobs that follow a start by about
    // a cold start (ARC refills a taken warm runner with a cold one, arc-facts.md §5).
    const warm = waitsS.filter((w) => w < WARM_WAIT_S);
    const cold = waitsS.filter((w) => w >= WARM_WAIT_S);
    const order = shuffled([...hour], random).sort((a, b) => Number(a.follower) - Number(b.follower));
    for (const [k, { startedAt }] of order.entries()) {
      const waitS = k < warm.length ? warm[k]! : (cold[k - warm.length] ?? 0);
      const job: HistoryJob = { scaleSet: set, createdAt: startedAt - Math.round(waitS * 1000), startedAt };
      const durationBucket = setDurations ? drawBucket(setDurations.all, random) : undefined;
      if (durationBucket !== undefined)
        job.completedAt =
          startedAt + Math.round(valueInBucket(durations.bounds, durationBucket, random) * 1000);
      jobs.push(job);
    }
  }
  return intoBursts(
    jobs.sort((a, b) => a.createdAt - b.createdAt),
    set,
  );
}

/** The median of a histogram's cold waits (≥ WARM_WAIT_S), in s; undefined when it has none. */
function coldMedianS(bounds: readonly number[], counts: Float64Array): number | undefined {
  let total = 0;
  for (let i = 0; i < counts.length; i++) if (bounds[i]! > WARM_WAIT_S) total += counts[i]!;
  let below = total / 2;
  for (let i = 0; i < counts.length; i++) {
    if (bounds[i]! <= WARM_WAIT_S) continue;
    below -= counts[i]!;
    if (below <= 0) return Number.isFinite(bounds[i]!) ? bounds[i]! : bounds[i - 1]!;
  }
  return undefined;
}

/**
 * Whether a start in minute `t` follows another start of the set by about the cold start: the
 * second job of a burst that found one warm runner.
 */
function followerTest(
  minutes: readonly [number, number][],
  coldS: number | undefined,
): (t: number) => boolean {
  if (coldS === undefined) return () => false;
  const started = new Set(minutes.map(([t]) => t));
  const first = Math.max(1, Math.floor((coldS - MINUTE_S) / MINUTE_S));
  const last = Math.ceil((coldS + MINUTE_S) / MINUTE_S);
  return (t) => {
    for (let d = first; d <= last; d++) if (started.has(t - d * MINUTE_S)) return true;
    return false;
  };
}

/**
 * Run ids by creation time: jobs created within a minute of the previous one form one burst. The
 * rebuilt times are only as sharp as the counters' minute steps, so the 30 s that joins exact
 * creation times into a burst (demand.ts) would split a burst whose jobs landed in two minutes.
 */
function intoBursts(jobs: HistoryJob[], set: string): HistoryJob[] {
  let run = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const job of jobs) {
    if (job.createdAt - last > MINUTE_S * 1000) run++;
    last = job.createdAt;
    job.runId = `${set}#${run}`;
  }
  return jobs;
}

/** One bucket index per observation. */
function bucketPool(counts: Float64Array | undefined): number[] {
  const pool: number[] = [];
  if (counts) for (let i = 0; i < counts.length; i++) for (let n = 0; n < counts[i]!; n++) pool.push(i);
  return pool;
}

/** Fisher–Yates. */
function shuffled<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
