import type { ClusterApi } from './backend/types';
import type { UpdateStrategy } from './constants';
import { types } from './context';
import { CONTROLLER_DEPLOYMENT, controllerDeployment } from './controller-manifest.mjs';

// The manifest lives in plain JavaScript: the tofu stand-in installs the same object.
export { CONTROLLER_DEPLOYMENT, controllerDeployment } from './controller-manifest.mjs';

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
