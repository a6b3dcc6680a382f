import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NixTestEnv } from './environment';

/**
 * A real nix-daemon for one test, on a socket of its own (NIX_DAEMON_SOCKET_PATH) over the
 * machine's store, configured by the test environment's nix.conf (e.g. its `trusted-users`).
 * Clients reach it with `NIX_REMOTE=unix://<socket>` (the `clientEnv`).
 */
export class NixDaemon {
  private constructor(
    private readonly child: ChildProcess,
    readonly socket: string,
  ) {}

  static async start(env: NixTestEnv): Promise<NixDaemon> {
    const socket = join(env.dir, 'daemon.sock');
    const child = spawn('nix-daemon', [], {
      env: { ...process.env, ...env.env, NIX_DAEMON_SOCKET_PATH: socket },
      stdio: 'ignore',
    });
    const until = Date.now() + 60_000;
    while (!existsSync(socket)) {
      if (child.exitCode !== null) throw new Error(`nix-daemon exited with ${child.exitCode}`);
      if (Date.now() > until) {
        child.kill('SIGKILL');
        throw new Error('nix-daemon did not open its socket');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return new NixDaemon(child, socket);
  }

  get clientEnv(): Record<string, string> {
    return { NIX_REMOTE: `unix://${this.socket}` };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('close', r));
    this.child.kill('SIGTERM');
    await exited;
  }
}
