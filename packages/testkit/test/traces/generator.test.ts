import { describe, expect, it } from 'vitest';
import { generateTrace, historyLines, type TraceJob } from '../../src/traces/index';

const start = new Date('2026-03-02T00:00:00Z'); // a Monday
const HOUR = 3_600_000;

function perHourOfWeek(jobs: TraceJob[], weeks: number): number[] {
  const counts = new Array(168).fill(0);
  for (const j of jobs) counts[Math.floor((j.createdAt - start.getTime()) / HOUR) % 168]++;
  return counts.map((c) => c / weeks);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

describe('trace generator', () => {
  const month = generateTrace({
    seed: 7,
    start,
    days: 28,
    scaleSets: [{ name: 'nix', jobsPerWeek: 800 }],
    releaseDays: ['2026-03-12'],
    holidays: ['2026-03-19'],
  });

  it('is reproducible from its seed, and another seed gives another trace', () => {
    const again = generateTrace({
      seed: 7,
      start,
      days: 28,
      scaleSets: [{ name: 'nix', jobsPerWeek: 800 }],
      releaseDays: ['2026-03-12'],
      holidays: ['2026-03-19'],
    });
    expect(again).toEqual(month);
    const other = generateTrace({ seed: 8, start, days: 28, scaleSets: [{ name: 'nix', jobsPerWeek: 800 }] });
    expect(other.length).not.toBe(month.length);
  });

  it('holds about the asked jobs per week, sorted by creation', () => {
    expect(month.length / 4).toBeGreaterThan(600);
    expect(month.length / 4).toBeLessThan(1100);
    for (let i = 1; i < month.length; i++)
      expect(month[i]!.createdAt).toBeGreaterThanOrEqual(month[i - 1]!.createdAt);
  });

  it('has bursty weekday mornings, quiet nights and quiet weekends', () => {
    const ordinary = month.filter(
      (j) => !['2026-03-12', '2026-03-19'].includes(new Date(j.createdAt).toISOString().slice(0, 10)),
    );
    const how = perHourOfWeek(ordinary, 4);
    const weekdayHours = (from: number, to: number) =>
      [0, 1, 2, 3, 4].flatMap((d) => Array.from({ length: to - from }, (_, i) => how[d * 24 + from + i]!));
    const mornings = sum(weekdayHours(7, 12)) / 25;
    const nights = sum(weekdayHours(0, 6)) / 30;
    const weekend = sum(how.slice(120)) / 48;
    expect(mornings).toBeGreaterThan(10 * nights);
    expect(mornings).toBeGreaterThan(10 * weekend);
    // Bursts: jobs of one run arrive together, so a morning minute often holds several jobs.
    const runs = new Map<number, number>();
    for (const j of ordinary) runs.set(j.runId, (runs.get(j.runId) ?? 0) + 1);
    expect(Math.max(...runs.values())).toBeGreaterThanOrEqual(5);
  });

  it('spikes on the release day and is quiet on the holiday', () => {
    const on = (date: string) =>
      month.filter((j) => new Date(j.createdAt).toISOString().startsWith(date)).length;
    // 2026-03-12 and 2026-03-19 are Thursdays; compare with the other Thursdays.
    const ordinaryThursday = (on('2026-03-05') + on('2026-03-26')) / 2;
    expect(on('2026-03-12')).toBeGreaterThan(1.8 * ordinaryThursday);
    expect(on('2026-03-19')).toBeLessThan(0.25 * ordinaryThursday);
  });

  it('draws long-tail durations and records waits from the 90–120 s cold start', () => {
    const d = month.map((j) => j.durationMs);
    expect(quantile(d, 0.99) / quantile(d, 0.5)).toBeGreaterThan(5);
    const cold = month.filter((j) => j.coldStart).map((j) => j.startedAt - j.createdAt);
    const warm = month.filter((j) => !j.coldStart).map((j) => j.startedAt - j.createdAt);
    expect(cold.length).toBeGreaterThan(0);
    expect(warm.length).toBeGreaterThan(0);
    // A cold job waits its pickup plus its own runner's 90–120 s start; a warm one its pickup, or a
    // warm slot's refill that comes back sooner than a cold start would.
    expect(Math.min(...cold)).toBeGreaterThanOrEqual(95_000);
    expect(Math.max(...cold)).toBeLessThanOrEqual(127_000);
    expect(Math.min(...warm)).toBeGreaterThanOrEqual(5_000);
    expect(warm.filter((w) => w <= 7_000).length).toBeGreaterThan(warm.length / 2);
    for (const j of month) expect(j.completedAt - j.startedAt).toBe(j.durationMs);
  });

  it('makes a plain Poisson stream with the same mean in every hour', () => {
    const flat = generateTrace({
      seed: 3,
      start,
      days: 28,
      scaleSets: [{ name: 'x', jobsPerWeek: 1680 }],
      shape: 'poisson',
    });
    const how = perHourOfWeek(flat, 4);
    expect(Math.min(...how)).toBeGreaterThan(3);
    expect(Math.max(...how)).toBeLessThan(20);
    expect(sum(how)).toBeGreaterThan(1500);
    expect(sum(how)).toBeLessThan(1860);
  });

  it('writes the history as one version-1 JSON object per line', () => {
    const lines = historyLines(month.slice(0, 3)).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ v: 1, scaleSet: 'nix', labels: ['nix'] });
    expect(Date.parse(first.createdAt)).toBe(month[0]!.createdAt);
  });
});
