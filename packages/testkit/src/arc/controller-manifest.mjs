/**
 * The controller Deployment as the gha-runner-scale-set-controller chart renders it for release
 * `arc`, in plain JavaScript: the simulator (TypeScript) and the tofu stand-in (a Node program that
 * cannot import TypeScript) build the same object. Clients read the version from
 * `app.kubernetes.io/version` and the update strategy from the `manager` container's
 * `--update-strategy=` argument, as on a real cluster.
 */

export const CONTROLLER_DEPLOYMENT = 'arc-gha-rs-controller';

/**
 * @param {string} version the chart's appVersion, e.g. `0.14.2`
 * @param {'immediate' | 'eventual'} strategy
 * @param {string} namespace the controller namespace
 */
export function controllerDeployment(version, strategy, namespace) {
  const labels = {
    'app.kubernetes.io/name': 'gha-rs-controller',
    'app.kubernetes.io/namespace': namespace,
    'app.kubernetes.io/instance': 'arc',
    'app.kubernetes.io/version': version,
    'app.kubernetes.io/part-of': 'gha-rs-controller',
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/component': 'controller-manager',
    'helm.sh/chart': `gha-rs-controller-${version}`,
  };
  const selector = {
    'app.kubernetes.io/name': 'gha-rs-controller',
    'app.kubernetes.io/namespace': namespace,
    'app.kubernetes.io/instance': 'arc',
  };
  const image = `ghcr.io/actions/gha-runner-scale-set-controller:${version}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: CONTROLLER_DEPLOYMENT, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...labels, 'app.kubernetes.io/component': 'controller-manager' } },
        spec: {
          serviceAccountName: 'arc-gha-rs-controller',
          containers: [
            {
              name: 'manager',
              image,
              imagePullPolicy: 'IfNotPresent',
              command: ['/manager'],
              args: [
                '--auto-scaling-runner-set-only',
                '--log-level=debug',
                '--log-format=text',
                `--update-strategy=${strategy}`,
                '--listener-metrics-addr=0',
                '--listener-metrics-endpoint=',
                '--metrics-addr=0',
              ],
              env: [
                { name: 'CONTROLLER_MANAGER_CONTAINER_IMAGE', value: image },
                {
                  name: 'CONTROLLER_MANAGER_POD_NAMESPACE',
                  valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
                },
              ],
            },
          ],
        },
      },
    },
  };
}
