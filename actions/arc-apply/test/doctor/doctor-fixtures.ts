import type { DoctorOptions } from '../../src/doctor/run';

/** Doctor options for tests: the defaults of the action's inputs, overridable. */
export function doctorOptions(over: Partial<DoctorOptions> = {}): DoctorOptions {
  return {
    settings: { graceMs: 60_000, stuckAfterMs: 15 * 60_000, idleAfterMs: 60 * 60_000, podAgeMs: 60 * 60_000 },
    targets: undefined,
    prometheus: undefined,
    fix: false,
    dryRun: false,
    by: 'test (run-1)',
    ...over,
  };
}
