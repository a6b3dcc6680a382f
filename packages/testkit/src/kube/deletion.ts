import { statusErrors } from './status';
import { kubeTimestamp } from './time';
import type { KubeObject, ResourceType } from './types';

/** The finalizers the API server adds for the foreground and orphan propagation policies. */
export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/**
 * The finalizers that hold an object a client deletes: its own, plus the propagation policy's. The
 * API server adds `foregroundDeletion` or `orphan` whether or not the object has dependents; the
 * garbage collector removes it afterwards (at once when there is nothing to wait for).
 */
export function finalizersOnDelete(obj: KubeObject, policy: PropagationPolicy | undefined): string[] {
  const finalizers = [...(obj.metadata.finalizers ?? [])];
  if (policy === 'Foreground' && !finalizers.includes(FOREGROUND)) finalizers.push(FOREGROUND);
  if (policy === 'Orphan' && !finalizers.includes(ORPHAN)) finalizers.push(ORPHAN);
  return finalizers;
}

/**
 * The object as its finalizers hold it: a deletionTimestamp, no grace period, and (for kinds that
 * keep one) the next generation, as the API server bumps it when it marks an object.
 */
export function markedForDeletion(current: KubeObject, finalizers: string[], now: Date): KubeObject {
  // Only metadata changes: the rest stays the stored object's own (stored objects are never mutated).
  const obj = { ...current, metadata: { ...current.metadata } } as KubeObject;
  if (finalizers.length > 0) obj.metadata.finalizers = finalizers;
  obj.metadata.deletionTimestamp = kubeTimestamp(now);
  obj.metadata.deletionGracePeriodSeconds = 0;
  if (obj.metadata.generation !== undefined) obj.metadata.generation += 1;
  return obj;
}

/** Go's `%#v` of a []string, as the API server prints the finalizers it refuses. */
function goStrings(values: string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

/**
 * Carries the deletion state of `current` into the next version of it: a client cannot set or clear
 * a deletionTimestamp, and cannot add a finalizer once the object is being deleted (422, with the
 * cause listed twice as the API server's two validation passes both report it).
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
  const added = (next.metadata.finalizers ?? []).filter((f) => !(m.finalizers ?? []).includes(f)).sort();
  if (added.length > 0) {
    const cause = {
      field: 'metadata.finalizers',
      reason: 'FieldValueForbidden',
      message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${goStrings(added)}`,
    };
    throw statusErrors.invalid(type, m.name!, [cause, cause]);
  }
}

/** Being deleted with no finalizer left: the write that got it here removes it from storage. */
export function isFinalized(obj: KubeObject): boolean {
  return Boolean(obj.metadata.deletionTimestamp) && !obj.metadata.finalizers?.length;
}
