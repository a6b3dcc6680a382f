/**
 * A new input is: edit the action's inputs.ts and run `npm run docs`; every other place an input
 * appears (action.yml, the README tables, the GitLab component's spec, variables and CLI flags) is
 * generated. Shown on a throwaway copy of the repository: the consistency checks fail after the
 * edit alone, pass after the generator ran, and the generator touched only generated files.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { nodeFor, repoRoot, tempDirs } from '@gloriousflywheel/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const temp = tempDirs('flywheel-new-input');
afterAll(() => temp.cleanup());

/** What the generator and the checks read; bundles and installed packages are not copied. */
const COPIED = [
  '.gitignore',
  'package.json',
  'tsconfig.json',
  'vitest.config.ts',
  'scripts',
  'tests/consistency.test.ts',
  'tests/gitlab/templates.test.ts',
  'tests/gitlab/helpers/template.ts',
  'tests/setup',
  'actions',
  'apps',
  'packages',
  'gitlab-templates',
];
const CHECKS = ['tests/consistency.test.ts', 'tests/gitlab/templates.test.ts'];

function copyRepository(): string {
  const copy = temp.make();
  for (const path of COPIED) {
    cpSync(join(repoRoot, path), join(copy, path), {
      recursive: true,
      filter: (src) => !['node_modules', 'dist'].includes(basename(src)),
    });
  }
  // The installed packages, except that the workspace links point into the copy.
  mkdirSync(join(copy, 'node_modules', '@gloriousflywheel'), { recursive: true });
  for (const entry of readdirSync(join(repoRoot, 'node_modules'))) {
    // Caches (.vite, .cache) stay the copy's own.
    if (entry === '@gloriousflywheel' || (entry.startsWith('.') && entry !== '.bin')) continue;
    symlinkSync(join(repoRoot, 'node_modules', entry), join(copy, 'node_modules', entry));
  }
  for (const tier of ['packages', 'actions', 'apps']) {
    for (const name of readdirSync(join(copy, tier))) {
      const pkg = JSON.parse(readFileSync(join(copy, tier, name, 'package.json'), 'utf8')) as {
        name: string;
      };
      symlinkSync(join(copy, tier, name), join(copy, 'node_modules', pkg.name));
    }
  }
  git(copy, 'init', '-q');
  git(copy, 'add', '-A');
  git(copy, '-c', 'user.email=t@flywheel.test', '-c', 'user.name=t', 'commit', '-q', '-m', 'baseline');
  return copy;
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function run(cwd: string, script: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(nodeFor('node24'), [join(repoRoot, 'node_modules', script), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 300_000,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '/tmp',
      TMPDIR: tmpdir(),
      NO_COLOR: '1',
    },
  });
}

describe('adding an input', () => {
  it('touches inputs.ts and generated files only, and the checks hold again after `npm run docs`', () => {
    const copy = copyRepository();
    const inputsFile = join(copy, 'actions', 'benchmark', 'src', 'inputs.ts');
    const source = readFileSync(inputsFile, 'utf8');
    expect(source).toContain('  inputs: {\n');
    writeFileSync(
      inputsFile,
      source.replace(
        '  inputs: {\n',
        "  inputs: {\n    'throwaway-knob': input.string({ description: 'A knob only this test adds.', default: 'off' }),\n",
      ),
    );

    const before = run(copy, 'vitest/vitest.mjs', 'run', ...CHECKS);
    expect(before.status, before.stdout.slice(-2000)).not.toBe(0);
    expect(before.stdout + before.stderr).toContain('throwaway-knob');

    const docs = run(copy, 'tsx/dist/cli.mjs', 'scripts/sync-docs.ts');
    expect(docs.status, docs.stderr).toBe(0);
    const changed = git(copy, 'status', '--porcelain').split('\n').filter(Boolean).sort();
    expect(changed).toEqual([
      ' M actions/benchmark/README.md',
      ' M actions/benchmark/action.yml',
      ' M actions/benchmark/src/inputs.ts',
      ' M gitlab-templates/templates/benchmark.yml',
    ]);
    const template = readFileSync(join(copy, 'gitlab-templates', 'templates', 'benchmark.yml'), 'utf8');
    expect(template).toContain('FLYWHEEL_INPUT_THROWAWAY_KNOB: $[[ inputs.throwaway-knob ]]');
    expect(template).toMatch(
      / {4}throwaway-knob:\n {6}description: A knob only this test adds\.\n {6}default: off/,
    );

    const after = run(copy, 'vitest/vitest.mjs', 'run', ...CHECKS);
    expect(after.status, after.stdout.slice(-3000)).toBe(0);
    expect(after.stdout).toMatch(/Tests\s+\d+ passed/);
  });
});
