import YAML from 'yaml';

export interface RealKubeconfigOptions {
  server: string;
  /** PEM of the CA that signed the serving certificate: clients verify the server, always. */
  caPem: string;
  user: string;
  token: string;
  namespace?: string;
}

/** A kubeconfig as `kubectl config view --raw --flatten` prints it: CA data inline, token auth. */
export function realKubeconfigYaml(o: RealKubeconfigOptions): string {
  const name = 'flywheel-real';
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': name,
    clusters: [
      {
        name,
        cluster: {
          server: o.server,
          'certificate-authority-data': Buffer.from(o.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: o.user, user: { token: o.token } }],
    contexts: [
      {
        name,
        context: { cluster: name, user: o.user, ...(o.namespace ? { namespace: o.namespace } : {}) },
      },
    ],
  });
}
