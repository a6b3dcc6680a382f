/**
 * Finding 12 (issue 11): the suite left over a thousand folders in the system temp directory. Every
 * run now writes under one folder of its own (tests/setup/temp-root.ts), removed when it ends.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { removeScratchDir, scratchDir } from '@gloriousflywheel/testkit';
import { describe, expect, it } from 'vitest';
import { RUN_TEMP_PREFIX, redirectTemp } from './temp-root';

describe('the run temp folder', () => {
  it('is where this worker makes its temp folders, open to every user as the system one is', () => {
    expect(basename(tmpdir())).toMatch(new RegExp(`^${RUN_TEMP_PREFIX}`));
    expect(statSync(tmpdir()).mode & 0o7777).toBe(0o1777);
  });

  it('is inherited by the programs a test starts', () => {
    const child = spawnSync(process.execPath, ['-e', 'console.log(require("node:os").tmpdir())'], {
      encoding: 'utf8',
    });
    expect(child.stdout.trim()).toBe(tmpdir());
  });

  it('goes, with whatever a test forgot in it, and TMPDIR is put back', () => {
    const env: NodeJS.ProcessEnv = { TMPDIR: tmpdir() };
    const root = redirectTemp(env);
    expect(dirname(root.dir)).toBe(tmpdir());
    expect(env['TMPDIR']).toBe(root.dir);
    mkdtempSync(join(root.dir, 'forgotten-'));
    mkdtempSync(join(root.dir, 'forgotten-'));
    expect(root.teardown()).toBe(2);
    expect(existsSync(root.dir)).toBe(false);
    expect(env['TMPDIR']).toBe(tmpdir());
  });
});

describe('scratchDir', () => {
  it('makes a folder under the temp dir and removeScratchDir takes it away', () => {
    const dir = scratchDir('scratch-test');
    expect(dirname(dir)).toBe(tmpdir());
    expect(readdirSync(dir)).toEqual([]);
    removeScratchDir(dir);
    expect(existsSync(dir)).toBe(false);
  });
});
