import type { ObjectRef, RepairAction } from './finding';

/** The state of an object as an audit entry records it, before and after a repair. */
export interface ObjectState {
  gone?: boolean;
  uid?: string;
  resourceVersion?: string;
  phase?: string;
  finalizers?: string[];
  deletionTimestamp?: string;
}

/**
 * One repair, done or not, as the lifecycle audit the platform keeps: what, why, the object
 * before and after, by whom and when. Every planned repair gets one, whatever its outcome.
 */
export interface AuditEntry {
  action: RepairAction['type'];
  object: ObjectRef;
  check: string;
  why: string;
  outcome: 'done' | 'dry-run' | 'skipped' | 'failed';
  /** Why it was skipped or failed (changed since the pass, became busy, set paused, …). */
  reason?: string;
  before?: ObjectState;
  after?: ObjectState;
  by: string;
  at: string;
}

export function stateOf(
  obj:
    | {
        metadata: {
          uid?: string;
          resourceVersion?: string;
          finalizers?: string[];
          deletionTimestamp?: string;
        };
        status?: unknown;
      }
    | undefined,
): ObjectState {
  if (!obj) return { gone: true };
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  return {
    ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
    ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}),
    ...(phase ? { phase } : {}),
    ...(obj.metadata.finalizers?.length ? { finalizers: obj.metadata.finalizers } : {}),
    ...(obj.metadata.deletionTimestamp ? { deletionTimestamp: obj.metadata.deletionTimestamp } : {}),
  };
}
