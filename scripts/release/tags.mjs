/**
 * The version story in one place. One version for the whole bundle (root package.json, the CLI
 * package, the GitLab component project). A release X.Y.Z creates:
 * - on GitHub, the tag `vX.Y.Z` and the moving major tag `vX` (not for a pre-release), which is what
 *   downstream workflows pin: `uses: GloriousFlywheel/actions/actions/<name>@vX`;
 * - on npm, `@gloriousflywheel/flywheel@X.Y.Z` (dist-tag `latest`, `next` for a pre-release);
 * - on GitLab, the component project (gitlab-templates/ split into a project of its own) tagged
 *   `X.Y.Z`, which the CI/CD catalog requires as plain semver; `component: …/<name>@X` (or `@X.Y`,
 *   `@X.Y.Z`) resolves to it.
 * The first public release is 1.0.0: the examples pin the major line 1 (0.1.0 was never tagged).
 */
import { parseVersion } from './semver.mjs';

export const FIRST_PUBLIC_VERSION = '1.0.0';

/** The GitHub tags a release of `version` creates, the version tag first. */
export function githubTags(version) {
  const parsed = parseVersion(version);
  if (!parsed) throw new Error(`not a semantic version: ${version}`);
  return parsed.prerelease ? [`v${parsed.version}`] : [`v${parsed.version}`, `v${parsed.major}`];
}

/** The tag of the GitLab component project for a release of `version`. */
export function gitlabTag(version) {
  const parsed = parseVersion(version);
  if (!parsed) throw new Error(`not a semantic version: ${version}`);
  return parsed.version;
}

/**
 * The refs a GitLab `component: …@ref` may name that resolve to a release of `version`: the exact
 * version, and the ranges GitLab resolves to the newest matching release (`X`, `X.Y`); a
 * pre-release is never picked by a range (doc/ci/components, semantic version ranges).
 */
export function gitlabRefsFor(version) {
  const parsed = parseVersion(version);
  if (!parsed) throw new Error(`not a semantic version: ${version}`);
  if (parsed.prerelease) return [parsed.version];
  return [parsed.version, `${parsed.major}.${parsed.minor}`, `${parsed.major}`];
}
