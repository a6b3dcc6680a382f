/**
 * IsVersionAllowed: the same major.minor as the controller (patch skew allowed since 0.12). A missing
 * or non-semver label is not allowed, and the controller deletes the ARS.
 */
export function versionAllowed(label: string | undefined, controllerVersion: string): boolean {
  const parse = (v: string | undefined) => /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(v ?? '');
  const a = parse(label);
  const b = parse(controllerVersion);
  return !!a && !!b && a[1] === b[1] && a[2] === b[2];
}
