import { DEFAULT_ARC_TIMINGS, type ModelJob } from './arc-model';
import { SLOTS, WEEK_MS } from './calendar';
import type { Targets } from './optimize';
import type { Evaluation } from './slot-stats';

/** The wait target of each hour of the week: the peak target in peak hours, the off-peak one otherwise. */
export function targetsByHour(peak: (slot: number) => boolean, t: Targets): Float64Array {
  return new Float64Array(SLOTS).map((_, s) => (peak(s) ? t.peakMs : t.offPeakMs));
}

/**
 * A recorded trace's `weeks` weeks from `from` as the ARC model takes them, under the conditions the
 * testkit's replay runs with (cold starts 90–120 s, the platform's Nix figure; the replay's
 * timings): to hold a schedule to weeks that really happened, beside or instead of replaying them.
 */
export function traceEvaluation(
  jobs: readonly ModelJob[],
  from: number,
  weeks: number,
  maxRunners: number,
  targetMs: Float64Array,
): Evaluation {
  return {
    scenario: { from, to: from + weeks * WEEK_MS, replicas: weeks, jobs },
    maxRunners,
    coldStartMs: Array.from({ length: 31 }, (_, i) => 90_000 + i * 1000),
    timings: DEFAULT_ARC_TIMINGS,
    targetMs,
    seed: 5,
  };
}
