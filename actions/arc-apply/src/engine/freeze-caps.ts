import type { Caps } from '../kube/types';

export type FreezeMode = 'zero' | 'cap-current';

/**
 * The caps that stop a set taking new jobs. `zero` is 0/0; `cap-current` holds max at the busy
 * count so running jobs keep their runners. min never exceeds max: the controller and the listener
 * reject such a config and the set would be left with no listener at all.
 */
export function frozenCaps(current: Caps, busy: number, mode: FreezeMode): Caps {
  if (mode === 'zero') return { minRunners: 0, maxRunners: 0 };
  const max = Math.max(0, busy);
  return { minRunners: Math.min(current.minRunners, max), maxRunners: max };
}

/** Normalises caps so that max ≥ min always holds (max null = unbounded). */
export function validCaps(c: Caps): Caps {
  if (c.maxRunners === null || c.maxRunners >= c.minRunners) return c;
  return { minRunners: c.minRunners, maxRunners: c.minRunners };
}
