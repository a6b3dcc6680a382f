/** Semantic versions as the release takes them: `1.2.3` or `1.2.3-rc.1`, with or without a `v`. */
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$/;

/** `{ version, major, prerelease }` for a semantic version, or undefined for anything else. */
export function parseVersion(text) {
  const m = SEMVER.exec(String(text).trim());
  if (!m) return undefined;
  const version = String(text).trim().replace(/^v/, '');
  return { version, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] };
}
