import { describe, expect, it } from 'vitest';
import { useBackend } from '../backend';
import { type DoctorOutcome, doctorFaultRun } from './doctor-fault-run';

useBackend('fake');
const RUNS = Number(process.env['ARC_DOCTOR_FAULT_RUNS'] ?? 60);
const BASE = Number(process.env['ARC_DOCTOR_FAULT_SEED'] ?? 20261203);

describe(`doctor invariants over ${RUNS} seeded fault runs (seeds ${BASE}…)`, () => {
  it('never touches a busy runner or a held set, never writes without an audit entry, never writes under dry-run', async () => {
    const outcomes: DoctorOutcome[] = [];
    for (let s = 0; s < RUNS; s++) outcomes.push(await doctorFaultRun(BASE + s));
    const bad = outcomes.filter((o) => o.violations.length > 0);
    expect(bad, JSON.stringify(bad.slice(0, 5), null, 1)).toEqual([]);
    // The runs must exercise what they check: repairs made, repairs refused or skipped, held sets, races.
    const total = (k: keyof DoctorOutcome['repairs']) => outcomes.reduce((n, o) => n + o.repairs[k], 0);
    expect(total('done')).toBeGreaterThan(0);
    expect(total('skipped') + total('failed')).toBeGreaterThan(0);
    expect(total('dry-run')).toBeGreaterThan(0);
    for (const f of ['paused:', 'frozen:', 'job-race', 'stuck-busy:', 'write-errors:'])
      expect(
        outcomes.some((o) => o.faults.some((x) => x.startsWith(f))),
        f,
      ).toBe(true);
  }, 1_800_000);
});
