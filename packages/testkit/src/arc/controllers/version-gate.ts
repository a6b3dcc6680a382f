import { arcVersionGateAllows } from '@gloriousflywheel/shared';

/**
 * IsVersionAllowed, as the simulated controller applies it to every AutoscalingRunnerSet it
 * reconciles (autoscalingrunnerset_controller.go Reconcile deletes a set it refuses): the rule is
 * the shared library's `arcVersionGateAllows`, which arc-apply's guards use too.
 *
 * It is an equality of major.minor, so it cuts both ways: an old controller deletes a set already
 * relabelled with the new minor, and the new controller deletes every set still labelled with the
 * old one. Applying one plan that bumps the controller and the sets' labels together (the naive
 * in-place upgrade) therefore loses the sets to one controller or the other. A `v` prefix on the
 * label is refused too, and a `dev` or `canary-` controller keeps everything.
 */
export function versionAllowed(label: string | undefined, controllerVersion: string): boolean {
  return arcVersionGateAllows(label, controllerVersion);
}
