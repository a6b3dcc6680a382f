import type { ClusterApi } from './backend/types';
import type { UpdateStrategy } from './constants';
import { types } from './context';

export const CONTROLLER_DEPLOYMENT = 'arc-gha-rs-controller';

/**
 * The controller Deployment as the gha-runner-scale-set-controller chart renders it for release
 * `arc`: clients read the version from `app.kubernetes.io/version` and the update strategy from the
 * `manager` container's `--update-strategy=` argument, as on a real cluster.
 */
export function controllerDeployment(version: string, strategy: UpdateStrategy, namespace: string) {
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
              image: `ghcr.io/actions/gha-runner-scale-set-controller:${version}`,
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
                {
                  name: 'CONTROLLER_MANAGER_CONTAINER_IMAGE',
                  value: `ghcr.io/actions/gha-runner-scale-set-controller:${version}`,
                },
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

/**
 * The Deployment controller's status for one replica, available or not (an unavailable pod: crash
 * looping, unschedulable, not ready). Zero counts are absent, as a real API server serialises them
 * (`omitempty`): a reader takes a missing `availableReplicas` as 0.
 */
export function controllerStatus(available: boolean, at: string, generation = 1) {
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastUpdateTime: at,
    lastTransitionTime: at,
  });
  return {
    observedGeneration: generation,
    replicas: 1,
    updatedReplicas: 1,
    readyReplicas: available ? 1 : null,
    availableReplicas: available ? 1 : null,
    unavailableReplicas: available ? null : 1,
    conditions: [
      available
        ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
        : condition(
            'Available',
            'False',
            'MinimumReplicasUnavailable',
            'Deployment does not have minimum availability.',
          ),
      condition(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${CONTROLLER_DEPLOYMENT}-7d9c6b5f4b" has successfully progressed.`,
      ),
    ],
  };
}

/** Reports the controller Deployment available or not (there is no deployment controller). */
export async function setControllerAvailable(
  api: ClusterApi,
  namespace: string,
  available: boolean,
  at: string,
  generation = 1,
): Promise<void> {
  await api.patch(
    types.deployment,
    namespace,
    CONTROLLER_DEPLOYMENT,
    { status: controllerStatus(available, at, generation) },
    { subresource: 'status' },
  );
}

/** Creates the controller Deployment and reports it available (there is no deployment controller). */
export async function installController(
  api: ClusterApi,
  version: string,
  strategy: UpdateStrategy,
  namespace: string,
  at: string,
): Promise<void> {
  await api.create(types.deployment, namespace, controllerDeployment(version, strategy, namespace) as never);
  await setControllerAvailable(api, namespace, true, at);
}
