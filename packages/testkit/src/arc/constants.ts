/** Names ARC uses for labels, annotations and finalizers (from the reference facts). */
export const LABEL = {
  version: 'app.kubernetes.io/version',
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  scaleSetName: 'actions.github.com/scale-set-name',
  scaleSetNamespace: 'actions.github.com/scale-set-namespace',
  enterprise: 'actions.github.com/enterprise',
  organization: 'actions.github.com/organization',
  repository: 'actions.github.com/repository',
  ephemeralRunnerPod: 'actions-ephemeral-runner',
  listenerName: 'auto-scaling-listener-name',
  listenerNamespace: 'auto-scaling-listener-namespace',
} as const;

export const ANNOTATION = {
  scaleSetId: 'runner-scale-set-id',
  runnerGroupName: 'actions.github.com/runner-group-name',
  scaleSetName: 'actions.github.com/runner-scale-set-name',
  valuesHash: 'actions.github.com/values-hash',
  changeHash: 'actions.github.com/change-hash',
  runnerSpecHash: 'actions.github.com/runner-spec-hash',
  patchId: 'actions.github.com/patch-id',
} as const;

export const FINALIZER = {
  ars: 'autoscalingrunnerset.actions.github.com/finalizer',
  ers: 'ephemeralrunner.actions.github.com/finalizer',
  er: 'ephemeralrunner.actions.github.com/finalizer',
  erRegistration: 'ephemeralrunner.actions.github.com/runner-registration-finalizer',
  listener: 'autoscalinglistener.actions.github.com/finalizer',
} as const;

export const KIND = {
  ars: 'AutoscalingRunnerSet',
  ers: 'EphemeralRunnerSet',
  er: 'EphemeralRunner',
  listener: 'AutoscalingListener',
} as const;

export type ArcMinor = '0.12' | '0.13' | '0.14';
export type UpdateStrategy = 'immediate' | 'eventual';

/** The newest patch release of each minor the simulator knows. */
export const DEFAULT_PATCH: Record<ArcMinor, number> = { '0.12': 1, '0.13': 1, '0.14': 2 };

/** The 32-bit maximum the controller gives a listener when maxRunners is unset. */
export const MAX_INT32 = 2147483647;
