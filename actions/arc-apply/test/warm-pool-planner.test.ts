/**
 * The planner's parts: what it learns about the uncertainty of a fit, how it pools sparse hours,
 * how it spends a fixed budget, its event queue, and — the point of it all — how often a plan holds
 * the targets on weeks it has not seen (judged by the ARC model; the holdout tests hold the model to
 * the replay).
 */
import { generateTrace, type TraceShape } from '@gloriousflywheel/testkit/traces';
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../src/engine/schedule';
import { isPeakSlot, SLOTS, WEEK_MS } from '../src/plan/calendar';
import { fitDemand } from '../src/plan/demand';
import { EventQueue } from '../src/plan/event-queue';
import { buildMenu, leastLateWithin, weeksMeeting } from '../src/plan/optimize';
import { plan } from '../src/plan/planner';
import { evaluate } from '../src/plan/slot-stats';
import { targetsByHour, traceEvaluation } from '../src/plan/trace-evaluation';

const MONDAY = Date.parse('2026-03-02T00:00:00Z');
const PEAK = { startHourUtc: 13, endHourUtc: 22, weekends: false };
const TARGETS = { quantile: 0.95, offPeakMs: 15_000, peakMs: 60_000 };
const peak = (s: number) => isPeakSlot(s, PEAK);
const targetMs = targetsByHour(peak, TARGETS);

function trace(seed: number, weeks: number, shape: TraceShape, jobsPerWeek: number, start = MONDAY) {
  return generateTrace({
    seed,
    start: new Date(start),
    days: 7 * weeks,
    scaleSets: [{ name: 'nix', jobsPerWeek }],
    shape,
  });
}

const asHistory = (jobs: ReturnType<typeof trace>) => jobs.map((j) => ({ ...j, runId: String(j.runId) }));

const judged = (jobs: ReturnType<typeof trace>, from: number, weeks = 1) =>
  traceEvaluation(jobs, from, weeks, 16, targetMs);

describe('what the demand fit knows about its own uncertainty', () => {
  it('is less sure of the level after one week than after four, and finds the day-to-day swing', () => {
    const four = trace(3, 4, 'bursty', 800);
    const one = four.filter((j) => j.createdAt < MONDAY + WEEK_MS);
    const fit1 = fitDemand('nix', asHistory(one), { from: MONDAY, to: MONDAY + WEEK_MS }, []);
    const fit4 = fitDemand('nix', asHistory(four), { from: MONDAY, to: MONDAY + 4 * WEEK_MS }, []);
    expect(fit4.uncertainty.level.weekday).toBeLessThan(fit1.uncertainty.level.weekday / 2);
    expect(fit4.uncertainty.level.weekend).toBeLessThan(fit1.uncertainty.level.weekend / 2);
    // An hour's rate seen on 20 weekdays is surer than one seen on 5.
    expect(fit4.uncertainty.hour[9]!).toBeLessThan(fit1.uncertainty.hour[9]! / 2);
    // The generator swings whole days by a gamma of variance 1/8; four weeks hold 28 days of it.
    expect(fit4.dayDispersion).toBeGreaterThan(0.03);
    expect(fit4.dayDispersion).toBeLessThan(0.4);
  });

  it('finds no day-to-day swing in plain Poisson demand beyond noise', () => {
    const jobs = trace(4, 4, 'poisson', 600);
    const fit = fitDemand('nix', asHistory(jobs), { from: MONDAY, to: MONDAY + 4 * WEEK_MS }, []);
    expect(fit.dayDispersion).toBeLessThan(0.03);
    expect(fit.overdispersion).toBeLessThan(0.1);
  });
});

describe('the menu of constant schedules', () => {
  it('pools an hour over the days of its kind, so an hour that happened to be empty is not free', () => {
    // Jobs on Monday 03:00 only: unpooled, Tuesday 03:00 shows no late job at k = 0.
    const jobs = Array.from({ length: 6 }, (_, i) => ({
      createdAt: MONDAY + 3 * 3_600_000 + i * 300_000,
      durationMs: 60_000,
    }));
    const e = judged(jobs as ReturnType<typeof trace>, MONDAY);
    const raw = buildMenu(e, 2);
    const pooled = buildMenu(e, 2, true);
    expect(raw.late[0]![3]).toBeGreaterThan(0);
    expect(raw.late[0]![24 + 3]).toBe(0);
    expect(pooled.late[0]![24 + 3]).toBeCloseTo(raw.late[0]![3]! / 5, 6);
    expect(pooled.late[0]![3]).toBeCloseTo(pooled.late[0]![24 + 3]!, 6);
    // Weekend hours pool only with the weekend.
    expect(pooled.late[0]![5 * 24 + 3]).toBe(0);
  });

  it('spends up to a cap one warm runner at a time, where it saves the most late jobs', () => {
    const jobs = trace(8, 1, 'poisson', 300);
    const menu = buildMenu(judged(jobs, MONDAY), 3, true);
    const spend = (values: Int32Array) => values.reduce((a, k, s) => a + menu.idle[k]![s]!, 0);
    const cap = 3_600;
    const values = leastLateWithin(menu, cap);
    expect(spend(values)).toBeLessThanOrEqual(cap);
    // Flat demand: the cap is spent to within one more hour's warm runner, not left half unused.
    expect(spend(values)).toBeGreaterThan(cap - 61);
    const late = (v: Int32Array) => v.reduce((a, k, s) => a + menu.late[k]![s]!, 0);
    expect(late(values)).toBeLessThan(late(new Int32Array(SLOTS)));
  });
});

describe('the event queue of the model', () => {
  it('pops in time order, ties in the order they were pushed, past its first allocation', () => {
    const q = new EventQueue();
    const times = Array.from({ length: 1_000 }, (_, i) => (i * 7919) % 500);
    for (const [i, t] of times.entries()) q.push(t, 1, i);
    const popped: { t: number; a: number }[] = [];
    while (q.pop()) popped.push({ t: q.t, a: q.a });
    expect(popped).toHaveLength(1_000);
    for (let i = 1; i < popped.length; i++) {
      const [p, c] = [popped[i - 1]!, popped[i]!];
      expect(p.t < c.t || (p.t === c.t && p.a < c.a)).toBe(true);
    }
    expect(q.pop()).toBe(false);
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('a plan on weeks it has not seen', () => {
  function heldRate(shape: TraceShape, fitSeed: number, fitWeeks: number, confidence?: number) {
    const jobsPerWeek = shape === 'bursty' ? 800 : 300;
    const from = MONDAY + fitWeeks * WEEK_MS;
    const planned = plan({
      sets: [{ name: 'nix', maxRunners: 16, current: parseSchedule('0 13 * * 1-5 => 1\n0 1 * * * => 0') }],
      history: asHistory(trace(fitSeed, fitWeeks, shape, jobsPerWeek)),
      window: { from: MONDAY, to: from },
      overrides: [],
      peak: PEAK,
      targets: { ...TARGETS, ...(confidence !== undefined ? { confidence } : {}) },
      changeCostMinutes: 60,
    }).sets[0]!;
    const held = Array.from({ length: 10 }, (_, k) =>
      trace(900 + k, 1, shape, jobsPerWeek, from + k * WEEK_MS),
    ).flat();
    const stats = evaluate(Int32Array.from(planned.week), judged(held, from, 10));
    return { planned, met: weeksMeeting(stats, peak, TARGETS) };
  }

  it('holds the targets in most held-out weeks of bursty demand fitted on four weeks; a lower confidence spends less', () => {
    const sure = [21, 22, 23].map((seed) => heldRate('bursty', seed, 4));
    const even = [21, 22, 23].map((seed) => heldRate('bursty', seed, 4, 0.5));
    const share = (xs: { met: number }[]) => xs.reduce((a, x) => a + x.met, 0) / xs.length;
    // Asked for 80 % of weeks, these plans held 60–80 % of ten unseen weeks each (the note on
    // calibration in the README: bursty weeks fitted on four weeks fall short of the asked share).
    expect(share(sure)).toBeGreaterThanOrEqual(0.6);
    for (const [i, s] of sure.entries()) {
      expect(even[i]!.planned.predicted.idleRunnerMinutes).toBeLessThan(
        s.planned.predicted.idleRunnerMinutes,
      );
    }
  }, 180_000);

  it('holds them in nearly every held-out week of Poisson demand fitted on one week', () => {
    const { planned, met } = heldRate('poisson', 22, 1);
    expect(planned.predicted.confidence).toBeGreaterThanOrEqual(0.8);
    expect(met).toBeGreaterThanOrEqual(0.8);
  }, 120_000);
});
