import { describe, expect, it } from 'vitest';
import { type ReplayJob, replayTrace } from '../../src/arc/replay/index';

const from = Date.parse('2026-03-02T08:00:00Z');
const MIN = 60_000;
const job = (id: string, atMin: number, durationMin = 5): ReplayJob => ({
  id,
  scaleSet: 'nix',
  createdAt: from + atMin * MIN,
  durationMs: durationMin * MIN,
});

describe('replaying a trace through the ARC simulator', () => {
  it('starts a lone job on the warm runner in the pickup time, and without one after a cold start', async () => {
    const jobs = [job('a', 10)];
    const warm = await replayTrace(
      jobs,
      [{ name: 'nix', maxRunners: 4, initialMinRunners: 1, changes: [] }],
      {
        from,
        to: from + 60 * MIN,
      },
    );
    const cold = await replayTrace(
      jobs,
      [{ name: 'nix', maxRunners: 4, initialMinRunners: 0, changes: [] }],
      {
        from,
        to: from + 60 * MIN,
      },
    );
    expect(warm.jobs[0]!.waitMs).toBe(6_000);
    expect(cold.jobs[0]!.waitMs).toBeGreaterThanOrEqual(6_000 + 90_000);
    expect(cold.jobs[0]!.waitMs).toBeLessThanOrEqual(6_000 + 120_000);
    // Idle all hour but while its replacement (created when the job took it) cold-starts.
    expect(warm.sets[0]!.idleRunnerMs).toBeGreaterThan(56 * MIN);
    expect(warm.sets[0]!.idleRunnerMs).toBeLessThan(59 * MIN);
    // No idle runner: the cold runner's job starts when it is ready. (Its job fields arrive with
    // JobStarted a second later; the meter counts that second busy, up to float rounding.)
    expect(cold.sets[0]!.idleRunnerMs).toBeLessThan(1);
  });

  it('refills a taken warm runner with a cold one: the second job of a burst waits a cold start', async () => {
    const r = await replayTrace(
      [job('first', 10), { ...job('second', 10), createdAt: from + 10 * MIN + 8_000 }],
      [{ name: 'nix', maxRunners: 4, initialMinRunners: 1, changes: [] }],
      { from, to: from + 60 * MIN },
    );
    const wait = Object.fromEntries(r.jobs.map((j) => [j.id, j.waitMs!]));
    expect(wait['first']).toBe(6_000);
    expect(wait['second']).toBeGreaterThan(60_000);
    expect(r.sets[0]!.runnersCreated).toBeGreaterThanOrEqual(2);
  });

  it('recreates the listener on every minRunners change, and jobs wait out the gap', async () => {
    const changes = [
      { at: from + 20 * MIN, minRunners: 2 },
      { at: from + 40 * MIN, minRunners: 0 },
    ];
    // A job queued 2 s after the change: the warm runner is there, but no listener acquires it yet.
    const r = await replayTrace(
      [{ ...job('gap', 20), createdAt: from + 20 * MIN + 2_000 }],
      [{ name: 'nix', maxRunners: 4, initialMinRunners: 1, changes }],
      { from, to: from + 60 * MIN },
    );
    expect(r.sets[0]).toMatchObject({ minRunnersChanges: 2, listenerRecreations: 2 });
    expect(r.sets[0]!.listenerDownMs).toBe(2 * 10_000);
    expect(r.jobs[0]!.waitMs).toBe(8_000);
  });
});
