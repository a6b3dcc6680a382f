import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RealKube } from '../kube-real/index';

/**
 * ARC's real listener (`ghalistener`, from the controller image an operator deploys) run as a
 * process the way its pod runs it: its config file from LISTENER_CONFIG_PATH, and in-cluster
 * Kubernetes config — KUBERNETES_SERVICE_HOST/PORT plus a service-account token and CA under
 * /var/run/secrets, given to it alone in a private mount namespace (`unshare -m`, so root).
 */

/** The listener's config file (cmd/ghalistener/config/config.go, the keys it reads). */
export interface ListenerConfig {
  configure_url: string;
  github_token: string;
  ephemeral_runner_set_namespace: string;
  ephemeral_runner_set_name: string;
  max_runners: number;
  min_runners: number;
  runner_scale_set_id: number;
  runner_scale_set_name: string;
  metrics_addr?: string;
  metrics_endpoint?: string;
}

/** The binary to run, or why the conformance suite cannot run here (one line). */
export function listenerBinary(): { bin: string } | { missing: string } {
  const bin = process.env['ARC_LISTENER_BIN'];
  if (!bin)
    return {
      missing:
        'ARC_LISTENER_BIN is not set: point it at the ghalistener binary of the ARC controller image you deploy (and ARC_VERSION at its version, e.g. 0.14.2)',
    };
  if (!existsSync(bin)) return { missing: `ARC_LISTENER_BIN=${bin} does not exist` };
  if (process.getuid?.() !== 0)
    return {
      missing: 'the listener conformance suite runs as root (it gives the listener its own mount namespace)',
    };
  if (!existsSync('/usr/bin/unshare') && !existsSync('/bin/unshare'))
    return { missing: 'unshare (util-linux) is not installed' };
  return { bin };
}

export interface ListenerProcess {
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
  exitCode(): number | null | undefined;
  output(): string;
  stop(): Promise<void>;
}

export function startListenerBinary(
  bin: string,
  kube: RealKube,
  config: ListenerConfig,
  user?: string,
): ListenerProcess {
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-listener-'));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ log_level: 'debug', log_format: 'text', ...config }),
  );
  writeFileSync(join(dir, 'token'), kube.tokenOf(user), { mode: 0o600 });
  writeFileSync(join(dir, 'ca.crt'), kube.caPem);
  const sa = '/run/secrets/kubernetes.io/serviceaccount';
  const script = [
    'set -e',
    // A tmpfs over /run (where /var/run points) in this namespace only: the host's /run is untouched.
    'mount -t tmpfs tmpfs /run',
    `mkdir -p ${sa}`,
    `cp "${dir}/token" "${dir}/ca.crt" ${sa}/`,
    `printf %s "${config.ephemeral_runner_set_namespace}" > ${sa}/namespace`,
    `exec "${bin}"`,
  ].join('\n');
  const url = new URL(kube.url);
  const child: ChildProcess = spawn('unshare', ['-m', 'sh', '-c', script], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LISTENER_CONFIG_PATH: join(dir, 'config.json'),
      KUBERNETES_SERVICE_HOST: url.hostname,
      KUBERNETES_SERVICE_PORT: url.port,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  child.stdout?.on('data', (d) => out.push(String(d)));
  child.stderr?.on('data', (d) => out.push(String(d)));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (c) => {
      code = c;
      rmSync(dir, { recursive: true, force: true });
      resolve(c);
    }),
  );
  return {
    exited,
    exitCode: () => code,
    output: () => out.join(''),
    stop: async () => {
      if (code !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
