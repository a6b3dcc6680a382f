/**
 * Time as the engine sees it. Production uses the wall clock; tests pass the simulator's clock so
 * a 20-minute drain runs in milliseconds and stays deterministic.
 */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** Node's timers hold at most 2^31−1 ms; a longer one fires at once (TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const wallClock: Clock = {
  now: () => new Date(),
  // Every wait re-checks its deadline after a sleep, so a sleep cut to 24.8 days is only a re-check.
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(0, ms), MAX_TIMER_MS))),
};
