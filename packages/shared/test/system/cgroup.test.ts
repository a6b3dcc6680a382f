import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isContainerized, locateCgroup, readCgroupLimits, readCgroupUsage } from '../../src/system';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

describe('cgroup v2', () => {
  it('reads an ARC pod with its own cgroup namespace', () => {
    const root = fixture('cgroup-v2-pod');
    const where = locateCgroup(root)!;
    expect(where.version).toBe('v2');
    expect(where.memoryDir).toBe(join(root, 'sys/fs/cgroup'));
    expect(readCgroupLimits(root)).toEqual({
      version: 'v2',
      path: '/',
      memoryLimitBytes: 8589934592,
      cpuLimitCores: 4,
    });
    expect(readCgroupUsage(where)).toEqual({
      memoryCurrentBytes: 1937522688,
      memoryPeakBytes: 2684354560,
      cpuUsageUsec: 81234567,
      cpuUserUsec: 70234567,
      cpuSystemUsec: 11000000,
      nrPeriods: 5120,
      nrThrottled: 312,
      throttledUsec: 9876543,
    });
    expect(isContainerized(root)).toBe(true);
  });

  it('follows a nested systemd path on a host without mountinfo, "max" meaning no limit', () => {
    const root = fixture('cgroup-v2-host');
    const where = locateCgroup(root)!;
    expect(where.memoryDir).toBe(join(root, 'sys/fs/cgroup/system.slice/actions.runner.tinyland.service'));
    expect(readCgroupLimits(root)).toMatchObject({ memoryLimitBytes: null, cpuLimitCores: null });
    const usage = readCgroupUsage(where);
    expect(usage.memoryCurrentBytes).toBe(734003200);
    expect(usage.memoryPeakBytes).toBeNull();
    expect(usage.nrThrottled).toBeNull();
    expect(isContainerized(root)).toBe(false);
  });
});

describe('cgroup v1', () => {
  it('reads a docker container whose own cgroup is bind-mounted at the controller root', () => {
    const root = fixture('cgroup-v1-docker');
    const where = locateCgroup(root)!;
    expect(where.version).toBe('v1');
    expect(where.path).toBe('/docker/4f1c2e9a0b7d');
    expect(where.memoryDir).toBe(join(root, 'sys/fs/cgroup/memory'));
    expect(where.cpuDir).toBe(join(root, 'sys/fs/cgroup/cpu,cpuacct'));
    expect(readCgroupLimits(root)).toMatchObject({ memoryLimitBytes: 2147483648, cpuLimitCores: 1.5 });
    expect(readCgroupUsage(where)).toEqual({
      memoryCurrentBytes: 523239424,
      memoryPeakBytes: 901775360,
      cpuUsageUsec: 45678901,
      cpuUserUsec: 40120000,
      cpuSystemUsec: 5210000,
      nrPeriods: 880,
      nrThrottled: 41,
      throttledUsec: 2345679,
    });
    expect(isContainerized(root)).toBe(true);
  });

  it("treats the kernel's huge limit and a quota of -1 as no limit", () => {
    const root = fixture('cgroup-v1-unlimited');
    expect(readCgroupLimits(root)).toEqual({
      version: 'v1',
      path: '/',
      memoryLimitBytes: null,
      cpuLimitCores: null,
    });
    expect(isContainerized(root)).toBe(false);
  });

  it('reports nothing when no cgroup is visible', () => {
    expect(locateCgroup(fixture('proc-vm'))).toBeUndefined();
    expect(readCgroupLimits(fixture('proc-vm'))).toBeUndefined();
  });
});

describe('this machine', () => {
  it.skipIf(!existsSync('/proc/self/cgroup'))('locates its own cgroup and reads a memory figure', () => {
    const where = locateCgroup('/');
    expect(where).toBeDefined();
    if (where?.memoryDir) expect(readCgroupUsage(where).memoryCurrentBytes).toBeGreaterThan(0);
  });
});
