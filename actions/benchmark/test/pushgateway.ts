import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const PUSHGATEWAY_BIN = '/usr/bin/prometheus-pushgateway';
export const pushgatewayMissing = !existsSync(PUSHGATEWAY_BIN);
export const pushgatewayMissingReason = `${PUSHGATEWAY_BIN} is not installed (Debian prometheus-pushgateway): the push test is skipped`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real Pushgateway on 127.0.0.1 without persistence, ready to take pushes. The port is free when
 * chosen but another process may take it before the gateway binds; then our gateway exits and a
 * readiness probe would reach the other one, so readiness counts only while our child runs, and a
 * child that exits is started again on another port.
 */
export async function startPushgateway(): Promise<{ url: string; stop: () => Promise<void> }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(PUSHGATEWAY_BIN, [`--web.listen-address=127.0.0.1:${port}`], {
      stdio: 'ignore',
    });
    const url = `http://127.0.0.1:${port}`;
    if (await ready(child, url)) {
      return {
        url,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    child.kill('SIGKILL');
    if (attempt === 5)
      throw new Error(`${PUSHGATEWAY_BIN} did not become ready on 127.0.0.1 after 5 attempts`);
  }
}

async function ready(child: ChildProcess, url: string): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return child.exitCode === null;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
