import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cpuShares,
  parseProcessStat,
  processTree,
  readCpuInfo,
  readInitAgeSeconds,
  readMemInfo,
  readProcessMemory,
  readProcessStat,
  readProcStat,
} from '../../src/system';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

describe('/proc readers on fixture trees', () => {
  const root = fixture('proc-vm');

  it('reads the cpu line with steal and the boot time', () => {
    const stat = readProcStat(root)!;
    expect(stat.cpu).toMatchObject({
      user: 10132153,
      nice: 290696,
      system: 3084719,
      idle: 46828483,
      steal: 1500,
    });
    expect(stat.cpu.total).toBe(10132153 + 290696 + 3084719 + 46828483 + 16683 + 0 + 25195 + 1500);
    expect(stat.bootTime).toBe(1763866800);
  });

  it('turns two readings into user, system and steal shares', () => {
    const before = readProcStat(root)!.cpu;
    const after = {
      ...before,
      user: before.user + 60,
      system: before.system + 20,
      steal: before.steal + 10,
      idle: before.idle + 110,
      total: before.total + 200,
    };
    expect(cpuShares(before, after)).toEqual({ userPct: 30, systemPct: 10, stealPct: 5, busyPct: 45 });
    expect(cpuShares(before, before)).toBeUndefined();
  });

  it('reads memory, the CPU model and a process with spaces and parentheses in its name', () => {
    expect(readMemInfo(root)).toEqual({
      totalBytes: 8039412 * 1024,
      availableBytes: 5023124 * 1024,
      usedBytes: (8039412 - 5023124) * 1024,
    });
    expect(readCpuInfo(root)).toEqual({
      model: 'Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz',
      processors: 2,
      mhz: 2793.437,
    });
    const p = readProcessStat(4242, root)!;
    expect(p).toMatchObject({
      pid: 4242,
      comm: 'Runner.Worker (x)',
      ppid: 4100,
      utime: 153,
      stime: 27,
      startTime: 81234,
    });
    expect(p.cutime).toBe(6);
    expect(readProcessMemory(4242, root)).toEqual({ rssBytes: 86080 * 1024, peakRssBytes: 120448 * 1024 });
  });

  it("computes a container's age from PID 1's start time", () => {
    // uptime 42.17 s, PID 1 started 517 ticks = 5.17 s after boot.
    expect(readInitAgeSeconds(fixture('cgroup-v2-pod'))).toBeCloseTo(37, 6);
    expect(readInitAgeSeconds(root)).toBeUndefined();
  });

  it('rejects a malformed stat line', () => {
    expect(parseProcessStat('garbage')).toBeUndefined();
  });
});

describe('/proc on this machine', () => {
  it.skipIf(!existsSync('/proc/self/stat'))('finds this process and a child in its tree', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('sleep', ['5']);
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(processTree(process.pid)).toContain(child.pid);
      expect(readProcessStat('self')!.pid).toBe(process.pid);
      expect(readProcessMemory(process.pid)!.peakRssBytes).toBeGreaterThan(1024 * 1024);
      expect(readProcStat()!.cpu.total).toBeGreaterThan(0);
    } finally {
      child.kill();
    }
  });
});
