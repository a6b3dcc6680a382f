/**
 * The import graph of the house, read from the source: every workspace, its tier, what each of its
 * files imports, and the rules the arrows must keep. Used by tiers.test.ts on the real repository
 * and on small made-up ones, so that the rules are shown to fail where they should.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Libraries → actions → applications; root tooling (scripts/, tests/) stands beside them all. */
export type Tier = 'library' | 'action' | 'application' | 'tooling';

const TIER_OF_FOLDER: Record<string, Tier> = {
  packages: 'library',
  actions: 'action',
  apps: 'application',
  bench: 'application',
};

/** The tiers each tier may import from (besides itself, by package name). */
const MAY_IMPORT: Record<Tier, Tier[]> = {
  library: ['library'],
  action: ['library'],
  application: ['library', 'action', 'application'],
  tooling: ['library', 'action', 'application'],
};

interface PackageJson {
  name?: string;
  workspaces?: string[];
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface Workspace {
  dir: string;
  /** Folder relative to the root, e.g. `packages/shared`. */
  path: string;
  tier: Tier;
  pkg: PackageJson;
}

export interface ImportEdge {
  file: string;
  specifier: string;
}

const SOURCE = /\.(ts|mts|mjs|js)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'results', '.gitlab-ci-local', 'coverage']);

function readJson(file: string): PackageJson {
  return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
}

/** The workspaces the root package.json names (simple `folder/*` globs and plain folders). */
export function listWorkspaces(root: string): Workspace[] {
  const patterns = readJson(join(root, 'package.json')).workspaces ?? [];
  const dirs = patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    if (!existsSync(join(root, parent))) return [];
    return readdirSync(join(root, parent))
      .sort()
      .map((name) => `${parent}/${name}`);
  });
  return dirs
    .filter((path) => existsSync(join(root, path, 'package.json')))
    .map((path) => {
      const tier = TIER_OF_FOLDER[path.split('/')[0]!];
      if (!tier) throw new Error(`workspace ${path} is in no tier folder (${Object.keys(TIER_OF_FOLDER)})`);
      return { dir: join(root, path), path, tier, pkg: readJson(join(root, path, 'package.json')) };
    });
}

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (SKIPPED_FOLDERS.has(name) || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/**
 * Every module specifier a file names: static, type-only, re-exports, literal dynamic imports and
 * `require.resolve` of a package file.
 */
export function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8');
  const info = ts.preProcessFile(text, true, true);
  // Packages located at run time (a JSON document, a .wasm beside the code) are dependencies too.
  const resolved = [...text.matchAll(/\.resolve\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!);
  return [...info.importedFiles.map((f) => f.fileName), ...resolved].map((specifier) => ({
    file,
    specifier,
  }));
}

/** Code that ships; a workspace's tests may also use the root's test tooling (vitest, fast-check…). */
function isShipped(file: string): boolean {
  return !file.split(sep).includes('test') && !/\.test\.ts$/.test(file);
}

function article(tier: Tier): string {
  return `${/^[aeiou]/.test(tier) ? 'an' : 'a'} ${tier}`;
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);
}

function exportKeys(pkg: PackageJson): string[] {
  return Object.keys(pkg.exports ?? {});
}

/**
 * The rule breaks in a repository: relative imports that leave their workspace, imports against the
 * tiers, deep imports past an exports map, and packages used but not declared.
 */
export function importViolations(root: string): string[] {
  const workspaces = listWorkspaces(root);
  const rootPkg = readJson(join(root, 'package.json'));
  const byName = new Map(workspaces.map((w) => [w.pkg.name, w]));
  const ownerOf = (path: string) =>
    workspaces.find((w) => path === w.dir || path.startsWith(`${w.dir}${sep}`));
  const tooling: Workspace = { dir: root, path: '.', tier: 'tooling', pkg: rootPkg };
  const toolingFiles = ['scripts', 'tests']
    .filter((d) => existsSync(join(root, d)))
    .flatMap((d) => sourceFiles(join(root, d)));
  const units: [Workspace, string[]][] = [
    ...workspaces.map((w) => [w, sourceFiles(w.dir)] as [Workspace, string[]]),
    [tooling, toolingFiles],
  ];
  const rootDeclared = { ...rootPkg.dependencies, ...rootPkg.devDependencies };
  const problems: string[] = [];
  for (const [ws, files] of units) {
    for (const file of files) {
      const where = relative(root, file);
      for (const { specifier } of importsOf(file)) {
        if (specifier.startsWith('.')) {
          const target = ownerOf(resolve(dirname(file), specifier));
          const from = ws.tier === 'tooling' ? undefined : ws;
          if (target !== from) {
            problems.push(
              `${where}: \`${specifier}\` reaches into ${target?.path ?? 'the root'} by relative path; import it by package name`,
            );
          }
          continue;
        }
        if (isBuiltin(specifier)) continue;
        const name = packageNameOf(specifier);
        const target = byName.get(name);
        if (target) {
          if (target !== ws && !MAY_IMPORT[ws.tier].includes(target.tier)) {
            problems.push(
              `${where}: ${article(ws.tier)} imports \`${specifier}\`, ${article(target.tier)}: arrows only point down`,
            );
          }
          const subpath = `.${specifier.slice(name.length)}`;
          if (!exportKeys(target.pkg).includes(subpath)) {
            problems.push(`${where}: \`${specifier}\` is not in the exports map of ${target.path}`);
          }
        }
        if (ws.tier === 'tooling' && target) continue;
        if (name === ws.pkg.name) continue;
        const own = { ...ws.pkg.dependencies, ...ws.pkg.devDependencies, ...ws.pkg.peerDependencies };
        const declared = isShipped(file) && ws.tier !== 'tooling' ? own : { ...own, ...rootDeclared };
        if (!(name in declared)) {
          problems.push(`${where}: imports \`${name}\`, which ${ws.path}/package.json does not declare`);
        }
      }
    }
  }
  for (const [ws, files] of units) {
    if (ws.tier === 'tooling') continue;
    const used = new Set(files.flatMap((f) => importsOf(f).map((e) => packageNameOf(e.specifier))));
    for (const name of Object.keys(ws.pkg.dependencies ?? {})) {
      if (!used.has(name))
        problems.push(`${ws.path}/package.json depends on \`${name}\`, which nothing in it imports`);
    }
  }
  return problems;
}

/** Exports maps must list their subpaths (no `./*` wildcard) and point at files that exist. */
export function exportsMapViolations(root: string): string[] {
  const problems: string[] = [];
  for (const ws of listWorkspaces(root)) {
    if (!ws.pkg.exports) {
      problems.push(`${ws.path}/package.json has no exports map`);
      continue;
    }
    for (const [key, value] of Object.entries(ws.pkg.exports)) {
      if (key.includes('*')) problems.push(`${ws.path}: exports \`${key}\` is a wildcard; list the subpaths`);
      const targets = typeof value === 'string' ? [value] : Object.values(value as Record<string, string>);
      for (const target of targets) {
        // A built file (the demo's bundle) exists only after `npm run build`; its source must.
        if (target.startsWith('./dist/')) continue;
        if (!existsSync(join(ws.dir, target)))
          problems.push(`${ws.path}: exports \`${key}\` → ${target} is missing`);
      }
    }
  }
  return problems;
}
