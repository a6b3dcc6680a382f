/** The version lives in one place (the root package.json), the CLI carries the same, and the changelog has it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../../scripts/action-modules';
import { changelogEntry, changelogSections } from '../../scripts/release/changelog.mjs';
import { parseVersion } from '../../scripts/release/semver.mjs';

const json = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8'));
const changelog = readFileSync(join(repoRoot, 'CHANGELOG.md'), 'utf8');

it('the CLI package has the root version, a semantic one', () => {
  const { version } = json('package.json');
  expect(parseVersion(version)?.version).toBe(version);
  expect(json('apps/cli/package.json').version).toBe(version);
});

it('CHANGELOG.md keeps an Unreleased section first, then dated releases newest first', () => {
  const sections = changelogSections(changelog);
  expect(sections[0]?.name).toBe('Unreleased');
  const released = sections.slice(1);
  expect(released.length).toBeGreaterThan(0);
  for (const s of released) {
    expect(parseVersion(s.name), s.name).toBeDefined();
    expect(s.date, s.name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }
  const dates = released.map((s) => s.date);
  expect([...dates].sort().reverse()).toEqual(dates);
});

it('the current version has its changelog entry', () => {
  const entry = changelogEntry(changelog, json('package.json').version);
  expect(entry?.body).toContain('### Added');
});
