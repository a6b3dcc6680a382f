import { DAY_MS, dayKind, HOUR_MS, platformWarmPool } from './calendar';
import { burstWeight, meanBurstSize, type TraceShape } from './profile';
import { exponential, gammaMeanOne, normal, poisson, type Random, seeded, uniform } from './random';
import { recordWaits } from './recorded-waits';

export interface TraceScaleSet {
  name: string;
  /** The workflow-facing labels its jobs ask for (default: the name). */
  labels?: string[];
  /** Expected jobs in an ordinary week (no release day, no holiday). */
  jobsPerWeek: number;
}

export interface TraceOptions {
  seed: number;
  /** The first instant of the trace (UTC). */
  start: Date;
  days: number;
  scaleSets: TraceScaleSet[];
  /** `bursty` (default): the shape described in README.md; `poisson`: a constant-rate Poisson stream. */
  shape?: TraceShape;
  /** `YYYY-MM-DD` dates with a release: three times the bursts, bigger ones, 08:00–20:00. */
  releaseDays?: string[];
  /** `YYYY-MM-DD` dates shaped like a weekend. */
  holidays?: string[];
  /** Cold start of a runner in the recorded history (default 90–120 s, uniform). */
  coldStartMs?: readonly [number, number];
  /** A warm runner picking a job up (default 5–7 s, uniform: inside the platform's 5–10 s, around the replay's 6 s). */
  pickupMs?: readonly [number, number];
  /** The warm pool in force while the history was recorded (default the platform's 13:00–01:00 × 1). */
  recordedUnder?: (scaleSet: string, at: number) => number;
}

/** One generated job: its demand (created, duration) and what the history recorded for it. */
export interface TraceJob {
  id: string;
  scaleSet: string;
  labels: string[];
  repository: string;
  /** The workflow run (burst) it belongs to. */
  runId: number;
  createdAt: number;
  durationMs: number;
  /** When a runner picked it up in the recorded history (see recorded-waits.ts). */
  startedAt: number;
  completedAt: number;
  /** Whether its runner was started for it in the recorded history. */
  coldStart: boolean;
}

/** Job durations: log-normal, median 4 min, σ 1.0 (p99 ≈ 40 min), cut to 15 s … 4 h. */
function duration(r: Random): number {
  return Math.min(4 * HOUR_MS, Math.max(15_000, 240_000 * Math.exp(normal(r))));
}

/**
 * A job trace for replay and planning, reproducible from its seed. Bursts (workflow runs) arrive as
 * a Poisson process whose hourly rate follows the shape's weights, times a day factor and an hour
 * factor (both gamma, mean 1) so that no two weeks are alike; each burst holds 1 + geometric jobs
 * queued within 20 s. Different seeds give different weeks of the same shape.
 */
export function generateTrace(options: TraceOptions): TraceJob[] {
  const shape = options.shape ?? 'bursty';
  const holidays = new Set(options.holidays ?? []);
  const releases = new Set(options.releaseDays ?? []);
  const start = options.start.getTime();
  const jobs: TraceJob[] = [];
  let runId = 1;
  for (const [setIndex, set] of options.scaleSets.entries()) {
    const r = seeded(options.seed * 1009 + setIndex * 7919 + 17);
    // Normalise so that an ordinary Monday-started week holds `jobsPerWeek` jobs on average.
    let weekWeight = 0;
    for (let h = 0; h < 168; h++) {
      const kind = Math.floor(h / 24) >= 5 ? 'weekend' : 'weekday';
      weekWeight += burstWeight(shape, kind, h % 24) * meanBurstSize(shape, kind, h % 24);
    }
    const burstsPerWeight = set.jobsPerWeek / weekWeight;
    const labels = set.labels ?? [set.name];
    let n = 0;
    for (let day = 0; day < options.days; day++) {
      const dayStart = start + day * DAY_MS;
      const kind = dayKind(dayStart, holidays, releases);
      const dayFactor = shape === 'poisson' ? 1 : gammaMeanOne(r, 8);
      for (let hour = 0; hour < 24; hour++) {
        const hourStart = dayStart + hour * HOUR_MS;
        const at = new Date(hourStart).getUTCHours();
        const hourFactor = shape === 'poisson' ? 1 : gammaMeanOne(r, 3);
        const mean = burstsPerWeight * burstWeight(shape, kind, at) * dayFactor * hourFactor;
        const bursts = poisson(r, mean);
        for (let b = 0; b < bursts; b++) {
          const t0 = hourStart + r() * HOUR_MS;
          const extra = meanBurstSize(shape, kind, at) - 1;
          const size = 1 + (extra > 0 ? Math.floor(exponential(r, extra + 0.5)) : 0);
          const repository = `tinyland/app-${1 + Math.floor(r() * 6)}`;
          for (let j = 0; j < size; j++) {
            const createdAt = Math.round(j === 0 ? t0 : t0 + uniform(r, 0, 20_000));
            jobs.push({
              id: `${set.name}-${++n}`,
              scaleSet: set.name,
              labels,
              repository,
              runId,
              createdAt,
              durationMs: Math.round(duration(r)),
              startedAt: createdAt,
              completedAt: createdAt,
              coldStart: false,
            });
          }
          runId++;
        }
      }
    }
  }
  jobs.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  recordWaits(jobs, {
    r: seeded(options.seed * 31 + 5),
    coldStartMs: options.coldStartMs ?? [90_000, 120_000],
    pickupMs: options.pickupMs ?? [5_000, 7_000],
    warmAt: options.recordedUnder ?? ((_set, at) => platformWarmPool(at)),
  });
  return jobs;
}
