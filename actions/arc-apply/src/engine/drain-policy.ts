import { FlywheelError, formatDuration } from '@gloriousflywheel/shared';
import type { OnDrainTimeout } from './config';
import type { EngineLog } from './deps';

export type { OnDrainTimeout };

/** A runner still holding a job when the drain window closed. */
export interface BusyRunner {
  name: string;
  scaleSet: string;
  repository?: string;
  job?: string;
  /** The runner and its job in words, for logs and errors. */
  described: string;
}

/**
 * What the drain does when its window closes with runners still busy: return to go on with the
 * apply (the drain reports `timedOut`), or throw to stop the run (which rolls the caps back).
 */
export interface DrainTimeoutStrategy {
  atTimeout(busy: BusyRunner[], timeoutMs: number, log: EngineLog): void;
}

/** One strategy per `on-drain-timeout` value; a new policy is an input option and an entry here. */
const DRAIN_TIMEOUT_STRATEGIES: Record<OnDrainTimeout, DrainTimeoutStrategy> = {
  fail: {
    atTimeout(busy, timeoutMs) {
      throw new FlywheelError(
        'DRAIN_TIMEOUT',
        `${busy.length} runner(s) still busy after ${formatDuration(timeoutMs)}: ${busy
          .slice(0, 5)
          .map((b) => b.described)
          .join(', ')}`,
        {
          hint: 'Raise drain-timeout, or set on-drain-timeout: proceed to apply while jobs run.',
          details: { busy: busy.map(({ described: _, ...runner }) => runner) },
        },
      );
    },
  },
  proceed: {
    atTimeout(busy, _timeoutMs, log) {
      log.warning(`drain: timed out with ${busy.length} busy runner(s); proceeding as on-drain-timeout says`);
    },
  },
};

export function drainTimeoutStrategy(policy: OnDrainTimeout): DrainTimeoutStrategy {
  return DRAIN_TIMEOUT_STRATEGIES[policy];
}
