import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseIntOrNull, parseKeyValues, readText } from './read';

/** Where this process's cgroup lives, per controller, under `root`. */
export interface CgroupLocation {
  version: 'v1' | 'v2';
  /** The cgroup path as /proc/self/cgroup names it (for the memory controller on v1). */
  path: string;
  memoryDir: string | null;
  cpuDir: string | null;
  /** v1 only: the cpuacct controller, whose counters v2 keeps in cpu.stat. */
  cpuacctDir: string | null;
}

interface Mount {
  root: string;
  mountPoint: string;
  fsType: string;
  superOptions: string[];
}

function readMounts(root: string): Mount[] | undefined {
  const text = readText(root, 'proc', 'self', 'mountinfo');
  if (!text) return undefined;
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const left = line.slice(0, dash).split(' ');
    const right = line.slice(dash + 3).split(' ');
    const fsType = right[0] ?? '';
    if (fsType !== 'cgroup' && fsType !== 'cgroup2') continue;
    mounts.push({
      root: left[3] ?? '/',
      mountPoint: left[4] ?? '',
      fsType,
      superOptions: (right[2] ?? '').split(','),
    });
  }
  return mounts;
}

/** Maps controller name → path from /proc/self/cgroup; the v2 entry is under ''. */
function readMembership(root: string): Map<string, string> | undefined {
  const text = readText(root, 'proc', 'self', 'cgroup');
  if (!text) return undefined;
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    for (const controller of m[2]!.split(',')) out.set(controller, m[3]!);
  }
  return out;
}

/**
 * The directory of a cgroup below its mount. A container without its own cgroup namespace sees the
 * host's path but has only its own cgroup mounted; then the mount point itself is the cgroup.
 */
function cgroupDir(root: string, mount: Mount, path: string): string {
  const relative = mount.root !== '/' && path.startsWith(mount.root) ? path.slice(mount.root.length) : path;
  const dir = join(root, mount.mountPoint, ...posix.normalize(`/${relative}`).split('/').filter(Boolean));
  return existsSync(dir) ? dir : join(root, mount.mountPoint);
}

function defaultMounts(root: string): Mount[] {
  if (existsSync(join(root, 'sys/fs/cgroup/cgroup.controllers'))) {
    return [{ root: '/', mountPoint: '/sys/fs/cgroup', fsType: 'cgroup2', superOptions: [] }];
  }
  return ['memory', 'cpu', 'cpuacct']
    .filter((c) => existsSync(join(root, 'sys/fs/cgroup', c)))
    .map((c) => ({ root: '/', mountPoint: `/sys/fs/cgroup/${c}`, fsType: 'cgroup', superOptions: [c] }));
}

/**
 * Finds this process's cgroup. v1 wins on hybrid hosts when it holds the memory controller (the
 * unified hierarchy there carries no controllers); undefined when no cgroup filesystem is visible.
 */
export function locateCgroup(root = '/'): CgroupLocation | undefined {
  const membership = readMembership(root);
  if (!membership) return undefined;
  const mounts = readMounts(root) ?? defaultMounts(root);
  const v1 = (controller: string) => {
    const mount = mounts.find((m) => m.fsType === 'cgroup' && m.superOptions.includes(controller));
    const path = membership.get(controller);
    return mount && path !== undefined ? cgroupDir(root, mount, path) : null;
  };
  const memoryV1 = v1('memory');
  const cpuV1 = v1('cpu');
  if (memoryV1 || cpuV1) {
    return {
      version: 'v1',
      path: membership.get('memory') ?? membership.get('cpu') ?? '/',
      memoryDir: memoryV1,
      cpuDir: cpuV1,
      cpuacctDir: v1('cpuacct'),
    };
  }
  const unified = mounts.find((m) => m.fsType === 'cgroup2');
  const path = membership.get('');
  if (!unified || path === undefined) return undefined;
  const dir = cgroupDir(root, unified, path);
  const controllers = (readText(dir, 'cgroup.controllers') ?? '').trim().split(/\s+/);
  return {
    version: 'v2',
    path,
    memoryDir: controllers.includes('memory') || existsSync(join(dir, 'memory.current')) ? dir : null,
    cpuDir: controllers.includes('cpu') || existsSync(join(dir, 'cpu.stat')) ? dir : null,
    cpuacctDir: null,
  };
}

/** Values at or above this are the kernel's "no limit" on v1 (PAGE_COUNTER_MAX in bytes). */
const V1_UNLIMITED = 2 ** 62;

export interface CgroupLimits {
  version: 'v1' | 'v2';
  path: string;
  /** null: no limit set. */
  memoryLimitBytes: number | null;
  /** CPU quota in cores (quota / period); null: no quota. */
  cpuLimitCores: number | null;
}

export function readCgroupLimits(root = '/'): CgroupLimits | undefined {
  const where = locateCgroup(root);
  if (!where) return undefined;
  let memoryLimitBytes: number | null = null;
  let cpuLimitCores: number | null = null;
  if (where.version === 'v2') {
    if (where.memoryDir) memoryLimitBytes = parseIntOrNull(readText(where.memoryDir, 'memory.max'));
    const [quota, period] = (readText(where.cpuDir ?? '', 'cpu.max') ?? '').trim().split(/\s+/);
    if (where.cpuDir && quota && quota !== 'max' && period) cpuLimitCores = Number(quota) / Number(period);
  } else {
    if (where.memoryDir) {
      const limit = parseIntOrNull(readText(where.memoryDir, 'memory.limit_in_bytes'));
      memoryLimitBytes = limit !== null && limit < V1_UNLIMITED ? limit : null;
    }
    if (where.cpuDir) {
      const quota = parseIntOrNull(readText(where.cpuDir, 'cpu.cfs_quota_us'));
      const period = parseIntOrNull(readText(where.cpuDir, 'cpu.cfs_period_us'));
      if (quota !== null && quota > 0 && period) cpuLimitCores = quota / period;
    }
  }
  return { version: where.version, path: where.path, memoryLimitBytes, cpuLimitCores };
}

export interface CgroupUsage {
  memoryCurrentBytes: number | null;
  /** Peak since the cgroup began (v1 max_usage_in_bytes, v2 memory.peak where the kernel has it). */
  memoryPeakBytes: number | null;
  cpuUsageUsec: number | null;
  cpuUserUsec: number | null;
  cpuSystemUsec: number | null;
  nrPeriods: number | null;
  nrThrottled: number | null;
  throttledUsec: number | null;
}

/** The cgroup's own counters; read these inside a container instead of the host's /proc figures. */
export function readCgroupUsage(where: CgroupLocation): CgroupUsage {
  if (where.version === 'v2') {
    const mem = where.memoryDir;
    const cpu = parseKeyValues(where.cpuDir ? readText(where.cpuDir, 'cpu.stat') : undefined);
    return {
      memoryCurrentBytes: mem ? parseIntOrNull(readText(mem, 'memory.current')) : null,
      memoryPeakBytes: mem ? parseIntOrNull(readText(mem, 'memory.peak')) : null,
      cpuUsageUsec: cpu.get('usage_usec') ?? null,
      cpuUserUsec: cpu.get('user_usec') ?? null,
      cpuSystemUsec: cpu.get('system_usec') ?? null,
      nrPeriods: cpu.get('nr_periods') ?? null,
      nrThrottled: cpu.get('nr_throttled') ?? null,
      throttledUsec: cpu.get('throttled_usec') ?? null,
    };
  }
  const mem = where.memoryDir;
  const cpu = parseKeyValues(where.cpuDir ? readText(where.cpuDir, 'cpu.stat') : undefined);
  const acct = where.cpuacctDir;
  const usageNs = acct ? parseIntOrNull(readText(acct, 'cpuacct.usage')) : null;
  // cpuacct.stat is in USER_HZ ticks (10 ms).
  const ticks = parseKeyValues(acct ? readText(acct, 'cpuacct.stat') : undefined);
  const throttledNs = cpu.get('throttled_time');
  return {
    memoryCurrentBytes: mem ? parseIntOrNull(readText(mem, 'memory.usage_in_bytes')) : null,
    memoryPeakBytes: mem ? parseIntOrNull(readText(mem, 'memory.max_usage_in_bytes')) : null,
    cpuUsageUsec: usageNs === null ? null : Math.round(usageNs / 1000),
    cpuUserUsec: ticks.has('user') ? ticks.get('user')! * 10_000 : null,
    cpuSystemUsec: ticks.has('system') ? ticks.get('system')! * 10_000 : null,
    nrPeriods: cpu.get('nr_periods') ?? null,
    nrThrottled: cpu.get('nr_throttled') ?? null,
    throttledUsec: throttledNs === undefined ? null : Math.round(throttledNs / 1000),
  };
}

/**
 * Whether this process runs inside a container: a marker file, or a cgroup of its own with a
 * memory or CPU limit. Then the cgroup's figures describe the job, the host's do not.
 */
export function isContainerized(root = '/'): boolean {
  if (existsSync(join(root, '.dockerenv')) || existsSync(join(root, 'run/.containerenv'))) return true;
  const limits = readCgroupLimits(root);
  return !!limits && (limits.memoryLimitBytes !== null || limits.cpuLimitCores !== null);
}
