/**
 * vitest global setup: every test, worker and process it starts makes its temporary folders under
 * one folder of this run (TMPDIR, which os.tmpdir() and the programs the tests run honour), removed
 * when the run ends. A test that forgets its folders leaves nothing in the system temp directory.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The prefix of a run's folder in the system temp directory. */
export const RUN_TEMP_PREFIX = 'flywheel-test-run-';

export interface TempRoot {
  /** The folder this run's temporary files go to. */
  dir: string;
  /** Removes it and restores TMPDIR; returns how many entries tests left in it. */
  teardown(): number;
}

export function redirectTemp(env: NodeJS.ProcessEnv = process.env): TempRoot {
  const previous = env['TMPDIR'];
  const dir = mkdtempSync(join(tmpdir(), RUN_TEMP_PREFIX));
  // As the system temp dir is (sticky, anyone may write): tests that drop to another user (`nobody`
  // in the Nix access checks) must reach their folders through it; mkdtemp makes it 0700.
  chmodSync(dir, 0o1777);
  env['TMPDIR'] = dir;
  return {
    dir,
    teardown() {
      let left = 0;
      try {
        left = readdirSync(dir).length;
      } catch {
        left = 0;
      }
      rmSync(dir, { recursive: true, force: true });
      if (previous === undefined) delete env['TMPDIR'];
      else env['TMPDIR'] = previous;
      return left;
    },
  };
}

export default function setup(): () => void {
  const root = redirectTemp();
  return () => {
    const left = root.teardown();
    // Said, not failed: the folder is gone either way; the count shows helpers that do not clean up.
    if (left > 0) console.log(`temp: removed ${left} entries tests left in ${root.dir}`);
  };
}
