import { constants, existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from '@gloriousflywheel/shared';
import { type CheckResult, check } from '../checks';

/** Nix is present, its version, and whether this user can build (a daemon, or a writable store). */
export async function checkToolchain(nixStore: string, nixBin = 'nix'): Promise<CheckResult> {
  const id = 'toolchain-nix';
  const title = 'Nix toolchain';
  let version: string;
  try {
    const result = await runProcess(nixBin, ['--version'], { timeoutMs: 15_000 });
    if (result.exitCode !== 0) throw new Error(result.stderr.trim() || `exit ${result.exitCode}`);
    version = result.stdout.trim();
  } catch (error) {
    return check(
      id,
      title,
      'runner',
      'fail',
      'nix is not on the PATH',
      [(error as Error).message],
      'use a Nix runner class (tinyland-nix) or install Nix in the runner image',
    );
  }
  const nixRoot = join(nixStore, '..');
  const socket = join(nixRoot, 'var', 'nix', 'daemon-socket', 'socket');
  if (existsSync(socket))
    return check(id, title, 'runner', 'pass', `${version}; builds through the daemon`, [socket]);
  try {
    await access(nixStore, constants.W_OK);
    return check(id, title, 'runner', 'pass', `${version}; single-user, store writable`, [nixStore]);
  } catch {
    return check(
      id,
      title,
      'runner',
      'fail',
      `${version}, but this user cannot build: no daemon socket and ${nixStore} is not writable`,
      [socket],
      'run the Nix daemon in the runner image or run the job as the store owner',
    );
  }
}
