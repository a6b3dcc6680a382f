import { statfs } from 'node:fs/promises';
import { readCgroupLimits } from '@gloriousflywheel/shared/system';
import { type CheckResult, check } from '../checks';
import { formatBytes, parseSize } from './sizes';

export interface EnvelopeOptions {
  systemRoot: string;
  expectCpu?: number;
  expectMemory?: string;
  minFreeDisk: string;
  /** Paths whose filesystems need free space (workspace, Nix store). */
  disks: Array<{ name: string; path: string }>;
}

/** Within 5 %: limits are set as round numbers, but the kernel stores them in its own units. */
const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.05 * b, 1e-9);

export async function checkEnvelope(options: EnvelopeOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const limits = readCgroupLimits(options.systemRoot);
  const evidence = limits
    ? [
        `cgroup ${limits.version} ${limits.path}`,
        `cpu limit: ${limits.cpuLimitCores ?? 'none'}`,
        `memory limit: ${limits.memoryLimitBytes === null ? 'none' : formatBytes(limits.memoryLimitBytes)}`,
      ]
    : ['no cgroup filesystem visible'];
  if (options.expectCpu !== undefined || options.expectMemory !== undefined) {
    const problems: string[] = [];
    if (!limits) problems.push('no cgroup limits could be read');
    if (
      limits &&
      options.expectCpu !== undefined &&
      (limits.cpuLimitCores === null || !close(limits.cpuLimitCores, options.expectCpu))
    ) {
      problems.push(`CPU limit is ${limits.cpuLimitCores ?? 'unset'}, expected ${options.expectCpu}`);
    }
    if (limits && options.expectMemory !== undefined) {
      const want = parseSize(options.expectMemory);
      if (limits.memoryLimitBytes === null || !close(limits.memoryLimitBytes, want)) {
        problems.push(
          `memory limit is ${limits.memoryLimitBytes === null ? 'unset' : formatBytes(limits.memoryLimitBytes)}, expected ${formatBytes(want)}`,
        );
      }
    }
    results.push(
      problems.length
        ? check(
            'capacity-envelope',
            'cgroup limits',
            'runner',
            'fail',
            problems.join('; '),
            evidence,
            "the job landed on a runner class with other resources: check runs-on and the scale set's cpu/memory limits",
          )
        : check(
            'capacity-envelope',
            'cgroup limits',
            'runner',
            'pass',
            'CPU and memory limits match',
            evidence,
          ),
    );
  } else {
    results.push(
      check(
        'capacity-envelope',
        'cgroup limits',
        'runner',
        limits ? 'pass' : 'skip',
        limits ? 'limits read (no expectation set)' : 'no cgroup visible',
        evidence,
      ),
    );
  }
  const min = parseSize(options.minFreeDisk);
  for (const disk of options.disks) {
    const id = `disk-${disk.name}`;
    try {
      const fs = await statfs(disk.path);
      const free = Number(fs.bavail) * Number(fs.bsize);
      const line = `${disk.path}: ${formatBytes(free)} free of ${formatBytes(Number(fs.blocks) * Number(fs.bsize))}`;
      results.push(
        free >= min
          ? check(id, `free disk (${disk.name})`, 'runner', 'pass', `${formatBytes(free)} free`, [line])
          : check(
              id,
              `free disk (${disk.name})`,
              'runner',
              'fail',
              `${formatBytes(free)} free, below ${formatBytes(min)}`,
              [line],
              'free space on the node (image filesystem pressure evicts pods): prune images, age out completed runner pods, or move the lane to a node with a larger disk',
            ),
      );
    } catch {
      results.push(check(id, `free disk (${disk.name})`, 'runner', 'skip', `${disk.path} does not exist`));
    }
  }
  return results;
}
