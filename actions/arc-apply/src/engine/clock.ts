/**
 * Time as the engine sees it. Production uses the wall clock; tests pass the simulator's clock so
 * a 20-minute drain runs in milliseconds and stays deterministic.
 */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const wallClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
