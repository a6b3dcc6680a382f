import { mkdirSync, statSync } from 'node:fs';
import { FlywheelError } from '@gloriousflywheel/shared';

/**
 * A folder the action will write to: created if missing; a file there, or a path the system
 * refuses, is an INPUT_INVALID naming the input before any work starts (not an EEXIST later).
 */
export function ensureOutputDir(input: string, dir: string): string {
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(dir);
  } catch {
    existing = undefined;
  }
  if (existing && !existing.isDirectory()) {
    throw new FlywheelError('INPUT_INVALID', `input \`${input}\`: ${dir} is a file, not a folder`, {
      hint: `point \`${input}\` at a folder (it is created when missing)`,
      details: { input, path: dir },
    });
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new FlywheelError(
      'INPUT_INVALID',
      `input \`${input}\`: the folder ${dir} cannot be created (${code})`,
      {
        hint: `point \`${input}\` at a writable folder`,
        details: { input, path: dir, errno: code },
      },
    );
  }
  return dir;
}
