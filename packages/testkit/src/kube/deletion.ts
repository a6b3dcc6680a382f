import { statusErrors } from './status';
import { kubeTimestamp } from './time';
import type { KubeObject, ResourceType } from './types';

/** The finalizers the API server adds for the foreground and orphan propagation policies. */
export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/**
 * The finalizers that hold an object a client deletes: its own, plus the propagation policy's when
 * it has dependents (with none, the collector would drop that finalizer at once; here it is never added).
 */
export function finalizersOnDelete(
  obj: KubeObject,
  policy: PropagationPolicy | undefined,
  hasDependents: boolean,
): string[] {
  const finalizers = [...(obj.metadata.finalizers ?? [])];
  if (policy === 'Foreground' && hasDependents) finalizers.push(FOREGROUND);
  if (policy === 'Orphan' && hasDependents) finalizers.push(ORPHAN);
  return finalizers;
}

/** The object as its finalizers hold it: a deletionTimestamp, no grace period. */
export function markedForDeletion(current: KubeObject, finalizers: string[], now: Date): KubeObject {
  const obj = structuredClone(current) as KubeObject;
  obj.metadata.finalizers = finalizers;
  obj.metadata.deletionTimestamp = kubeTimestamp(now);
  obj.metadata.deletionGracePeriodSeconds = 0;
  return obj;
}

/**
 * Carries the deletion state of `current` into the next version of it: a client cannot set or clear
 * a deletionTimestamp, and cannot add a finalizer once the object is being deleted.
 */
export function carryDeletionState(type: ResourceType, current: KubeObject, next: KubeObject): void {
  const m = current.metadata;
  if (!m.deletionTimestamp) {
    delete next.metadata.deletionTimestamp;
    delete next.metadata.deletionGracePeriodSeconds;
    return;
  }
  next.metadata.deletionTimestamp = m.deletionTimestamp;
  next.metadata.deletionGracePeriodSeconds = m.deletionGracePeriodSeconds ?? 0;
  const added = (next.metadata.finalizers ?? []).filter((f) => !(m.finalizers ?? []).includes(f));
  if (added.length > 0) {
    throw statusErrors.forbidden(
      type,
      m.name,
      `${type.plural} "${m.name}" is forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
    );
  }
}

/** Being deleted with no finalizer left: the write that got it here removes it from storage. */
export function isFinalized(obj: KubeObject): boolean {
  return Boolean(obj.metadata.deletionTimestamp) && !obj.metadata.finalizers?.length;
}
