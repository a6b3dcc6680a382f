import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

export interface KubeconfigOptions {
  server: string;
  token: string;
  namespace?: string;
  /** Name of the cluster, user and context (default `flywheel-sim`). */
  name?: string;
}

/** A kubeconfig for the fake, as `kubectl config view --raw` would print it. */
export function kubeconfigYaml(options: KubeconfigOptions): string {
  const name = options.name ?? 'flywheel-sim';
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': name,
    // client-node 2 refuses a plain-HTTP server unless the cluster is marked insecure-skip-tls-verify.
    clusters: [
      {
        name,
        cluster: {
          server: options.server,
          ...(options.server.startsWith('http:') ? { 'insecure-skip-tls-verify': true } : {}),
        },
      },
    ],
    users: [{ name, user: { token: options.token } }],
    contexts: [
      {
        name,
        context: {
          cluster: name,
          user: name,
          ...(options.namespace ? { namespace: options.namespace } : {}),
        },
      },
    ],
  });
}

/** Writes the kubeconfig as a 0600 file (it holds a token) in `dir` and returns its path. */
export function writeKubeconfig(dir: string, options: KubeconfigOptions, fileName = 'kubeconfig'): string {
  const path = join(dir, fileName);
  writeFileSync(path, kubeconfigYaml(options), { mode: 0o600 });
  return path;
}
