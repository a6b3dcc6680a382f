/**
 * Finding 3 (issue 11): the CLI's bundle was committed 644, `npm ci` made it 755 (npm makes every
 * bin target executable), the dist check rewrote it 644 and `npx flywheel` then answered
 * "Permission denied"; a fresh clone was dirty after `npm ci`, so the release script refused to run.
 * Committed files carry the modes npm gives them, and the dist check compares modes.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDirs } from '@gloriousflywheel/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { modeDifferences } from '../../scripts/check-dist.mjs';

const temp = tempDirs('flywheel-modes');
afterAll(() => temp.cleanup());

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

/** Every workspace's package.json, by folder. */
function workspaces(): { dir: string; pkg: { bin?: string | Record<string, string> } }[] {
  return git(repoRoot, 'ls-files', '--', '*/package.json')
    .trim()
    .split('\n')
    .filter((p) => /^(packages|actions|apps)\/[^/]+\/package\.json$|^bench\/package\.json$/.test(p))
    .map((p) => ({
      dir: p.replace(/\/package\.json$/, ''),
      pkg: JSON.parse(readFileSync(join(repoRoot, p), 'utf8')),
    }));
}

describe('file modes', () => {
  it('commits every bin target executable, as npm ci leaves it', () => {
    const bins = workspaces().flatMap(({ dir, pkg }) =>
      typeof pkg.bin === 'string'
        ? [`${dir}/${pkg.bin}`]
        : Object.values(pkg.bin ?? {}).map((b) => `${dir}/${b}`),
    );
    expect(bins).toContain('apps/cli/bin/flywheel.cjs');
    for (const bin of bins) {
      const staged = git(repoRoot, 'ls-files', '-s', '--', bin).split(' ')[0];
      expect(staged, `${bin} is not committed`).toBeTruthy();
      expect(staged, `${bin} is committed without its executable bit`).toBe('100755');
    }
  });

  it('commits no bundle executable: the build writes them 644', () => {
    expect(modeDifferences(repoRoot, ['actions/*/dist', 'dist'])).toEqual([]);
    const executable = git(repoRoot, 'ls-files', '-s', '--', 'actions/*/dist', 'dist')
      .split('\n')
      .filter((l) => l.startsWith('100755'));
    expect(executable).toEqual([]);
  });

  it('the dist check sees a flipped executable bit, even where git is told to ignore modes', () => {
    const dir = temp.make();
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'index.js'), 'export {};\n');
    writeFileSync(join(dir, 'tool.js'), '#!/usr/bin/env node\n');
    chmodSync(join(dir, 'tool.js'), 0o755);
    git(dir, 'add', '-A');
    git(dir, '-c', 'user.email=t@flywheel.test', '-c', 'user.name=t', 'commit', '-qm', 'modes');
    expect(modeDifferences(dir, ['.'])).toEqual([]);
    chmodSync(join(dir, 'index.js'), 0o755);
    chmodSync(join(dir, 'tool.js'), 0o644);
    git(dir, 'config', 'core.fileMode', 'false');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(modeDifferences(dir, ['.'])).toEqual([
      'index.js: committed 644, built 755',
      'tool.js: committed 755, built 644',
    ]);
  });
});
