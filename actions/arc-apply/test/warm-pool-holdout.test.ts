/**
 * Proof by replay: plan on one generated week, replay the next (another seed) through the ARC
 * simulator, and hold the plan's predictions to what the jobs actually waited.
 */
import { quantile } from '@gloriousflywheel/shared/stats';
import { type ReplayResult, replayTrace } from '@gloriousflywheel/testkit/arc/replay';
import { generateTrace, type TraceJob, type TraceShape } from '@gloriousflywheel/testkit/traces';
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../src/engine/schedule';
import { isPeakSlot, SLOTS, slotOf, WEEK_MS } from '../src/plan/calendar';
import { valuesOfSchedule } from '../src/plan/cron-lines';
import { plan } from '../src/plan/planner';
import { evaluate, type WeekValues, waitQuantile } from '../src/plan/slot-stats';
import { targetsByHour, traceEvaluation } from '../src/plan/trace-evaluation';

const MONDAY = Date.parse('2026-03-02T00:00:00Z');
const PEAK = { startHourUtc: 13, endHourUtc: 22, weekends: false };
const TARGETS = { quantile: 0.95, offPeakMs: 15_000, peakMs: 60_000 };
const CURRENT = parseSchedule('0 13 * * 1-5 => 1\n0 1 * * * => 0');
const peak = (s: number) => isPeakSlot(s, PEAK);

function weeks(shape: TraceShape, jobsPerWeek: number, seeds: [number, number]) {
  const set = { name: 'nix', jobsPerWeek };
  const fit = generateTrace({ seed: seeds[0], start: new Date(MONDAY), days: 7, scaleSets: [set], shape });
  const from = MONDAY + WEEK_MS;
  const held = generateTrace({ seed: seeds[1], start: new Date(from), days: 7, scaleSets: [set], shape });
  const planned = plan({
    sets: [{ name: 'nix', maxRunners: 16, current: CURRENT }],
    history: fit.map((j) => ({ ...j, runId: String(j.runId) })),
    window: { from: MONDAY, to: from },
    overrides: [],
    peak: PEAK,
    targets: TARGETS,
    changeCostMinutes: 60,
  }).sets[0]!;
  return { held, from, planned };
}

function replay(held: TraceJob[], from: number, values: WeekValues): Promise<ReplayResult> {
  const changes: { at: number; minRunners: number }[] = [];
  for (let s = 1; s < SLOTS; s++)
    if (values[s] !== values[s - 1]) changes.push({ at: from + s * 3_600_000, minRunners: values[s]! });
  return replayTrace(held, [{ name: 'nix', maxRunners: 16, initialMinRunners: values[0]!, changes }], {
    from,
    to: from + WEEK_MS,
    seed: 5,
  });
}

const p95 = (r: ReplayResult, which: (s: number) => boolean = () => true) =>
  quantile(
    r.jobs.filter((j) => which(slotOf(j.createdAt))).map((j) => j.waitMs ?? Number.POSITIVE_INFINITY),
    0.95,
  );

describe('a plan fitted on one week, replayed on the next', () => {
  it('on a Poisson trace: meets the targets, beats the current schedule, and predicts the off-peak p95 within 20 %', async () => {
    const { held, from, planned } = weeks('poisson', 300, [31, 32]);
    const r = await replay(held, from, Int32Array.from(planned.week));
    const now = await replay(held, from, valuesOfSchedule(CURRENT, from));
    const replayedP95 = p95(r);
    // Off-peak (the 15 s class, 70 % of the jobs) is predicted closely. The overall and peak p95 sit
    // where 5 % of the jobs go cold: one or two more cold jobs move them from ~6 s towards 100 s, and
    // on this seed they land at 7.9 s and 24 s against 5.9 s predicted (the report gives the figures).
    const offPeak = p95(r, (s) => !peak(s));
    expect(Math.abs(planned.predicted.p95OffPeak * 1000 - offPeak) / offPeak).toBeLessThan(0.2);
    expect(p95(r, (s) => !peak(s))).toBeLessThanOrEqual(TARGETS.offPeakMs);
    expect(p95(r, peak)).toBeLessThanOrEqual(TARGETS.peakMs);
    expect(replayedP95).toBeLessThan(p95(now));
  }, 180_000);

  it('on a bursty trace: the plan meets the targets, the model predicts the replay within 20 %, and at the current spend the plan still cuts p95', async () => {
    const { held, from, planned } = weeks('bursty', 800, [11, 12]);
    const values = Int32Array.from(planned.week);
    const r = await replay(held, from, values);
    const now = await replay(held, from, valuesOfSchedule(CURRENT, from));
    expect(p95(r, (s) => !peak(s))).toBeLessThanOrEqual(TARGETS.offPeakMs);
    expect(p95(r, peak)).toBeLessThanOrEqual(TARGETS.peakMs);
    // The plan's own prediction of the held-out p95. On bursty demand p95 is either a warm pickup
    // (~6 s) or a cold start (~100 s): a plan that holds the targets predicts it closely, one that
    // misses them misses by far (the planner tests count how often that happens).
    expect(Math.abs(planned.predicted.p95 * 1000 - p95(r)) / p95(r)).toBeLessThan(0.2);
    // The plan's point at the current schedule's idle minutes: no more idle, a lower p95 (both
    // near the cold start: at that spend more than 5 % of the jobs start cold whatever the hours).
    const same = await replay(held, from, Int32Array.from(planned.atCurrentIdle.week));
    expect(same.sets[0]!.idleRunnerMs).toBeLessThanOrEqual(now.sets[0]!.idleRunnerMs);
    expect(p95(same)).toBeLessThan(p95(now));
    // The planner's ARC model on the very jobs of the held-out week: the part of the prediction
    // that is about ARC, not about guessing next week's demand.
    const model = evaluate(values, traceEvaluation(held, from, 1, 16, targetsByHour(peak, TARGETS)));
    const modelled = waitQuantile(model, () => true, 0.95);
    expect(Math.abs(modelled - p95(r)) / p95(r)).toBeLessThan(0.2);
    const idle = r.sets[0]!.idleRunnerMs;
    const modelIdle = model.idleMs.reduce((a, b) => a + b, 0);
    expect(Math.abs(modelIdle - idle) / idle).toBeLessThan(0.05);
    // The plan buys its p95 with idle runners: far more than the current schedule spends.
    expect(p95(r, (s) => !peak(s))).toBeLessThan(p95(now, (s) => !peak(s)));
    expect(p95(r, peak)).toBeLessThan(p95(now, peak));
  }, 180_000);
});
