import { defineErrorCodes } from '@gloriousflywheel/shared';

/** arc-apply's own stable error codes (besides the core ones): never rename one. */
export const errorCodes = defineErrorCodes('arc-apply', [
  'KUBE_FORBIDDEN',
  'KUBE_UNREACHABLE',
  'KUBE_CONFLICT',
  'PLAN_GUARD_REJECTED',
  'PLAN_FAILED',
  'APPLY_FAILED',
  'PROOF_FAILED',
  'SELF_LANE',
  'DRAIN_TIMEOUT',
  'RESTORE_FAILED',
  // The kubeconfig is missing, unreadable, not YAML or unusable from this runner.
  'KUBECONFIG_INVALID',
  // The API server rejected the credentials (401); KUBE_FORBIDDEN is a missing permission (403).
  'KUBE_AUTH',
  'RESUME_NO_SNAPSHOT',
  'RESUME_CHANGED',
  'SCALE_SET_PAUSED',
  'SCALE_SET_FROZEN',
  // mode: upgrade refused before any change (downgrade, dropped stored CRD versions, inside the fleet).
  'UPGRADE_REFUSED',
  // Scale sets or their listeners/runners did not go within removal-timeout (findings named).
  'UPGRADE_STUCK',
  // The new controller never became available; the old one and the sets were put back.
  'UPGRADE_ROLLED_BACK',
  // An upgrade record of another target is in the cluster: finish or roll it back first.
  'UPGRADE_IN_PROGRESS',
]);

declare module '@gloriousflywheel/shared' {
  interface ActionErrorCodes extends Record<(typeof errorCodes.codes)[number], 'arc-apply'> {}
}
