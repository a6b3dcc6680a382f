import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RealKube } from '../kube-real/index';
import { type SupervisedProcess, supervise } from './supervised-process';

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

export type ListenerProcess = SupervisedProcess;

/**
 * Starts the listener with `config`. Its Kubernetes identity: the service-account `token` its pod
 * would mount, or else the test bed user's token (default the admin).
 */
export function startListenerBinary(
  bin: string,
  kube: RealKube,
  config: ListenerConfig,
  identity: { user?: string; token?: string } = {},
): ListenerProcess {
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-listener-'));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ log_level: 'debug', log_format: 'text', ...config }),
  );
  writeFileSync(join(dir, 'token'), identity.token ?? kube.tokenOf(identity.user), { mode: 0o600 });
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
  const child = spawn('unshare', ['-m', 'sh', '-c', script], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LISTENER_CONFIG_PATH: join(dir, 'config.json'),
      KUBERNETES_SERVICE_HOST: url.hostname,
      KUBERNETES_SERVICE_PORT: url.port,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return supervise(child, () => rmSync(dir, { recursive: true, force: true }));
}
