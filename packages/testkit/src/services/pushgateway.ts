import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stopChild } from './stop-child';
import { freePort, waitReady } from './wait';

export const PUSHGATEWAY_BIN = '/usr/bin/prometheus-pushgateway';
export const pushgatewayMissing = !existsSync(PUSHGATEWAY_BIN);
export const pushgatewayMissingReason = `${PUSHGATEWAY_BIN} is not installed (Debian prometheus-pushgateway): the push test is skipped`;

/**
 * A real Pushgateway on 127.0.0.1 without persistence, ready to take pushes. The free port is
 * released before the gateway binds it, so another process on this shared machine can take it in
 * between: the gateway that answers must be ours (our child still runs, and it started after we
 * spawned it), else it is tried again on another port.
 */
export async function startPushgateway(): Promise<{ url: string; stop: () => Promise<void> }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const spawnedAt = Date.now();
    // An empty persistence file keeps each gateway's metrics in memory, free of what earlier runs
    // pushed (Debian's build may be set to persist to /var/lib/prometheus).
    const child: ChildProcess = spawn(
      PUSHGATEWAY_BIN,
      [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file='],
      { stdio: 'ignore' },
    );
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitReady(`${url}/-/ready`, 'the Pushgateway to be ready');
      const status = (await (await fetch(`${url}/api/v1/status`)).json()) as {
        data?: { start_time?: string };
      };
      const started = Date.parse(status.data?.start_time ?? '');
      if (child.exitCode === null && child.signalCode === null && started >= spawnedAt - 2000) {
        return { url, stop: () => stopChild(child) };
      }
    } catch (error) {
      await stopChild(child);
      if (attempt >= 3) throw error;
      continue;
    }
    await stopChild(child);
    if (attempt >= 3) throw new Error(`port ${port} answered with another process's Pushgateway three times`);
  }
}
