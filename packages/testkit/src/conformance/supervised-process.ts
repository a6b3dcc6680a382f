import type { ChildProcess } from 'node:child_process';

/** A binary under test run as a child process: its output kept, its end awaited, stopped politely. */
export interface SupervisedProcess {
  /** Resolves with the exit code once the process ended (null: killed by a signal). */
  exited: Promise<number | null>;
  /** The exit code, or undefined while it runs. */
  exitCode(): number | null | undefined;
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it ended. */
  stop(graceMs?: number): Promise<void>;
}

export function supervise(child: ChildProcess, onExit?: (code: number | null) => void): SupervisedProcess {
  const out: string[] = [];
  child.stdout?.on('data', (d) => out.push(String(d)));
  child.stderr?.on('data', (d) => out.push(String(d)));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (c) => {
      code = c;
      onExit?.(c);
      resolve(c);
    }),
  );
  return {
    exited,
    exitCode: () => code,
    output: () => out.join(''),
    stop: async (graceMs = 5_000) => {
      if (code !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
