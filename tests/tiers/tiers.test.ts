/**
 * Three tiers, arrows only down: libraries (packages/*) → actions (actions/*) → applications (apps/*,
 * bench). No workspace reaches into another by relative path, each declares what it imports, and
 * each exports map lists its subpaths. Checked on this repository, and on made-up ones that break
 * each rule once, so that the check is seen to fail.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot, tempDirs } from '@gloriousflywheel/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { exportsMapViolations, importViolations, listWorkspaces } from './import-graph';

const temp = tempDirs('tiers');
afterAll(() => temp.cleanup());

describe('this repository', () => {
  it('has its workspaces in the three tier folders', () => {
    const tiers = Object.fromEntries(listWorkspaces(repoRoot).map((w) => [w.path, w.tier]));
    expect(tiers).toMatchObject({
      'packages/shared': 'library',
      'packages/testkit': 'library',
      'actions/arc-apply': 'action',
      'apps/cli': 'application',
      'apps/demo': 'application',
      bench: 'application',
    });
  });

  it('imports only downward, by package name, through exports maps, and declares what it imports', () => {
    expect(importViolations(repoRoot)).toEqual([]);
  });

  it('lists every exported subpath of every workspace, and each exists', () => {
    expect(exportsMapViolations(repoRoot)).toEqual([]);
  });
});

/** A throwaway repository: files by path, package.json contents as objects. */
function repo(files: Record<string, string | object>): string {
  const root = temp.make();
  const all: Record<string, string | object> = {
    'package.json': { name: 'root', workspaces: ['packages/*', 'actions/*', 'apps/*'], devDependencies: {} },
    'packages/lib/package.json': { name: '@x/lib', exports: { '.': './src/index.ts' } },
    'packages/lib/src/index.ts': 'export const lib = 1;\n',
    'actions/one/package.json': {
      name: '@x/one',
      exports: { '.': './src/index.ts', './engine': './src/engine.ts' },
      dependencies: { '@x/lib': '0.1.0' },
    },
    'actions/one/src/index.ts': "import { lib } from '@x/lib';\nexport const one = lib;\n",
    'actions/one/src/engine.ts': 'export const engine = 1;\n',
    'actions/two/package.json': { name: '@x/two', exports: { '.': './src/index.ts' } },
    'actions/two/src/index.ts': 'export const two = 2;\n',
    'apps/app/package.json': {
      name: '@x/app',
      exports: { '.': './src/index.ts' },
      dependencies: { '@x/one': '0.1.0' },
    },
    'apps/app/src/index.ts': "export { engine } from '@x/one/engine';\n",
    ...files,
  };
  for (const [path, content] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

describe('the rules', () => {
  it('pass a repository that keeps them', () => {
    const root = repo({});
    expect(importViolations(root)).toEqual([]);
    expect(exportsMapViolations(root)).toEqual([]);
  });

  it('catch a library importing an action, and an action importing another action', () => {
    const root = repo({
      'packages/lib/src/up.ts': "import { one } from '@x/one';\n",
      'actions/two/src/side.ts': "import type { one } from '@x/one';\n",
    });
    expect(importViolations(root)).toEqual(
      expect.arrayContaining([
        'packages/lib/src/up.ts: a library imports `@x/one`, an action: arrows only point down',
        'actions/two/src/side.ts: an action imports `@x/one`, an action: arrows only point down',
      ]),
    );
  });

  it('catch a relative import into another workspace, from a workspace or from the root', () => {
    const root = repo({
      'apps/app/src/reach.ts': "import { engine } from '../../../actions/one/src/engine';\n",
      'scripts/tool.ts': "import { lib } from '../packages/lib/src/index';\n",
    });
    expect(importViolations(root)).toEqual([
      'apps/app/src/reach.ts: `../../../actions/one/src/engine` reaches into actions/one by relative path; import it by package name',
      'scripts/tool.ts: `../packages/lib/src/index` reaches into packages/lib by relative path; import it by package name',
    ]);
  });

  it('catch a deep import past the exports map, and an undeclared package', () => {
    const root = repo({
      'apps/app/src/deep.ts': "import { engine } from '@x/one/src/engine';\nimport y from 'yaml';\n",
    });
    expect(importViolations(root)).toEqual([
      'apps/app/src/deep.ts: `@x/one/src/engine` is not in the exports map of actions/one',
      'apps/app/src/deep.ts: imports `yaml`, which apps/app/package.json does not declare',
    ]);
  });

  it('let tests use the root test tooling, but not shipped code', () => {
    const root = repo({
      'package.json': {
        name: 'root',
        workspaces: ['packages/*', 'actions/*', 'apps/*'],
        devDependencies: { vitest: '1.0.0' },
      },
      'packages/lib/test/lib.test.ts': "import { it } from 'vitest';\n",
      'packages/lib/src/bad.ts': "import { it } from 'vitest';\n",
    });
    expect(importViolations(root)).toEqual([
      'packages/lib/src/bad.ts: imports `vitest`, which packages/lib/package.json does not declare',
    ]);
  });

  it('catch a wildcard export and an export of a missing file', () => {
    const root = repo({
      'packages/lib/package.json': {
        name: '@x/lib',
        exports: { '.': './src/index.ts', './*': './src/*.ts' },
      },
      'actions/two/package.json': { name: '@x/two', exports: { '.': './src/gone.ts' } },
    });
    expect(exportsMapViolations(root)).toEqual([
      'packages/lib: exports `./*` is a wildcard; list the subpaths',
      'packages/lib: exports `./*` → ./src/*.ts is missing',
      'actions/two: exports `.` → ./src/gone.ts is missing',
    ]);
  });
});
