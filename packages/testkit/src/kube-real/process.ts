import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TESTBED_BINARY } from './binary';

/** What the test bed prints on stdout once its API server listens. */
export interface Announcement {
  server: string;
  caFile: string;
  etcd: string;
  pid: number;
}

export interface TestbedProcess {
  child: ChildProcess;
  announcement: Announcement;
  logFile: string;
  /** The last lines of the server's log, for failure messages. */
  logTail(lines?: number): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

export interface SpawnOptions {
  dataDir: string;
  tokenFile: string;
  controllerTokenFile: string;
  /** More kube-apiserver flags (they win over the test bed's own). */
  apiServerArgs?: string[];
  /** How long the API server may take to listen (default 120 s). */
  listenTimeoutMs: number;
}

/**
 * Starts the test bed in its own process group (so stopping it takes every thread and child),
 * with its log in the data dir and TMPDIR inside it. Its stdin stays open: when this process dies,
 * the pipe closes and the test bed shuts itself down.
 */
export async function spawnTestbed(o: SpawnOptions): Promise<TestbedProcess> {
  const logFile = join(o.dataDir, 'server.log');
  const tmp = join(o.dataDir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const logFd = openSync(logFile, 'a', 0o600);
  const args = [
    `--data-dir=${o.dataDir}`,
    `--token-auth-file=${o.tokenFile}`,
    `--controller-token-file=${o.controllerTokenFile}`,
    '--',
    ...(o.apiServerArgs ?? []),
  ];
  let child: ChildProcess;
  try {
    child = spawn(TESTBED_BINARY, args, {
      detached: true,
      stdio: ['pipe', 'pipe', logFd],
      env: { ...process.env, TMPDIR: tmp },
    });
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const logTail = (lines = 20) => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };
  const announcement = await new Promise<Announcement>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `the test bed did not listen within ${o.listenTimeoutMs / 1000} s; its log:\n${logTail()}`,
          ),
        ),
      o.listenTimeoutMs,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as Announcement);
      } catch {
        reject(new Error(`the test bed printed ${line} instead of its address`));
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(
        new Error(
          `the test bed exited (${child.exitCode ?? child.signalCode}) before listening; its log:\n${logTail()}`,
        ),
      );
    });
  }).catch(async (error: unknown) => {
    await killGroup(child, exited);
    throw error;
  });
  // Keep reading stdout so the pipe never fills.
  child.stdout!.resume();
  return { child, announcement, logFile, logTail, exited };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Stops the test bed: SIGTERM to its group, a grace period for etcd and the API server, then SIGKILL. */
export async function killGroup(child: ChildProcess, exited: Promise<void>, graceMs = 30_000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.stdin?.end();
    signalGroup(child, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceful = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!graceful) {
      signalGroup(child, 'SIGKILL');
      await exited;
    }
  }
}
