import type { DoctorOptions } from '../../src/doctor/run';

type Thresholds = DoctorOptions['settings'];

/** The defaults of the action's inputs, which the tests on simulated time use as they are. */
const DEFAULT_THRESHOLDS: Thresholds = {
  graceMs: 60_000,
  stuckAfterMs: 15 * 60_000,
  idleAfterMs: 60 * 60_000,
  podAgeMs: 60 * 60_000,
};

/**
 * The same thresholds on the wall clock (a real API server stamps ages with it), in seconds: tests
 * wait past each one for real. Those a test also checks something is still younger than (idle-after,
 * completed-pod-age, and stuck-after before the 'not yet' checks) stay far above how long a busy
 * 2-core machine takes to stage a fleet and run the doctor over it.
 */
const WALL_CLOCK_THRESHOLDS: Thresholds = {
  graceMs: 5_000,
  stuckAfterMs: 20_000,
  idleAfterMs: 60_000,
  podAgeMs: 30_000,
};

/** The doctor's thresholds as the scenario's clock runs. */
export function thresholdsOn(s: { onWallClock: boolean }): Thresholds {
  return s.onWallClock ? WALL_CLOCK_THRESHOLDS : DEFAULT_THRESHOLDS;
}

/** Doctor options for tests: the defaults of the action's inputs, overridable. */
export function doctorOptions(over: Partial<DoctorOptions> = {}): DoctorOptions {
  return {
    settings: { ...DEFAULT_THRESHOLDS },
    targets: undefined,
    prometheus: undefined,
    fix: false,
    dryRun: false,
    by: 'test (run-1)',
    ...over,
  };
}

/** Doctor options with the thresholds of the scenario's clock (see `thresholdsOn`), overridable. */
export function doctorOptionsOn(
  s: { onWallClock: boolean },
  over: Partial<DoctorOptions> = {},
): DoctorOptions {
  return doctorOptions({ settings: thresholdsOn(s), ...over });
}
