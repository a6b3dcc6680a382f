import type { Inputs } from './inputs';

export interface PushDecision {
  push: boolean;
  reason: string;
}

/**
 * `auto` pushes only with a token and not from a fork (a fork's code must not write to the cache);
 * `always` is the explicit opt-in for forks; nothing is pushed without a token.
 */
export function decidePush(mode: Inputs['push'], hasToken: boolean, isFork: boolean): PushDecision {
  if (mode === 'never') return { push: false, reason: 'push: never' };
  if (!hasToken) return { push: false, reason: 'no token (pull only)' };
  if (mode === 'auto' && isFork) return { push: false, reason: 'the run comes from a fork (pull only)' };
  return { push: true, reason: mode === 'always' ? 'push: always' : 'token present, not a fork' };
}
