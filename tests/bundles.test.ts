/**
 * The committed bundles as a `uses:` gets them: every action.yml runs its dist/index.js, every file
 * a bundle loads (at start or on demand) is committed, lies inside the repository and survives
 * `git archive` (.gitattributes export-ignore), nothing stale lies in dist/, every folder of ESM
 * files says so, and the HCL parser's wasm sits beside the code that loads it. The start-up guard:
 * no bundle imports a Node built-in as an ESM namespace, which costs every start 15-25 ms.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { readActionYml, repoRoot } from '@gloriousflywheel/testkit';
import { bundleFiles } from '@gloriousflywheel/testkit/harness';
import { describe, expect, it } from 'vitest';

const SHARED_DIST = join(repoRoot, 'dist');
const actions = readdirSync(join(repoRoot, 'actions')).filter((n) =>
  existsSync(join(repoRoot, 'actions', n, 'action.yml')),
);
const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' });
const rel = (file: string) => relative(repoRoot, file).split(sep).join('/');
const entries = actions.map((name) => join(repoRoot, 'actions', name, 'dist', 'index.js'));
const loaded = new Set(entries.flatMap((e) => [...bundleFiles(e).atStart, ...bundleFiles(e).onDemand]));

describe.each(actions)('the %s bundle', (name) => {
  const entry = join(repoRoot, 'actions', name, 'dist', 'index.js');

  it('is what action.yml runs, for main and post', () => {
    const yml = readActionYml(join(repoRoot, 'actions', name));
    expect(yml.runs.main).toBe('dist/index.js');
    if (yml.runs.post) expect(yml.runs.post).toBe('dist/index.js');
    expect(existsSync(entry)).toBe(true);
  });

  it('loads only files inside the repository that git keeps and the tarball carries', () => {
    const { atStart, onDemand } = bundleFiles(entry);
    const files = [...atStart, ...onDemand];
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      expect(rel(file).startsWith('..'), rel(file)).toBe(false);
      expect(existsSync(file), rel(file)).toBe(true);
    }
    // Committed is the dist check's business (a rebuild leaves git status clean); here: not ignored.
    const ignored = spawnSync('git', ['check-ignore', '--no-index', ...files.map(rel)], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(ignored.stdout).toBe('');
    const exportIgnored = git('check-attr', 'export-ignore', '--', ...files.map(rel))
      .split('\n')
      .filter((line) => line.endsWith(': set'));
    expect(exportIgnored).toEqual([]);
  });
});

describe('the shared bundle folder', () => {
  it('holds only files some action loads, besides its package.json and licenses', () => {
    const files = readdirSync(SHARED_DIST).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !loaded.has(join(SHARED_DIST, f)))).toEqual([]);
  });

  it('marks every folder of bundle files as ES modules', () => {
    for (const dir of new Set([...loaded].map((f) => dirname(f)))) {
      expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')), rel(dir)).toEqual({
        type: 'module',
      });
    }
  });

  it('carries the licence notices of what it bundles, once', () => {
    const licenses = readFileSync(join(SHARED_DIST, 'licenses.txt'), 'utf8');
    for (const pkg of ['@actions/core', '@kubernetes/client-node', 'undici', 'yaml']) {
      expect(licenses, pkg).toMatch(new RegExp(`^${pkg.replace('/', '\\/')}@\\d`, 'm'));
    }
    for (const name of actions)
      expect(existsSync(join(repoRoot, 'actions', name, 'dist', 'licenses.txt'))).toBe(false);
  });

  it('has the HCL parser beside the code that looks for it, as a valid WebAssembly module', () => {
    const loaders = [...loaded].filter((f) => readFileSync(f, 'utf8').includes('hcl2json.wasm.br'));
    expect(loaders).toHaveLength(1);
    const wasm = brotliDecompressSync(readFileSync(join(dirname(loaders[0]!), 'hcl2json.wasm.br')));
    expect(WebAssembly.validate(wasm)).toBe(true);
  });

  it('never imports a Node built-in as an ES module (its namespace would be read at every start)', () => {
    const builtinImport = /(?:import|export)\s*[\w*{}\s,$]*?from\s*["'](node:[\w/]+|[a-z_]+)["']/g;
    // The one exception: the line that gives every file its `require` (node:module has no getters).
    const requireShim = /^import \{ createRequire as __flywheelCreateRequire \} from 'node:module';$/m;
    for (const file of loaded) {
      const text = readFileSync(file, 'utf8');
      expect(text, rel(file)).toMatch(requireShim);
      const found = [...text.replace(requireShim, '').matchAll(builtinImport)].map((m) => m[1]);
      expect(found, rel(file)).toEqual([]);
    }
  });
});
