import {
  type CgroupLocation,
  type CpuTimes,
  cpuShares,
  locateCgroup,
  readCgroupUsage,
  readMemInfo,
  readProcStat,
} from '@gloriousflywheel/shared/system';

/** One resource sample; CPU figures cover the interval since the previous sample. */
export interface ResourceSample {
  /** Milliseconds since sampling began. */
  t: number;
  cpuUserPct: number | null;
  cpuSystemPct: number | null;
  cpuStealPct: number | null;
  /** Host memory in use (MemTotal − MemAvailable). */
  memUsedBytes: number | null;
  /** Inside a container: the cgroup's memory.current (v2) / usage_in_bytes (v1). */
  cgroupMemoryBytes: number | null;
  /** Inside a container: the cgroup's CPU use as a percentage of one core over the interval. */
  cgroupCpuPct: number | null;
  /** CFS periods throttled during the interval. */
  throttledPeriods: number | null;
  throttledMs: number | null;
}

export interface SamplerOptions {
  intervalMs: number;
  /** Root of /proc and /sys (a fixture tree in tests). */
  root?: string;
  /** Read the cgroup's figures (inside a container) as well as the host's. */
  cgroup?: boolean;
}

interface Previous {
  at: number;
  cpu?: CpuTimes;
  cgroupUsageUsec?: number | null;
  nrThrottled?: number | null;
  throttledUsec?: number | null;
}

const delta = (now: number | null | undefined, before: number | null | undefined) =>
  now === null || now === undefined || before === null || before === undefined ? null : now - before;

/**
 * Samples CPU (user, system, steal), memory and — in a container — the cgroup's memory and CPU
 * throttling on a drift-corrected timer. Each tick reads a handful of small kernel files
 * synchronously (microseconds), so the overhead stays far below the 0.5 %-of-a-core budget.
 */
export class ResourceSampler {
  readonly samples: ResourceSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private started = 0;
  private ticks = 0;
  private previous: Previous | undefined;
  private readonly root: string;
  private readonly cgroup: CgroupLocation | undefined;

  constructor(private readonly options: SamplerOptions) {
    this.root = options.root ?? '/';
    this.cgroup = options.cgroup ? locateCgroup(this.root) : undefined;
  }

  start(): void {
    this.started = performance.now();
    this.previous = this.read(0).previous;
    this.schedule();
  }

  /** Takes a last sample (so a short workload still has one) and stops. */
  stop(): ResourceSample[] {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.previous) this.sample();
    this.previous = undefined;
    return this.samples;
  }

  private schedule(): void {
    this.ticks += 1;
    const due = this.started + this.ticks * this.options.intervalMs;
    this.timer = setTimeout(
      () => {
        this.sample();
        this.schedule();
      },
      Math.max(0, due - performance.now()),
    );
    this.timer.unref();
  }

  private sample(): void {
    const t = performance.now() - this.started;
    const { sample, previous } = this.read(t);
    if (sample) this.samples.push(sample);
    this.previous = previous;
  }

  private read(t: number): { sample?: ResourceSample; previous: Previous } {
    const stat = readProcStat(this.root);
    const mem = readMemInfo(this.root);
    const usage = this.cgroup ? readCgroupUsage(this.cgroup) : undefined;
    const previous: Previous = {
      at: t,
      ...(stat ? { cpu: stat.cpu } : {}),
      cgroupUsageUsec: usage?.cpuUsageUsec ?? null,
      nrThrottled: usage?.nrThrottled ?? null,
      throttledUsec: usage?.throttledUsec ?? null,
    };
    const before = this.previous;
    if (!before) return { previous };
    const shares = before.cpu && stat ? cpuShares(before.cpu, stat.cpu) : undefined;
    const elapsedUsec = (t - before.at) * 1000;
    const usedUsec = delta(previous.cgroupUsageUsec, before.cgroupUsageUsec);
    const throttled = delta(previous.throttledUsec, before.throttledUsec);
    return {
      previous,
      sample: {
        t: Math.round(t),
        cpuUserPct: shares?.userPct ?? null,
        cpuSystemPct: shares?.systemPct ?? null,
        cpuStealPct: shares?.stealPct ?? null,
        memUsedBytes: mem?.usedBytes ?? null,
        cgroupMemoryBytes: usage?.memoryCurrentBytes ?? null,
        cgroupCpuPct: usedUsec !== null && elapsedUsec > 0 ? (100 * usedUsec) / elapsedUsec : null,
        throttledPeriods: delta(previous.nrThrottled, before.nrThrottled),
        throttledMs: throttled === null ? null : throttled / 1000,
      },
    };
  }
}
