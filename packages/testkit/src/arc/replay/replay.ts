import { resourceByKind } from '../../kube/index';
import { startSimulatedCluster } from '../cluster';
import type { SimTimings } from '../context';
import { RunnerMeter, type RunnerUsage } from './runner-meter';

/** A job to replay: when it was queued (epoch ms) and how long it runs once started. */
export interface ReplayJob {
  id: string;
  scaleSet: string;
  createdAt: number;
  durationMs: number;
}

/** A scale set and its warm-pool schedule as a step function: `initial`, then each change in order. */
export interface ReplayScaleSet {
  name: string;
  maxRunners: number;
  initialMinRunners: number;
  changes: { at: number; minRunners: number }[];
}

export interface ReplayOptions {
  /** The measured window [from, to) in trace time (epoch ms); jobs created outside it are not replayed. */
  from: number;
  to: number;
  /** Runner cold start, drawn uniformly per pod (default 90–120 s, the platform's Nix figure). */
  coldStartMs?: readonly [number, number];
  seed?: number;
  /** Overrides of REPLAY_TIMINGS. */
  timings?: Partial<SimTimings>;
  /** Simulated time to run before `from` so the warm pool in force then is up (default 15 min). */
  warmupMs?: number;
  /** After `to`, how long to keep running for jobs still waiting (default 6 h). */
  drainMs?: number;
}

export interface ReplayedJob {
  id: string;
  scaleSet: string;
  createdAt: number;
  /** Trace time the job started on a runner; null if it never did. */
  startedAt: number | null;
  waitMs: number | null;
}

export interface ReplayResult {
  jobs: ReplayedJob[];
  sets: ({ name: string; jobs: number; minRunnersChanges: number } & RunnerUsage)[];
  /** Wall-clock milliseconds the replay took, and simulated milliseconds it covered. */
  wallMs: number;
  simulatedMs: number;
  /** Store writes the controllers made (a measure of the simulator's work). */
  storeWrites: number;
}

/**
 * Timings for replays: the simulator's defaults except where the platform says otherwise. A warm
 * runner picks a job up in 5–10 s (platform.md): the listener handles a message after 6 s. A
 * listener pod takes 10 s to come up after its ARS changed (our assumption; no figure is published).
 */
export const REPLAY_TIMINGS: Partial<SimTimings> = {
  messageDelayMs: 6_000,
  listenerStartMs: 10_000,
  listenerPollMs: 50_000,
};

const HOUR = 3_600_000;

/**
 * Replays a job trace through the ARC simulator on its simulated clock, one simulated cluster per
 * scale set (sets do not interact in ARC; one cluster each keeps every reconcile pass small), and
 * measures what each job waited and what the runners cost. The schedule is applied as the
 * warm-pool mode applies it: a merge patch of the ARS `minRunners` at each change.
 */
export async function replayTrace(
  jobs: readonly ReplayJob[],
  sets: readonly ReplayScaleSet[],
  options: ReplayOptions,
): Promise<ReplayResult> {
  const started = performance.now();
  const result: ReplayResult = { jobs: [], sets: [], wallMs: 0, simulatedMs: 0, storeWrites: 0 };
  for (const [i, set] of sets.entries()) {
    const own = jobs
      .filter((j) => j.scaleSet === set.name && j.createdAt >= options.from && j.createdAt < options.to)
      .sort((a, b) => a.createdAt - b.createdAt);
    const one = await replaySet(own, set, { ...options, seed: (options.seed ?? 1) * 101 + i });
    result.jobs.push(...one.jobs);
    result.sets.push(one.usage);
    result.simulatedMs += one.simulatedMs;
    result.storeWrites += one.storeWrites;
  }
  result.wallMs = performance.now() - started;
  return result;
}

async function replaySet(jobs: ReplayJob[], set: ReplayScaleSet, options: ReplayOptions) {
  const [coldLo, coldHi] = options.coldStartMs ?? [90_000, 120_000];
  let seed = (options.seed ?? 1) >>> 0;
  const draw = () => {
    // mulberry32, so each replay draws the same cold starts for the same seed.
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const cluster = await startSimulatedCluster({
    seed: options.seed ?? 1,
    // The replay measures timing; the objects it writes are the ones CRD-validated in the simulator's own tests.
    validateCrds: false,
    timings: {
      ...REPLAY_TIMINGS,
      ...options.timings,
      podStartSample: () => coldLo + (coldHi - coldLo) * draw(),
    },
  });
  try {
    // Replays run on the fake backend (no `kube` option): months of simulated time in seconds.
    const store = cluster.store.raw!;
    const warmup = options.warmupMs ?? 15 * 60_000;
    const offset = cluster.clock.now().getTime() + warmup - options.from;
    const sim = (traceTime: number) => traceTime + offset;
    const now = () => cluster.clock.now().getTime();
    const valueAt = (t: number) => {
      let v = set.initialMinRunners;
      for (const c of set.changes) if (c.at <= t) v = c.minRunners;
      return Math.min(v, set.maxRunners);
    };
    await cluster.arc.addScaleSet({
      name: set.name,
      minRunners: valueAt(options.from),
      maxRunners: set.maxRunners,
    });
    const meter = new RunnerMeter(cluster, sim(options.from), sim(options.to));
    const ars = resourceByKind('AutoscalingRunnerSet');
    let current = valueAt(options.from);
    let changes = 0;
    // Control points: every schedule change in the window and every hour (to queue the next hour's jobs).
    const points = new Set<number>();
    for (const c of set.changes) if (c.at > options.from && c.at < options.to) points.add(c.at);
    for (let t = options.from; t < options.to; t += HOUR) points.add(t);
    let next = 0;
    for (const t of [...points].sort((a, b) => a - b)) {
      await cluster.clock.advance(Math.max(0, sim(t) - now()));
      const value = valueAt(t);
      if (value !== current) {
        store.patch(ars, cluster.runnersNamespace, set.name, 'merge', {
          spec: { minRunners: value },
        });
        current = value;
        changes++;
      }
      if ((t - options.from) % HOUR === 0) {
        while (next < jobs.length && jobs[next]!.createdAt < t + HOUR) {
          const job = jobs[next++]!;
          cluster.arc.enqueueJob({
            scaleSet: set.name,
            durationMs: job.durationMs,
            at: Math.max(0, sim(job.createdAt) - now()),
            displayName: job.id,
          });
        }
      }
    }
    await cluster.clock.advance(Math.max(0, sim(options.to) - now()));
    const usage = meter.finish(now());
    // Let jobs still waiting start, in bounded steps.
    const drainUntil = now() + (options.drainMs ?? 6 * HOUR);
    while (now() < drainUntil && cluster.arc.jobs(set.name).some((j) => j.startedAt === undefined)) {
      await cluster.clock.advance(5 * 60_000);
    }
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const replayed: ReplayedJob[] = cluster.arc.jobs(set.name).map((sj) => {
      const job = byId.get(sj.displayName)!;
      const startedAt = sj.startedAt === undefined ? null : sj.startedAt - offset;
      return {
        id: job.id,
        scaleSet: set.name,
        createdAt: job.createdAt,
        startedAt,
        waitMs: startedAt === null ? null : startedAt - job.createdAt,
      };
    });
    return {
      jobs: replayed,
      usage: { name: set.name, jobs: jobs.length, minRunnersChanges: changes, ...usage },
      simulatedMs: now() - (sim(options.from) - warmup),
      storeWrites: store.resourceVersion,
    };
  } finally {
    await cluster.stop();
  }
}
