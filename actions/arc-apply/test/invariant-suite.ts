import { describe, expect, it } from 'vitest';
import { faultRun, type Outcome } from './fault-run';

/**
 * One shard of the seeded fault runs. The 200 runs are split over four test files so that vitest
 * runs them in parallel workers; each file calls this with its shard number.
 */
export function describeInvariants(shard: number): void {
  // 4 files × 50 seeded runs = 200, spread so vitest runs them in parallel workers.
  // ARC_APPLY_FAULT_SEED moves the base seed; a failing seed reproduces alone with that seed.
  const RUNS = Number(process.env['ARC_APPLY_FAULT_RUNS'] ?? 50);
  const BASE = Number(process.env['ARC_APPLY_FAULT_SEED'] ?? 20261123) + shard * 1000;

  describe(`invariants over ${RUNS} seeded fault runs (seeds ${BASE}…)`, () => {
    it('never deletes a busy runner, never leaves a set frozen, never succeeds with a listener off target', async () => {
      const outcomes: Outcome[] = [];
      for (let s = 0; s < RUNS; s++) outcomes.push(await faultRun(BASE + s));
      const bad = outcomes.filter((o) => o.violations.length > 0);
      expect(bad, JSON.stringify(bad.slice(0, 5), null, 1)).toEqual([]);
      // The runs must exercise both ends: some succeed, some fail and roll back.
      const succeeded = outcomes.filter((o) => o.outcome === 'succeeded').length;
      expect(succeeded).toBeGreaterThan(0);
      expect(succeeded).toBeLessThan(RUNS);
      expect(outcomes.filter((o) => o.faults.some((f) => f.startsWith('leak'))).length).toBeGreaterThan(0);
    }, 1_800_000);
  });
}
