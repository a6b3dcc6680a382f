import { describe, expect, it } from 'vitest';
import { arcVersionGateAllows } from '../src/arc-version-gate';

/*
 * Each row was checked against ARC's own IsVersionAllowed (apis/actions.github.com/v1alpha1/
 * version.go at gha-runner-scale-set-0.14.2, the same at 0.13.1), built from a snapshot of its
 * source outside this repository, together with 20,000 random pairs of version-like strings:
 * no answer differed.
 */
const CASES: [label: string | undefined, controller: string, allowed: boolean][] = [
  ['0.14.2', '0.14.2', true],
  ['0.14.0', '0.14.2', true], // patch skew
  ['0.14', '0.14.9', true], // no patch
  ['0.14.2-rc.1', '0.14.0', true], // what follows the patch is not read
  ['0.13.1', '0.14.2', false],
  ['v0.14.2', '0.14.2', false], // a `v` prefix is no version
  ['01.14.2', '1.14.2', false], // leading zero
  ['0.14.01', '0.14.2', false],
  ['0.14.x', '0.14.2', false],
  ['0.14.', '0.14.2', false],
  ['0', '0.0.1', true], // a missing minor reads as 0
  ['1', '1.1', false],
  [undefined, '0.14.2', false],
  ['', '', true], // equal strings pass before anything is parsed
  ['0.13.1', 'dev', true],
  ['anything', 'canary-8f2c1d', true],
  ['0.14.2', 'NA', false], // build.Version's default when the build does not set it
];

describe("ARC's version gate", () => {
  it.each(CASES)('label %j under a %j controller: allowed %s', (label, controller, allowed) => {
    expect(arcVersionGateAllows(label, controller)).toBe(allowed);
  });
});
