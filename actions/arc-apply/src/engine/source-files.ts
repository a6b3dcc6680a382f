import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { FlywheelError } from '@gloriousflywheel/shared';
import type { TargetSource } from './targets';

/** How much of a file is read to tell text from binary (a NUL byte there means binary). */
const SNIFF_BYTES = 8192;

function invalid(input: string, message: string, hint: string, path: string): FlywheelError {
  return new FlywheelError('INPUT_INVALID', `input \`${input}\`: ${message}`, {
    hint,
    details: { input, path },
  });
}

/** The working directory tofu runs in: it must exist and be a folder. */
export function checkWorkingDirectory(dir: string): void {
  const path = resolve(dir);
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw invalid(
      'working-directory',
      `${path} does not exist`,
      'set `working-directory` to the folder holding the tofu configuration (relative to the step’s working directory)',
      path,
    );
  }
  if (!isDir)
    throw invalid(
      'working-directory',
      `${path} is a file, not a folder`,
      'give the folder holding the tofu configuration',
      path,
    );
}

/** A var file or targets file: present, a regular readable file, and text (not NUL bytes). */
export function checkSourceFile(input: string, path: string): void {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory())
      throw invalid(
        input,
        `${path} is a folder, not a file`,
        `give the path of a file in \`${input}\``,
        path,
      );
    size = stat.size;
  } catch (error) {
    if (error instanceof FlywheelError) throw error;
    throw invalid(
      input,
      `${path} does not exist`,
      `check \`${input}\`: a relative path starts at \`working-directory\`, an absolute one stays as it is`,
      path,
    );
  }
  let head: Buffer;
  try {
    const fd = openSync(path, 'r');
    try {
      head = Buffer.alloc(Math.min(size, SNIFF_BYTES));
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    throw invalid(
      input,
      `${path} cannot be read (permission denied?)`,
      'check the file’s owner and mode',
      path,
    );
  }
  if (head.includes(0))
    throw invalid(
      input,
      `${path} is not a text file (it holds NUL bytes)`,
      `give a tfvars, JSON or YAML file in \`${input}\``,
      path,
    );
}

/**
 * Everything the run reads later, checked before the first call to the cluster: the working
 * directory (when tofu runs there or paths resolve against it) and each var file and targets file,
 * with the same path rule `loadTargets` and tofu use.
 */
export function checkTargetSource(source: TargetSource, options: { tofuRuns: boolean }): void {
  const relative = [...source.varFiles, ...(source.targetsFile ? [source.targetsFile] : [])].some(
    (f) => !isAbsolute(f),
  );
  if (options.tofuRuns || relative) checkWorkingDirectory(source.workingDirectory);
  const at = (file: string) => resolve(source.workingDirectory, file);
  for (const file of source.varFiles) checkSourceFile('var-files', at(file));
  if (source.targetsFile) checkSourceFile('targets-file', at(source.targetsFile));
}
