import type { KubeObject } from '../../kube/index';
import { ApiError } from '../backend/types';
import { keyOf, type SimContext, writer } from '../context';

/**
 * The API server's refusal of a runner pod in a namespace that enforces PodSecurity `restricted`
 * (the pod-security admission plugin's wording; a 403 Forbidden that is not a quota refusal). The
 * simulator stages it per scale set: a real namespace label would refuse every set's pods at once.
 */
export function podSecurityRefusal(podName: string, container = 'runner'): ApiError {
  const c = `container "${container}"`;
  const pc = `pod or container "${container}"`;
  return new ApiError(
    403,
    'Forbidden',
    `pods "${podName}" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (${c} must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (${c} must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (${pc} must set securityContext.runAsNonRoot=true), seccompProfile (${pc} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
  );
}

/** ReasonInvalidPodFailure (ARC gha-runner-scale-set-0.14.2 controllers/actions.github.com/constants.go). */
export const REASON_INVALID_POD = 'InvalidPod';

/**
 * A pod creation refused with Invalid or a non-quota Forbidden: the controller logs the error, marks
 * the runner Failed with ReasonInvalidPodFailure and `Failed to create the pod: <error>`, and removes
 * it from the service (markAsFailed). The runner stays: the runner set counts it until someone
 * deletes it (ARC gha-runner-scale-set-0.14.2 controllers/actions.github.com/ephemeralrunner_controller.go,
 * Reconcile's createPod error switch and markAsFailed).
 */
export async function markAsFailed(
  ctx: SimContext,
  er: KubeObject,
  runnerId: number,
  error: Error,
): Promise<void> {
  const message = `Failed to create the pod: ${error.message}`;
  ctx.logError(`${keyOf(er)}: Failed to create a pod due to unrecoverable failure: ${error.message}`);
  await writer(ctx).status('er', er, {
    phase: 'Failed',
    reason: REASON_INVALID_POD,
    message,
    ready: false,
  });
  ctx.github.removeRunner(runnerId);
}
