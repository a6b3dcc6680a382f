import type { Er } from '../kube/types';

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
}

/** Parses `0.14.2`, `v0.14.2` or `gha-runner-scale-set-0.14.2`; undefined when it is not semver. */
export function parseVersion(text: string | undefined): SemVer | undefined {
  const m = text?.match(/(\d+)\.(\d+)\.(\d+)/);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** Same major.minor (drift reports a patch skew within it); the gate itself is `arcVersionGateAllows`. */
export function sameMinor(a: SemVer | undefined, b: SemVer | undefined): boolean {
  return !!a && !!b && a.major === b.major && a.minor === b.minor;
}

export function atLeast(v: SemVer | undefined, major: number, minor: number): boolean {
  if (!v) return true; // unknown: assume current behaviour
  return v.major > major || (v.major === major && v.minor >= minor);
}

const DONE_PHASES = new Set(['Succeeded', 'Failed', 'Outdated']);

export function isDone(er: Er): boolean {
  return DONE_PHASES.has(er.status?.phase ?? '');
}

/**
 * Whether a runner has ever been given a job. The controller's own test is version-specific
 * (≥0.13 jobId, ≤0.12 jobRequestId); for safety any job field counts, since job fields are never
 * cleared and a wrong "idle" verdict would delete a runner mid-job.
 */
export function hasJobFields(er: Er): boolean {
  const s = er.status ?? {};
  return (
    (typeof s.jobId === 'string' && s.jobId.length > 0) ||
    (s.jobRequestId ?? 0) > 0 ||
    !!s.jobRepositoryName ||
    (s.workflowRunId ?? 0) > 0 ||
    !!s.jobWorkflowRef
  );
}

/** The controller's busy test for its version: not done and holding a job. */
export function isBusy(er: Er, controller: SemVer | undefined): boolean {
  if (isDone(er)) return false;
  const s = er.status ?? {};
  const controllerSaysBusy = atLeast(controller, 0, 13)
    ? typeof s.jobId === 'string' && s.jobId.length > 0
    : (s.jobRequestId ?? 0) > 0;
  return controllerSaysBusy || hasJobFields(er);
}
