/**
 * Finding 10 (issue 11), arc-apply's files: an absolute `targets-file` in drift mode was joined onto
 * `working-directory`; missing or NUL-filled var and targets files and a `working-directory` that
 * is a file crashed; a missing `working-directory` was reported as "`tofu` was not found"; a
 * 64-character namespace was accepted and `scale-sets` blamed. Each is now checked before the
 * cluster is asked anything, with one path rule: absolute stays absolute, relative starts at
 * `working-directory`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlywheelError } from '@gloriousflywheel/shared';
import { tempDirs } from '@gloriousflywheel/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { checkScopeEntries } from '../src/engine/scope-entries';
import { checkTargetSource } from '../src/engine/source-files';
import { loadTargets } from '../src/engine/targets';

const temp = tempDirs('arc-apply-source-files');
afterAll(() => temp.cleanup());

function rejection(fn: () => unknown): FlywheelError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FlywheelError);
    expect((error as FlywheelError).code).toBe('INPUT_INVALID');
    return error as FlywheelError;
  }
  throw new Error('expected INPUT_INVALID');
}

const TARGETS = JSON.stringify({ nix: { min_runners: 0, max_runners: 6 } });

describe('working-directory, var-files and targets-file, checked up front', () => {
  it('keeps an absolute targets-file absolute, and resolves a relative one in working-directory', async () => {
    const work = temp.make();
    const elsewhere = join(temp.make(), 'targets.json');
    writeFileSync(elsewhere, TARGETS);
    const source = { workingDirectory: work, varFiles: [], targetsFile: elsewhere };
    expect(() => checkTargetSource(source, { tofuRuns: false })).not.toThrow();
    expect((await loadTargets(source)).get('nix')).toMatchObject({ maxRunners: 6 });
    writeFileSync(join(work, 'here.json'), TARGETS);
    const relative = { workingDirectory: work, varFiles: [], targetsFile: 'here.json' };
    expect(() => checkTargetSource(relative, { tofuRuns: false })).not.toThrow();
  });

  it('does not need a working directory for an absolute targets-file when tofu does not run (drift)', () => {
    const targets = join(temp.make(), 'targets.json');
    writeFileSync(targets, TARGETS);
    const source = { workingDirectory: '/nonexistent/flywheel/tofu', varFiles: [], targetsFile: targets };
    expect(() => checkTargetSource(source, { tofuRuns: false })).not.toThrow();
    expect(rejection(() => checkTargetSource(source, { tofuRuns: true })).message).toBe(
      'input `working-directory`: /nonexistent/flywheel/tofu does not exist',
    );
  });

  it('names a working directory that is a file', () => {
    const file = join(temp.make(), 'main.tf');
    writeFileSync(file, '');
    const error = rejection(() =>
      checkTargetSource({ workingDirectory: file, varFiles: [] }, { tofuRuns: true }),
    );
    expect(error.message).toBe(`input \`working-directory\`: ${file} is a file, not a folder`);
  });

  it('names a missing var file and a missing targets file, with the path rule in the hint', () => {
    const work = temp.make();
    const varFile = rejection(() =>
      checkTargetSource({ workingDirectory: work, varFiles: ['runners.tfvars'] }, { tofuRuns: true }),
    );
    expect(varFile.message).toBe(`input \`var-files\`: ${join(work, 'runners.tfvars')} does not exist`);
    expect(varFile.hint).toMatch(/relative path starts at `working-directory`, an absolute one stays/);
    const targets = rejection(() =>
      checkTargetSource(
        { workingDirectory: work, varFiles: [], targetsFile: '/nonexistent/flywheel/targets.json' },
        { tofuRuns: false },
      ),
    );
    expect(targets.message).toBe('input `targets-file`: /nonexistent/flywheel/targets.json does not exist');
  });

  it('refuses a file of NUL bytes and a folder given as a file', () => {
    const work = temp.make();
    writeFileSync(join(work, 'zero.tfvars'), Buffer.alloc(4096));
    mkdirSync(join(work, 'a-folder'));
    expect(
      rejection(() =>
        checkTargetSource({ workingDirectory: work, varFiles: ['zero.tfvars'] }, { tofuRuns: true }),
      ).message,
    ).toMatch(/zero\.tfvars is not a text file \(it holds NUL bytes\)$/);
    expect(
      rejection(() =>
        checkTargetSource(
          { workingDirectory: work, varFiles: [], targetsFile: 'a-folder' },
          { tofuRuns: false },
        ),
      ).message,
    ).toMatch(/a-folder is a folder, not a file$/);
  });
});

describe('scale-sets entries', () => {
  it('takes names, runner labels and selectors', () => {
    expect(checkScopeEntries(['tinyland-nix', 'Runner_Label.1', 'app in (web,api)'])).toEqual([
      'tinyland-nix',
      'Runner_Label.1',
      'app in (web,api)',
    ]);
  });

  it('refuses what cannot name a scale set, saying which item', () => {
    const error = rejection(() => checkScopeEntries(['tinyland-nix', 'Bad_Name!']));
    // `!` makes it read as a selector (`key!=value`), and as one it does not parse.
    expect(error.message).toMatch(
      /^input `scale-sets` is invalid: item 2 \(`Bad_Name!`\): expected a label selector/,
    );
    expect(error.details).toMatchObject({ input: 'scale-sets', item: 2 });
    expect(rejection(() => checkScopeEntries(['nix#1'])).message).toMatch(
      /^input `scale-sets` is invalid: item 1 \(`nix#1`\): expected a scale-set name, a runner label/,
    );
  });
});
