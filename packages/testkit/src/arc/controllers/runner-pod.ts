import type { KubeObject } from '../../kube/index';

/** EphemeralRunnerContainerName: the container whose state the controller follows. */
export const RUNNER_CONTAINER = 'runner';

interface ContainerStatus {
  name: string;
  state?: { terminated?: { exitCode?: number } };
}

/** runnerContainerStatus: the `runner` container's status, if the kubelet reported one. */
export function runnerContainerStatus(pod: KubeObject): ContainerStatus | undefined {
  const statuses = (pod.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses;
  return statuses?.find((cs) => cs.name === RUNNER_CONTAINER);
}

/** The runner container's exit code, once it terminated. */
export function runnerExitCode(pod: KubeObject): number | undefined {
  return runnerContainerStatus(pod)?.state?.terminated?.exitCode;
}

/** The pod's Ready condition, the latest one if several (updateRunStatusFromPod). */
export function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  return conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
