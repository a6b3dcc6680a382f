import { describe, expect, it } from 'vitest';
import { type BackendKind, useBackend } from './backend';
import { faultRun, type Outcome } from './fault-run';

/**
 * Seeded runs per shard file. On the fake, 4 shards × 50 = the 200 runs. On the real API server
 * each run costs real HTTP round trips and watch events (see the README's testing part for the
 * figures); its shards run REAL_RUNS each. ARC_APPLY_FAULT_RUNS / ARC_APPLY_REAL_FAULT_RUNS override.
 */
const FAKE_RUNS = 50;
const REAL_RUNS = 50;

/**
 * One shard of the seeded fault runs on one backend. The same seeds run on both: shard n covers
 * seeds BASE + n·1000 … (ARC_APPLY_FAULT_SEED moves the base; a failing seed reproduces alone).
 */
export function describeInvariants(shard: number, kind: BackendKind = 'fake'): void {
  useBackend(kind);
  const runs =
    kind === 'fake'
      ? Number(process.env['ARC_APPLY_FAULT_RUNS'] ?? FAKE_RUNS)
      : Number(process.env['ARC_APPLY_REAL_FAULT_RUNS'] ?? REAL_RUNS);
  const base = Number(process.env['ARC_APPLY_FAULT_SEED'] ?? 20261123) + shard * 1000;

  describe(`invariants over ${runs} seeded fault runs on the ${kind} backend (seeds ${base}…)`, () => {
    it('never deletes a busy runner, never leaves a set frozen, never succeeds with a listener off target', async () => {
      const outcomes: Outcome[] = [];
      for (let s = 0; s < runs; s++) outcomes.push(await faultRun(base + s));
      const bad = outcomes.filter((o) => o.violations.length > 0);
      expect(bad, JSON.stringify(bad.slice(0, 5), null, 1)).toEqual([]);
      // The runs must exercise both ends: some succeed, some fail and roll back.
      const succeeded = outcomes.filter((o) => o.outcome === 'succeeded').length;
      expect(succeeded).toBeGreaterThan(0);
      expect(succeeded).toBeLessThan(runs);
      expect(outcomes.filter((o) => o.faults.some((f) => f.startsWith('leak'))).length).toBeGreaterThan(0);
    }, 3_600_000);

    if (kind === 'fake' && shard === 0) {
      it('replays a seed exactly: the same simulator log and the same requests', async () => {
        for (const seed of [base, base + 1, base + 2]) {
          const [first, second] = [await faultRun(seed), await faultRun(seed)];
          expect(second).toEqual(first);
        }
      }, 600_000);
    }
  });
}
