import type { Severity } from '../engine/drift-classify';

export type { Severity };

/** An object a finding is about, as `kubectl get <kind> -n <namespace> <name>` names it. */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * What `fix: true` may do about a finding. Each action is re-checked against a fresh read of the
 * object just before it runs (see repair.ts), so a plan made from a stale list is never trusted.
 */
export type RepairAction =
  | { type: 'delete-runner'; object: ObjectRef }
  | { type: 'release-finalizers'; object: ObjectRef }
  | { type: 'delete-listener'; object: ObjectRef }
  | { type: 'delete-pod'; object: ObjectRef };

export interface Finding {
  /** The check that found it (a stable id: `runner-failed`, `listener-orphaned`, …). */
  check: string;
  severity: Severity;
  /** The scale set concerned, `namespace/name`, when there is one. */
  scaleSet?: string;
  objects: ObjectRef[];
  /** What was seen, with the numbers: the reader should not need kubectl to believe it. */
  evidence: string;
  /** What to do about it, in one sentence an operator can act on. */
  fix: string;
  /** The repair `fix: true` makes; absent when the doctor only reports. */
  repair?: RepairAction;
}

export type CheckStatus = 'pass' | 'fail' | 'skipped';

/** One check's outcome: one JUnit case, one row of the summary. */
export interface CheckOutcome {
  id: string;
  title: string;
  status: CheckStatus;
  findings: Finding[];
  /** Why the check could not run (no metrics source, no permission to read CRDs, …). */
  skipped?: string;
}

/** A check: a pure reading of the fleet view, or `skip` with the reason it cannot run here. */
export interface Check<View> {
  id: string;
  title: string;
  run(view: View): Finding[] | { skip: string };
}

export function runCheck<View>(check: Check<View>, view: View): CheckOutcome {
  const out = check.run(view);
  if (!Array.isArray(out))
    return { id: check.id, title: check.title, status: 'skipped', findings: [], skipped: out.skip };
  return { id: check.id, title: check.title, status: out.length ? 'fail' : 'pass', findings: out };
}

export function ref(kind: string, obj: { metadata: { name: string; namespace?: string } }): ObjectRef {
  return {
    kind,
    name: obj.metadata.name,
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
  };
}
