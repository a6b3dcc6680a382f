/** Work a timer does; the simulator awaits it before the next timer runs. */
export type TimerFn = () => void | Promise<void>;

/** A timer on the simulated clock. */
interface Timer {
  id: number;
  at: number;
  fn: TimerFn;
  /** Recurring work (listener polls) does not keep the simulation from settling. */
  background: boolean;
}

/**
 * Simulated time: a current instant and an ordered timer queue. The simulator drives it (running
 * reconciles between timers); nothing here sleeps.
 */
export class SimClock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start: Date = new Date('2026-01-05T12:00:00Z')) {
    this.t = start.getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  nowMs(): number {
    return this.t;
  }

  schedule(delayMs: number, fn: TimerFn, background = false): number {
    const timer = { id: ++this.seq, at: this.t + Math.max(0, delayMs), fn, background };
    // Keep the queue ordered by time, then by insertion.
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.at > timer.at) i--;
    this.timers.splice(i, 0, timer);
    return timer.id;
  }

  cancel(id: number | undefined): void {
    if (id === undefined) return;
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** The time of the next timer due at or before `limit`, if any. */
  nextDue(limit: number): number | undefined {
    const next = this.timers[0];
    return next && next.at <= limit ? next.at : undefined;
  }

  /**
   * Moves to `at` and runs every timer due then, one after the other (timers they schedule for the
   * same instant too); `run` wraps each (the simulator records what a timer throws and goes on).
   */
  async runDue(at: number, run: (fn: TimerFn) => Promise<void>): Promise<void> {
    this.t = Math.max(this.t, at);
    while (this.timers[0] && this.timers[0].at <= this.t) {
      const timer = this.timers.shift()!;
      await run(timer.fn);
    }
  }

  /**
   * Runs `fn` with `now()` reading `ms` earlier, and only while its synchronous part runs: the fake
   * store stamps what `fn` creates with that past instant (a real server stamps its own clock).
   */
  backdated<T>(ms: number, fn: () => T): T {
    const t = this.t;
    this.t -= Math.max(0, ms);
    try {
      return fn();
    } finally {
      this.t = t;
    }
  }

  moveTo(at: number): void {
    this.t = Math.max(this.t, at);
  }

  /** How many one-shot (non-background) timers are pending. */
  get pendingForeground(): number {
    return this.timers.filter((t) => !t.background).length;
  }
}
