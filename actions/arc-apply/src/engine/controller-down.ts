import type { KubeObject } from '../kube/types';
import { controllerAmong } from './preflight';

interface DeploymentHealth {
  spec?: { replicas?: number };
  status?: {
    availableReplicas?: number;
    conditions?: { type: string; status: string; reason?: string }[];
  };
}

/**
 * Why no ARC controller pod serves, or undefined when one does or when the controller is not found
 * (then nothing is known, and nothing is claimed). Kubernetes omits `availableReplicas` when it is
 * 0 (DeploymentStatus, `omitempty`), so an absent count reads as none available.
 */
export function controllerDown(deployments: KubeObject[]): string | undefined {
  const found = controllerAmong(deployments);
  if (!found) return undefined;
  const d = found.object as KubeObject & DeploymentHealth;
  if (d.spec?.replicas === 0) return `${found.deployment} is scaled to 0`;
  if ((d.status?.availableReplicas ?? 0) > 0) return undefined;
  const available = d.status?.conditions?.find((c) => c.type === 'Available');
  return `${found.deployment} has no available replica${available?.reason ? ` (${available.reason})` : ''}`;
}
