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

/** A real Pushgateway on 127.0.0.1 without persistence, ready to take pushes. */
export async function startPushgateway(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  // Debian's build persists to /var/lib/prometheus/pushgateway.data by default: an empty
  // persistence file keeps each gateway's metrics in memory, free of what earlier runs pushed.
  const child: ChildProcess = spawn(PUSHGATEWAY_BIN, [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file='], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
