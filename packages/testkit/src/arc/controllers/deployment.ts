import type { Controller } from '../controller';
import type { ControllerRollout } from '../controller-upgrade';

/**
 * Kubernetes' Deployment controller, for the ARC controller's Deployment only: whoever writes it (a
 * client's `helm upgrade` / uninstall / install through tofu, or the simulator's upgradeController),
 * its pods follow, and with them whether and as which version ARC's controllers run
 * (ControllerRollout.observe). Not part of ARC's manager: it runs while the manager is down.
 */
export function deploymentController(rollout: ControllerRollout): Controller {
  return { name: 'deployment', reconcile: () => rollout.observe() };
}
