import type { Ars, Er } from '../kube/types';
import { keyOf } from '../kube/types';
import { type FleetView, runnerSetsOf, runnersOf, runnersOfSet } from './fleet';
import { hasJobFields, isDone } from './version';

export interface ReapCandidate {
  runner: Er;
  scaleSet: string;
  reason: 'owner-at-zero' | 'beyond-desired';
}

/** Registered, pod up, never given a job, not already going away. */
export function isProvablyIdle(er: Er): boolean {
  return (
    !er.metadata.deletionTimestamp &&
    !isDone(er) &&
    !hasJobFields(er) &&
    er.status?.phase === 'Running' &&
    (er.status?.runnerId ?? 0) > 0
  );
}

function live(er: Er): boolean {
  return !er.metadata.deletionTimestamp && !isDone(er);
}

/**
 * Leaked idle runners of the scale sets in scope: only those that are provably leaked — idle and
 * owned by a runner set at 0 replicas, or idle and beyond the set's desired count (oldest first).
 * A warm pool at exactly its minRunners is left alone.
 */
export function selectReapCandidates(view: FleetView, scope: Ars[]): ReapCandidate[] {
  const out: ReapCandidate[] = [];
  for (const ars of scope) {
    const min = ars.spec?.minRunners ?? 0;
    const liveRunners = runnersOf(view, ars).filter(live);
    if (min > 0 && liveRunners.length === min) continue;
    for (const ers of runnerSetsOf(view, ars)) {
      const runners = runnersOfSet(view, ers).filter(live);
      const idle = runners
        .filter(isProvablyIdle)
        .sort((a, b) =>
          (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''),
        );
      const desired = ers.spec?.replicas ?? 0;
      if (desired === 0) {
        for (const runner of idle) out.push({ runner, scaleSet: keyOf(ars), reason: 'owner-at-zero' });
        continue;
      }
      const excess = runners.length - desired;
      for (const runner of idle.slice(0, Math.max(0, excess))) {
        out.push({ runner, scaleSet: keyOf(ars), reason: 'beyond-desired' });
      }
    }
  }
  return out;
}

/**
 * The just-in-time check before a delete: the fresh read must be the same object version, still
 * idle. Anything else (a job arrived, a status change, already deleting) means hands off.
 */
export function stillReapable(selected: Er, fresh: Er | undefined): { ok: boolean; why?: string } {
  if (!fresh) return { ok: false, why: 'gone' };
  if (hasJobFields(fresh)) return { ok: false, why: 'a job arrived' };
  if (!isProvablyIdle(fresh)) return { ok: false, why: 'no longer idle' };
  if (fresh.metadata.resourceVersion !== selected.metadata.resourceVersion)
    return { ok: false, why: 'changed' };
  return { ok: true };
}

/** Completed runner pods older than the threshold hold the node's finite pod slots. */
export function selectStalePods<
  T extends {
    metadata: { creationTimestamp?: string; deletionTimestamp?: string };
    status?: { phase?: string };
  },
>(pods: T[], now: Date, maxAgeMs: number): T[] {
  return pods.filter((p) => {
    if (p.metadata.deletionTimestamp) return false;
    if (p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') return false;
    const created = Date.parse(p.metadata.creationTimestamp ?? '');
    return Number.isFinite(created) && now.getTime() - created >= maxAgeMs;
  });
}
