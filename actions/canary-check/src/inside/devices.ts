import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type CheckResult, check } from '../checks';

async function usable(path: string): Promise<string | undefined> {
  try {
    await stat(path);
  } catch {
    return `${path} is missing`;
  }
  try {
    await access(path, constants.R_OK | constants.W_OK);
    return undefined;
  } catch {
    return `${path} exists but this user cannot read and write it`;
  }
}

/** `kvm` → /dev/kvm; `dri` → every /dev/dri/* node (at least one). */
export async function checkDevices(devRoot: string, wanted: string[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const device of wanted) {
    const id = `device-${device}`;
    const title = `device ${device}`;
    if (device === 'kvm') {
      const problem = await usable(join(devRoot, 'kvm'));
      results.push(
        problem
          ? check(
              id,
              title,
              'runner',
              'fail',
              problem,
              [],
              'schedule the job on the KVM lane (tinyland-nix-kvm), whose pods mount the host /dev/kvm, and add the runner user to the kvm group',
            )
          : check(id, title, 'runner', 'pass', `${join(devRoot, 'kvm')} is usable`),
      );
      continue;
    }
    if (device === 'dri') {
      const dir = join(devRoot, 'dri');
      const nodes = await readdir(dir).catch(() => [] as string[]);
      if (nodes.length === 0) {
        results.push(
          check(
            id,
            title,
            'runner',
            'fail',
            `${dir} has no device nodes`,
            [],
            'schedule the job on the GPU lane (tinyland-nix-gpu), whose pods mount the host /dev/dri',
          ),
        );
        continue;
      }
      const problems = (await Promise.all(nodes.map((n) => usable(join(dir, n))))).filter((p): p is string =>
        Boolean(p),
      );
      results.push(
        problems.length
          ? check(
              id,
              title,
              'runner',
              'fail',
              `${problems.length} of ${nodes.length} /dev/dri nodes are not usable`,
              problems,
              'add the runner user to the video/render groups of the host device nodes',
            )
          : check(
              id,
              title,
              'runner',
              'pass',
              `${nodes.length} /dev/dri node(s) usable`,
              nodes.map((n) => join(dir, n)),
            ),
      );
      continue;
    }
    const problem = await usable(join(devRoot, device));
    results.push(
      problem
        ? check(id, title, 'runner', 'fail', problem, [], `expose /dev/${device} to the runner pod`)
        : check(id, title, 'runner', 'pass', `${join(devRoot, device)} is usable`),
    );
  }
  return results;
}
