/**
 * Finding 8 (issue 11): what a user must know was not written down — token scopes per action and
 * mode, the Kubernetes verbs, the minimum runner and GitLab versions, what rollback restores and
 * what an operator does next. Each action's README has a Permissions section naming every mode;
 * arc-apply's RBAC is the generated rendering of the list its preflight checks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@gloriousflywheel/testkit';
import { describe, expect, it } from 'vitest';
import { loadActions } from '../../scripts/action-modules';
import { RBAC_END, RBAC_START, renderRbac } from '../../scripts/docs/rbac';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** The text of a `## Heading` section, up to the next `## `. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const rest = markdown.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('Permissions in every action README', async () => {
  const actions = await loadActions();
  it.each(actions.map((a) => [a.module.definition.name, a] as const))(
    '%s: per mode, per forge',
    (name, a) => {
      const text = section(read(`actions/${name}/README.md`), 'Permissions');
      expect(text, `actions/${name}/README.md has no ## Permissions`).not.toBe('');
      for (const mode of a.module.definition.inputs['mode']?.options ?? [])
        expect(text).toContain(`\`${mode}\``);
      for (const word of ['GitHub', 'GitLab']) expect(text).toContain(word);
    },
  );
});

describe('arc-apply', () => {
  const readme = read('actions/arc-apply/README.md');

  it('documents the Kubernetes verbs exactly as generated from requiredAccess (npm run docs)', () => {
    const block = readme.slice(readme.indexOf(RBAC_START), readme.indexOf(RBAC_END) + RBAC_END.length);
    expect(block).toBe(renderRbac());
    for (const verb of ['get', 'list', 'patch', 'delete', 'create', 'update']) expect(block).toContain(verb);
  });

  it('says what rollback restores (caps only), what stays, and what an operator does next', () => {
    const rollback = section(readme, 'Rollback: what it restores, and what it does not');
    expect(rollback).toContain('caps only');
    expect(rollback).toMatch(/applied manifests[\s\S]*stay/);
    const next = section(readme, 'After a failed apply');
    expect(next).toContain('mode: restore');
    expect(next).toContain('mode: drift');
  });
});

describe('the root README', () => {
  const readme = read('README.md');
  it('states the minimum runner and GitLab versions, with their sources', () => {
    const versions = section(readme, 'Versions and requirements');
    expect(versions).toContain('2.327.1');
    expect(versions).toContain('18.6');
    expect(versions).toContain('https://github.com/actions/runner/pull/3940');
    expect(versions).toContain('https://docs.gitlab.com/ci/yaml/expressions/');
  });

  it('links the reusable workflows and every Permissions section', () => {
    expect(readme).toContain('(.github/workflows/README.md)');
    for (const name of ['attic-setup', 'benchmark', 'canary-check', 'arc-apply'])
      expect(readme).toContain(`(actions/${name}/README.md#permissions)`);
  });
});
