import { describe, expect, it } from 'vitest';
import { useBackend } from '../backend';
import { type UpgradeOutcome, upgradeFaultRun } from './upgrade-fault-run';
import { TARGET_CRDS } from './upgrade-scenario';

useBackend('fake');

/** Seeded upgrade runs under faults (each spawns the tofu stand-in a dozen times: a few seconds). */
const RUNS = Number(process.env['ARC_UPGRADE_FAULT_RUNS'] ?? 16);
const BASE = Number(process.env['ARC_UPGRADE_FAULT_SEED'] ?? 20261203);

describe.skipIf(!TARGET_CRDS)(`upgrade invariants over ${RUNS} seeded fault runs (seeds ${BASE}…)`, () => {
  it('kills no job; ends every set proven at one version with nothing left frozen, or names what is not back', async () => {
    const outcomes: UpgradeOutcome[] = [];
    for (let i = 0; i < RUNS; i++) outcomes.push(await upgradeFaultRun(BASE + i));
    const tally = new Map<string, number>();
    for (const o of outcomes)
      tally.set(`${o.end} after ${o.runs} run(s)`, (tally.get(`${o.end} after ${o.runs} run(s)`) ?? 0) + 1);
    console.info(`upgrade fault runs: ${[...tally].map(([k, n]) => `${n}× ${k}`).join('; ')}`);
    const bad = outcomes.filter((o) => o.violations.length > 0);
    expect(bad, JSON.stringify(bad.slice(0, 5), null, 1)).toEqual([]);
    // The faults must reach every ending: upgraded, rolled back (or restored), resumed.
    const ends = outcomes.map((o) => o.end);
    expect(ends.some((e) => e.startsWith('upgraded'))).toBe(true);
    expect(ends.some((e) => e.startsWith('rolled back') || e.startsWith('restored'))).toBe(true);
    expect(outcomes.some((o) => o.runs > 1)).toBe(true);
  }, 1_800_000);
});
