import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort, waitReady } from './services';

export const PUSHGATEWAY_BIN = '/usr/bin/prometheus-pushgateway';
export const pushgatewayMissing = !existsSync(PUSHGATEWAY_BIN);
export const pushgatewayMissingReason = `${PUSHGATEWAY_BIN} is not installed (Debian prometheus-pushgateway): the push test is skipped`;

/** Ends a child and resolves once it has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A real Pushgateway on 127.0.0.1 without persistence, ready to take pushes. */
export async function startPushgateway(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(PUSHGATEWAY_BIN, [`--web.listen-address=127.0.0.1:${port}`], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${url}/-/ready`, 'the Pushgateway to be ready');
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url, stop: () => stopChild(child) };
}
