/**
 * Finding 7 (issue 11): what the README tells people to copy did not resolve — examples said `@v1`,
 * `@1` and `@1.0.0` while the project was 0.1.0 with no tags, and the release would have moved `v0`.
 * Every example and default here names a ref that the release flow creates for the current major
 * line (scripts/release/tags.mjs; the flow itself is run end to end in tests/first-hour).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@gloriousflywheel/testkit';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseVersion } from '../../scripts/release/semver.mjs';
import { FIRST_PUBLIC_VERSION, githubTags, gitlabRefsFor } from '../../scripts/release/tags.mjs';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const current: string = JSON.parse(read('package.json')).version;
/** The release the examples point at: the first public one until a later one exists. */
const target = parseVersion(current)!.major >= 1 ? current : FIRST_PUBLIC_VERSION;
const ACTIONS = readdirSync(join(repoRoot, 'actions'));

const docs = [
  'README.md',
  'CONTRIBUTING.md',
  '.github/workflows/README.md',
  'gitlab-templates/README.md',
  ...ACTIONS.map((a) => `actions/${a}/README.md`),
];
const workflows = readdirSync(join(repoRoot, '.github/workflows'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => `.github/workflows/${f}`);

describe('what the docs tell people to copy', () => {
  it('pins the actions and reusable workflows to a tag the release creates (vX, or vX.Y.Z)', () => {
    const allowed = githubTags(target);
    const found: string[] = [];
    for (const path of [...docs, ...workflows]) {
      for (const m of read(path).matchAll(/GloriousFlywheel\/actions\/[\w./-]+@([\w.-]+)/g)) {
        found.push(`${path}: ${m[0]}`);
        expect(allowed, `${path}: ${m[0]}`).toContain(m[1]);
      }
    }
    expect(found.length).toBeGreaterThan(10);
  });

  it('defaults every reusable workflow to the moving major tag', () => {
    const [, major] = githubTags(target);
    for (const path of workflows) {
      const wf = parseYaml(read(path)) as {
        on?: Record<string, { inputs?: Record<string, { default?: unknown }> } | null>;
      };
      for (const trigger of Object.values(wf.on ?? {})) {
        const ref = trigger?.inputs?.['actions-ref'];
        if (ref) expect(ref.default, path).toBe(major);
      }
      for (const m of read(path).matchAll(/inputs\.actions-ref \|\| '([^']+)'/g))
        expect(m[1], path).toBe(major);
    }
  });

  it('includes the GitLab components at a version the component project is tagged with', () => {
    const allowed = gitlabRefsFor(target);
    const found: string[] = [];
    for (const path of docs) {
      for (const m of read(path).matchAll(/component: \S+\/([\w-]+)@(\S+)/g)) {
        found.push(m[0]);
        expect(ACTIONS, `${path}: ${m[0]}`).toContain(m[1]);
        expect(allowed, `${path}: ${m[0]}`).toContain(m[2]);
      }
    }
    expect(found.length).toBeGreaterThanOrEqual(5);
  });
});
