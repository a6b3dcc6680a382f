/**
 * Whether ARC's controller keeps an AutoscalingRunnerSet whose `app.kubernetes.io/version` label is
 * `label`, when the controller was built as `controllerVersion` (its `build.Version`, the image tag of
 * a release: `0.14.2`). A set the gate refuses is deleted by the controller.
 *
 * The rule, read from apis/actions.github.com/v1alpha1/version.go `IsVersionAllowed` (the same at
 * gha-runner-scale-set-0.13.1 and 0.14.2; called by autoscalingrunnerset_controller.go Reconcile):
 * - allowed outright when the controller is `dev`, a `canary-` build, or the two strings are equal;
 * - otherwise both must read as MAJOR[.MINOR[.PATCH…]] — decimal numbers without leading zeros, no
 *   `v` prefix, anything after the patch number ignored, a missing minor read as 0 — and the majors
 *   and minors must be equal. A missing label never passes unless the controller's version is empty.
 */
export function arcVersionGateAllows(label: string | undefined, controllerVersion: string): boolean {
  const resource = label ?? '';
  if (
    controllerVersion === 'dev' ||
    resource === controllerVersion ||
    controllerVersion.startsWith('canary-')
  )
    return true;
  const a = majorMinor(resource);
  const b = majorMinor(controllerVersion);
  return !!a && !!b && a.major === b.major && a.minor === b.minor;
}

/** The digits `v` starts with (all of them) and the rest; undefined for none or a leading zero (ARC's parseInt). */
function leadingNumber(v: string): [string, string] | undefined {
  const m = /^(\d+)(.*)$/s.exec(v);
  if (!m || (m[1]!.length > 1 && m[1]!.startsWith('0'))) return undefined;
  return [m[1]!, m[2]!];
}

function majorMinor(v: string): { major: string; minor: string } | undefined {
  const major = leadingNumber(v);
  if (!major) return undefined;
  if (major[1] === '') return { major: major[0], minor: '0' };
  if (!major[1].startsWith('.')) return undefined;
  const minor = leadingNumber(major[1].slice(1));
  if (!minor) return undefined;
  if (minor[1] === '') return { major: major[0], minor: minor[0] };
  if (!minor[1].startsWith('.')) return undefined;
  // The patch must be a number; what follows it (`-rc.1`, `+build`) is not read.
  return leadingNumber(minor[1].slice(1)) ? { major: major[0], minor: minor[0] } : undefined;
}
