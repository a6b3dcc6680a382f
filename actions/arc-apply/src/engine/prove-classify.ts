import {
  type Ars,
  type Caps,
  capsOf,
  formatCaps,
  type Listener,
  listenerCapsOf,
  sameCaps,
} from '../kube/types';

export interface SetObservation {
  name: string;
  ars: Ars | undefined;
  target: Caps;
  listener: Listener | undefined;
  secretExists: boolean;
  activeRunners: number;
  /** Whether the controller reports ARS phase (0.14.x). */
  phaseAware: boolean;
  /** The listener's age as the caller measured it (skew-safe); from its creationTimestamp when absent. */
  listenerAgeMs?: number;
}

export type Verdict =
  | { state: 'proven' }
  /** `awaitsController`: only the controller can end it (it makes listeners). */
  | { state: 'transient'; reason: string; awaitsController?: boolean }
  | { state: 'missing-with-active'; reason: string }
  | { state: 'drift'; reason: string; signature: string };

function ageMs(ts: string | undefined, now: Date): number {
  const t = Date.parse(ts ?? '');
  return Number.isFinite(t) ? now.getTime() - t : 0;
}

/**
 * One look at one scale set. Drift is only trusted from a settled listener (present, config secret
 * present, older than the grace window); before that it is transient, because the controller
 * recreates the listener on every spec change.
 */
export function classify(obs: SetObservation, now: Date, graceMs: number): Verdict {
  const { ars, listener, target } = obs;
  if (!ars) return { state: 'drift', reason: 'the scale set is gone', signature: 'ars-missing' };
  const arsCaps = capsOf(ars);
  if (!listener) {
    if (obs.activeRunners > 0) {
      return {
        state: 'missing-with-active',
        reason: `listener missing while ${obs.activeRunners} runner(s) are active`,
      };
    }
    return { state: 'transient', reason: 'listener missing', awaitsController: true };
  }
  if (!obs.secretExists) return { state: 'transient', reason: 'listener config secret missing' };
  if ((obs.listenerAgeMs ?? ageMs(listener.metadata.creationTimestamp, now)) < graceMs) {
    return { state: 'transient', reason: 'listener younger than the grace window' };
  }
  const listenerCaps: Caps = listenerCapsOf(listener);
  const effectiveArsMax = arsCaps.maxRunners ?? 2147483647;
  const listenerMatchesArs =
    listenerCaps.minRunners === arsCaps.minRunners &&
    (listenerCaps.maxRunners ?? 2147483647) === effectiveArsMax;
  const problems: string[] = [];
  if (!sameCaps(arsCaps, target))
    problems.push(`ARS caps ${formatCaps(arsCaps)} ≠ target ${formatCaps(target)}`);
  if (!listenerMatchesArs)
    problems.push(`listener caps ${formatCaps(listenerCaps)} ≠ ARS ${formatCaps(arsCaps)}`);
  if (problems.length > 0) {
    const signature = JSON.stringify([listener.metadata.uid, listenerCaps, arsCaps, target]);
    return { state: 'drift', reason: problems.join('; '), signature };
  }
  if (obs.phaseAware && ars.status?.phase !== 'Running') {
    return { state: 'transient', reason: `ARS phase ${ars.status?.phase ?? 'unset'}` };
  }
  return { state: 'proven' };
}
