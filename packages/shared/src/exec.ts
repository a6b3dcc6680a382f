import { spawn } from 'node:child_process';
import { FlywheelError } from './errors';
import { redact } from './platform/secrets';

export interface RunProcessOptions {
  cwd?: string;
  /** Replaces the environment when given; merge with process.env yourself to extend it. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Written to the child's stdin, which is then closed. */
  input?: string | Buffer;
  /** Called with each chunk as it arrives (already redacted), e.g. to stream a log. */
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /** Throw PROCESS_FAILED on a non-zero exit (default false: the caller decides). */
  check?: boolean;
  signal?: AbortSignal;
  /** Keep at most this many bytes of each stream (the tail); default 16 MiB. */
  maxBuffer?: number;
}

export interface ProcessResult {
  exitCode: number;
  /** The signal that ended it, if any (a timeout ends it with SIGTERM, then SIGKILL). */
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/**
 * Runs a program with its arguments as an array (never through a shell), with a timeout that kills
 * the whole process group, and captures its output with every known secret redacted.
 *
 * Why not @actions/exec: it has no timeout and no way to kill the child, both of which the push
 * deadline and the benchmark need; it also echoes the command line to stdout.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions = {},
): Promise<ProcessResult> {
  const started = performance.now();
  const maxBuffer = options.maxBuffer ?? 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      killTimer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 2000);
      killTimer.unref();
    };
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          kill();
        }, options.timeoutMs)
      : undefined;
    const onAbort = () => kill();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = keepTail(stdout + chunk, maxBuffer);
      options.onStdout?.(redact(chunk));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = keepTail(stderr + chunk, maxBuffer);
      options.onStderr?.(redact(chunk));
    });
    child.stdin.on('error', () => {
      // The child may exit without reading its input; that is its business.
    });
    child.stdin.end(options.input);

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error.code === 'ENOENT') {
        reject(
          new FlywheelError('PROCESS_FAILED', `\`${command}\` was not found`, {
            hint: 'install it on the runner or give its full path',
            cause: error,
          }),
        );
      } else
        reject(
          new FlywheelError('PROCESS_FAILED', `\`${command}\` could not start: ${error.message}`, {
            cause: error,
          }),
        );
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      const result: ProcessResult = {
        exitCode: code ?? (signal ? 128 : 1),
        signal,
        timedOut,
        stdout: redact(stdout),
        stderr: redact(stderr),
        durationMs: performance.now() - started,
      };
      if (timedOut) {
        reject(
          new FlywheelError(
            'TIMEOUT',
            `\`${command}\` did not finish within ${options.timeoutMs} ms and was stopped`,
            {
              details: { command, exitCode: result.exitCode },
            },
          ),
        );
        return;
      }
      if (options.check && result.exitCode !== 0) {
        const tail = result.stderr.trim().split('\n').slice(-5).join('\n');
        reject(
          new FlywheelError(
            'PROCESS_FAILED',
            `\`${command} ${args[0] ?? ''}\` exited with ${result.exitCode}${tail ? `: ${tail}` : ''}`,
            {
              details: { command, exitCode: result.exitCode },
            },
          ),
        );
        return;
      }
      resolve(result);
    });
  });
}

function keepTail(text: string, max: number): string {
  return text.length > max ? text.slice(text.length - max) : text;
}
