import { scenario } from '../scenario';

/**
 * A scenario for the doctor, which judges every object by its age: on a real API server the
 * cluster runs on the wall clock the server stamps creation and deletion times with (`ages`), on
 * the fake it keeps the simulated clock.
 */
export function doctorScenario(...[sets, opts = {}]: Parameters<typeof scenario>) {
  return scenario(sets, { ...opts, ages: true });
}

export type DoctorScenario = Awaited<ReturnType<typeof doctorScenario>>;

/**
 * How long past a threshold a wall-clock test waits: creationTimestamps have whole seconds (an
 * object looks up to a second older, never younger), so a little is enough for an age to be past it.
 */
export const PAST_MS = 2_000;

/**
 * Waits until objects made before now are past `thresholdMs` on the wall clock; on simulated time,
 * moves `simulatedMs` (what the test did before it ran on a real API server; 0: not at all).
 */
export async function waitPast(s: DoctorScenario, thresholdMs: number, simulatedMs: number): Promise<void> {
  if (s.onWallClock) await s.clock.sleep(thresholdMs + PAST_MS);
  else if (simulatedMs > 0) await s.clock.sleep(simulatedMs);
}
