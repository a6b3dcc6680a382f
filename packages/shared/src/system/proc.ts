import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseIntOrNull, readText } from './read';

/** USER_HZ: the unit of /proc/stat and /proc/<pid>/stat times; 100 on every Linux ABI in use. */
export const CLOCK_TICKS_PER_SECOND = 100;

/** Aggregate CPU time counters from the `cpu` line of /proc/stat, in ticks. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  total: number;
}

export interface ProcStat {
  cpu: CpuTimes;
  /** Boot time, seconds since the epoch. */
  bootTime: number | null;
}

export function readProcStat(root = '/'): ProcStat | undefined {
  const text = readText(root, 'proc', 'stat');
  if (!text) return undefined;
  let cpu: CpuTimes | undefined;
  let bootTime: number | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu ')) {
      const f = line.trim().split(/\s+/).slice(1).map(Number);
      const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
      // guest and guest_nice are already counted in user and nice.
      const total = user + nice + system + idle + iowait + irq + softirq + steal;
      cpu = { user, nice, system, idle, iowait, irq, softirq, steal, total };
    } else if (line.startsWith('btime ')) {
      bootTime = parseIntOrNull(line.slice(6));
    }
  }
  return cpu ? { cpu, bootTime } : undefined;
}

export interface CpuShares {
  userPct: number;
  systemPct: number;
  stealPct: number;
  busyPct: number;
}

/** Percentages of all CPU time between two readings. */
export function cpuShares(before: CpuTimes, after: CpuTimes): CpuShares | undefined {
  const total = after.total - before.total;
  if (total <= 0) return undefined;
  const pct = (v: number) => (100 * v) / total;
  const idle = after.idle + after.iowait - (before.idle + before.iowait);
  return {
    userPct: pct(after.user + after.nice - before.user - before.nice),
    systemPct: pct(after.system + after.irq + after.softirq - before.system - before.irq - before.softirq),
    stealPct: pct(after.steal - before.steal),
    busyPct: pct(total - idle),
  };
}

export interface MemInfo {
  totalBytes: number;
  availableBytes: number;
  usedBytes: number;
}

export function readMemInfo(root = '/'): MemInfo | undefined {
  const text = readText(root, 'proc', 'meminfo');
  if (!text) return undefined;
  const kib = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const totalBytes = kib('MemTotal');
  if (totalBytes === undefined) return undefined;
  // Kernels before 3.14 have no MemAvailable; free + buffers + cached is the classic estimate.
  const availableBytes =
    kib('MemAvailable') ?? (kib('MemFree') ?? 0) + (kib('Buffers') ?? 0) + (kib('Cached') ?? 0);
  return { totalBytes, availableBytes, usedBytes: totalBytes - availableBytes };
}

/** Seconds since boot. */
export function readUptime(root = '/'): number | undefined {
  const text = readText(root, 'proc', 'uptime');
  const value = text ? Number.parseFloat(text) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}

export interface CpuInfo {
  model: string | null;
  /** Logical processors listed. */
  processors: number;
  mhz: number | null;
}

export function readCpuInfo(root = '/'): CpuInfo | undefined {
  const text = readText(root, 'proc', 'cpuinfo');
  if (!text) return undefined;
  const model = /^(?:model name|Model|Processor)\s*:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? null;
  const mhz = /^cpu MHz\s*:\s*([\d.]+)$/m.exec(text)?.[1];
  const processors = (text.match(/^processor\s*:/gm) ?? []).length;
  return { model, processors, mhz: mhz ? Number(mhz) : null };
}

/** The fields of /proc/<pid>/stat this project needs (times in ticks). */
export interface ProcessStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  utime: number;
  stime: number;
  /** CPU time of waited-for children. */
  cutime: number;
  cstime: number;
  /** Start time in ticks after boot. */
  startTime: number;
}

export function parseProcessStat(text: string): ProcessStat | undefined {
  // comm is in parentheses and may itself contain spaces or ')'.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const n = (i: number) => Number(rest[i - 3]);
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: n(4),
    utime: n(14),
    stime: n(15),
    cutime: n(16),
    cstime: n(17),
    startTime: n(22),
  };
}

export function readProcessStat(pid: number | 'self', root = '/'): ProcessStat | undefined {
  const text = readText(root, 'proc', String(pid), 'stat');
  return text ? parseProcessStat(text) : undefined;
}

/** Current and peak resident set size of a process, bytes (from /proc/<pid>/status). */
export function readProcessMemory(
  pid: number,
  root = '/',
): { rssBytes: number; peakRssBytes: number } | undefined {
  const text = readText(root, 'proc', String(pid), 'status');
  if (!text) return undefined;
  const kib = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) * 1024;
  const rssBytes = kib('VmRSS');
  const peakRssBytes = kib('VmHWM');
  if (Number.isNaN(rssBytes) && Number.isNaN(peakRssBytes)) return undefined;
  return { rssBytes: rssBytes || 0, peakRssBytes: peakRssBytes || rssBytes || 0 };
}

/** The pid and every live descendant of it, found by scanning /proc/<pid>/stat parent links. */
export function processTree(pid: number, root = '/'): number[] {
  let entries: string[];
  try {
    entries = readdirSync(join(root, 'proc'));
  } catch {
    return [pid];
  }
  const children = new Map<number, number[]>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcessStat(Number(entry), root);
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/**
 * Seconds since this machine or container started: PID 1's start time after boot, so inside a
 * container (its own PID namespace) this is the container's age, on a VM the boot's.
 */
export function readInitAgeSeconds(root = '/'): number | undefined {
  const uptime = readUptime(root);
  const init = readProcessStat(1, root);
  if (uptime === undefined || !init || !Number.isFinite(init.startTime)) return undefined;
  return Math.max(0, uptime - init.startTime / CLOCK_TICKS_PER_SECOND);
}
