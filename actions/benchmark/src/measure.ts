import { spawn } from 'node:child_process';
import { FlywheelError } from '@gloriousflywheel/shared';
import {
  CLOCK_TICKS_PER_SECOND,
  parseProcessStat,
  processTree,
  readProcessMemory,
} from '@gloriousflywheel/shared/system';

/** What the workload runs: a shell script the workflow author wrote, or a preset's argument array. */
export type Workload = { kind: 'script'; script: string } | { kind: 'argv'; argv: string[] };

export interface RunMeasurement {
  index: number;
  warmup: boolean;
  startedAt: string;
  /** Wall time less the calibrated cost of starting the wrapper shell (as hyperfine does). */
  wallMs: number;
  /** Wall time from spawn to exit, nothing subtracted. */
  rawWallMs: number;
  /** CPU time of the whole process tree (every waited-for descendant), from the wrapper's stat. */
  userMs: number | null;
  systemMs: number | null;
  /** Largest VmHWM seen among the tree's processes while it ran (sampled); null when none was seen. */
  peakRssBytes: number | null;
  exitCode: number;
  signal: string | null;
}

export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** How often the process tree's peak RSS is polled (0 turns it off). */
  rssPollMs?: number;
  /** The wrapper shell's own cost (from calibrateShell), subtracted from the wall time. */
  overheadMs?: number;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

/*
 * The wrapper shell runs the workload, then reads its own /proc/<pid>/stat with builtins only (no
 * fork): cutime/cstime there hold the CPU time of every descendant it waited for, the figure
 * getrusage(RUSAGE_CHILDREN) would give. fd 3 carries that line back and is closed for the workload.
 * A script is eval'ed in the wrapper itself, so no second shell is started.
 */
const REPORT = 's=$?; read -r l < /proc/$$/stat 2>/dev/null && printf "%s\\n" "$l" >&3; exit $s';
const SCRIPT_WRAPPER = `eval "$1" 3>&-; ${REPORT}`;
const ARGV_WRAPPER = `"$@" 3>&-; ${REPORT}`;

function wrapperArgs(workload: Workload): string[] {
  return workload.kind === 'script'
    ? ['-c', SCRIPT_WRAPPER, 'flywheel-benchmark', workload.script]
    : ['-c', ARGV_WRAPPER, 'flywheel-benchmark', ...workload.argv];
}

/** Runs the workload once and measures it. A non-zero exit is recorded, not thrown. */
export function measureRun(
  workload: Workload,
  index: number,
  warmup: boolean,
  options: MeasureOptions = {},
): Promise<RunMeasurement> {
  return new Promise((resolve, reject) => {
    const startedAt = new Date().toISOString();
    const start = process.hrtime.bigint();
    const child = spawn('/bin/sh', wrapperArgs(workload), {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let end: bigint | undefined;
    let statLine = '';
    let peak = 0;
    let timedOut = false;
    child.stdout?.on('data', (c: Buffer) => options.onStdout?.(c));
    child.stderr?.on('data', (c: Buffer) => options.onStderr?.(c));
    const report = child.stdio[3] as NodeJS.ReadableStream | null;
    report?.on('data', (c: Buffer) => {
      statLine += c.toString('utf8');
    });
    const pollPeak = () => {
      if (!child.pid) return;
      for (const pid of processTree(child.pid)) {
        const mem = readProcessMemory(pid);
        if (mem && mem.peakRssBytes > peak) peak = mem.peakRssBytes;
      }
    };
    const poll = options.rssPollMs ? setInterval(pollPeak, options.rssPollMs) : undefined;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          try {
            if (child.pid) process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }, options.timeoutMs)
      : undefined;
    child.on('exit', () => {
      end = process.hrtime.bigint();
    });
    child.on('error', (error) => {
      if (poll) clearInterval(poll);
      if (timer) clearTimeout(timer);
      reject(
        new FlywheelError('PROCESS_FAILED', `the workload could not start: ${error.message}`, {
          cause: error,
        }),
      );
    });
    child.on('close', (code, signal) => {
      if (poll) clearInterval(poll);
      if (timer) clearTimeout(timer);
      const rawWallMs = Number((end ?? process.hrtime.bigint()) - start) / 1e6;
      const wallMs = Math.max(0, rawWallMs - (options.overheadMs ?? 0));
      if (timedOut) {
        reject(
          new FlywheelError(
            'TIMEOUT',
            `run ${index + 1} did not finish within ${options.timeoutMs} ms and was stopped`,
            {
              hint: 'raise `run-timeout` or make the workload smaller',
            },
          ),
        );
        return;
      }
      const stat = parseProcessStat(statLine.trim());
      const ms = (ticks: number) => (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
      resolve({
        index,
        warmup,
        startedAt,
        wallMs,
        rawWallMs,
        userMs: stat ? ms(stat.utime + stat.cutime) : null,
        systemMs: stat ? ms(stat.stime + stat.cstime) : null,
        peakRssBytes: peak > 0 ? peak : null,
        exitCode: code ?? 128,
        signal: signal ?? null,
      });
    });
  });
}

/**
 * The median cost of the wrapper with an empty script: starting the shell and the report. What is
 * left after subtracting it is the workload's fork, exec and run time — hyperfine subtracts an empty
 * shell the same way, but its shell execs the command without a fork, so ours stays one fork
 * (about a millisecond, a few on a slow-forking sandbox) more conservative.
 */
export async function calibrateShell(
  runs = 10,
  options: Pick<MeasureOptions, 'cwd' | 'env'> = {},
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++)
    times.push((await measureRun({ kind: 'script', script: ':' }, i, true, options)).rawWallMs);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
