import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Temporary folders a test file makes and removes again in afterAll. */
export function tempDirs(prefix: string) {
  const made: string[] = [];
  return {
    make(): string {
      const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
      made.push(dir);
      return dir;
    },
    cleanup(): void {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const scratch = new Set<string>();
let hooked = false;

/**
 * A temporary folder for a helper whose caller reads it after the helper returns (the harness's
 * work dir, a built fixture, a tofu working directory): removed when the process exits, or
 * earlier with `removeScratchDir`.
 */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  scratch.add(dir);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const d of scratch) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

export function removeScratchDir(dir: string): void {
  scratch.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}
