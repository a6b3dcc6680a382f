import type { KubeObject } from '../../kube/index';
import { keyOf, type SimContext } from '../context';

/**
 * A failed runner pod is recreated only after a backoff that doubles with each failure, and a
 * runner that failed more than `MAX_FAILURES` times is deleted for the runner set to replace
 * (failedRunnerBackoff, maxFailures and Reconcile's backoff check in ARC gha-runner-scale-set-0.13.1
 * and 0.14.2 controllers/actions.github.com/ephemeralrunner_controller.go).
 */
export const FAILED_RUNNER_BACKOFF_MS = [0, 5_000, 10_000, 20_000, 40_000, 80_000] as const;
export const MAX_FAILURES = 5;

/** status.failures: the time each failed pod (by uid) was recorded. */
export function failuresOf(er: KubeObject): Record<string, string> {
  return (er.status as { failures?: Record<string, string> } | undefined)?.failures ?? {};
}

/** The wake-ups already scheduled, per runner: a requeue-after happens once, not on every pass. */
const wakeUps = new WeakMap<SimContext, Map<string, number>>();

/**
 * Whether the runner is still backing off after its last failure; if so a pass is scheduled for
 * the moment it ends (controller-runtime's RequeueAfter).
 */
export function backingOff(ctx: SimContext, er: KubeObject): boolean {
  const times = Object.values(failuresOf(er)).map((t) => Date.parse(t));
  if (times.length === 0) return false;
  const due = Math.max(...times) + (FAILED_RUNNER_BACKOFF_MS[times.length] ?? 0);
  const now = ctx.clock.nowMs();
  if (now >= due) return false;
  const scheduled = wakeUps.get(ctx) ?? new Map<string, number>();
  wakeUps.set(ctx, scheduled);
  const key = keyOf(er);
  if (scheduled.get(key) !== due) {
    scheduled.set(key, due);
    ctx.clock.schedule(due - now, () => {
      if (scheduled.get(key) === due) scheduled.delete(key);
    });
  }
  return true;
}
