import { runProcess } from '@gloriousflywheel/shared';
import { type CheckResult, check } from '../checks';
import { nixStoreAccess } from './nix-access';

/**
 * Nix is present, its version, and whether this user can build: through a daemon, in a writable
 * store, or in a store Nix will create on first use. It fails only when none of the three holds.
 */
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
  const store = await nixStoreAccess(nixStore);
  switch (store.kind) {
    case 'daemon':
      return check(id, title, 'runner', 'pass', `${version}; builds through the daemon`, [store.socket]);
    case 'writable':
      return check(id, title, 'runner', 'pass', `${version}; single-user, store writable`, [store.store]);
    case 'creatable':
      return check(id, title, 'runner', 'pass', `${version}; single-user, store created on first use`, [
        `${store.store} does not exist yet; ${store.parent} is writable`,
      ]);
    case 'denied':
      return check(
        id,
        title,
        'runner',
        'fail',
        `${version}, but this user cannot build: ${store.reason}`,
        store.evidence,
        store.hint,
      );
  }
}
