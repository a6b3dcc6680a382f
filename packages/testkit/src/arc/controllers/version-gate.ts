/**
 * IsVersionAllowed: the same major.minor as the controller (patch skew allowed since 0.12). A missing
 * or non-semver label is not allowed, and the controller deletes the ARS.
 *
 * It is an equality, so it cuts both ways (gha-runner-scale-set-0.14.2
 * apis/actions.github.com/v1alpha1/version.go: `rv.major == bv.major && rv.minor == bv.minor`,
 * after the `dev` / `canary-` / exact-match shortcuts; called at
 * autoscalingrunnerset_controller.go:139, which deletes the ARS): an old controller deletes a set
 * already relabelled with the new minor, and the new controller deletes every set still labelled
 * with the old one. Applying one plan that bumps the controller and the sets' labels together (the
 * naive in-place upgrade) therefore loses the sets to one controller or the other.
 */
export function versionAllowed(label: string | undefined, controllerVersion: string): boolean {
  const a = parseVersion(label);
  const b = parseVersion(controllerVersion);
  return !!a && !!b && a[1] === b[1] && a[2] === b[2];
}

function parseVersion(v: string | undefined): RegExpExecArray | null {
  return /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(v ?? '');
}
