import type { Caps } from '../kube/types';
import type { FreezeMode } from './config';

export type { FreezeMode };

/** A freeze policy: the caps that stop a set taking new jobs, from its caps and busy runners now. */
type FreezeStrategy = (current: Caps, busy: number) => Caps;

/**
 * One strategy per `freeze-mode` (the record must name them all). min never exceeds max: the
 * controller and the listener reject such a config and the set would be left with no listener.
 */
const FREEZE_STRATEGIES: Record<FreezeMode, FreezeStrategy> = {
  /** 0/0: no new runners at all; busy ones finish. */
  zero: () => ({ minRunners: 0, maxRunners: 0 }),
  /** max at the busy count, so running jobs keep their runners. */
  'cap-current': (current, busy) => {
    const max = Math.max(0, busy);
    return { minRunners: Math.min(current.minRunners, max), maxRunners: max };
  },
};

/** The caps `mode` freezes a set to; the live freeze and the dry run both ask here. */
export function frozenCaps(current: Caps, busy: number, mode: FreezeMode): Caps {
  return FREEZE_STRATEGIES[mode](current, busy);
}

/** Normalises caps so that max ≥ min always holds (max null = unbounded). */
export function validCaps(c: Caps): Caps {
  if (c.maxRunners === null || c.maxRunners >= c.minRunners) return c;
  return { minRunners: c.minRunners, maxRunners: c.minRunners };
}
