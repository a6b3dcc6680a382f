/** The slice of Kubernetes object shape the pipeline reads; everything else passes through. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  /** Bumped by the API server on every spec change (not on metadata or status writes). */
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { kind: string; name: string; uid?: string; controller?: boolean }[];
}

export interface KubeObject<Spec = unknown, Status = unknown> {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: Spec;
  status?: Status;
  data?: Record<string, string>;
}

export interface ArsSpec {
  runnerScaleSetName?: string;
  runnerScaleSetLabels?: string[];
  runnerGroup?: string;
  githubConfigUrl?: string;
  minRunners?: number;
  maxRunners?: number;
  template?: { spec?: PodSpecLike };
}

export interface PodSpecLike {
  containers?: {
    name: string;
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  }[];
  nodeSelector?: Record<string, string>;
  tolerations?: Record<string, unknown>[];
  affinity?: Record<string, unknown>;
}

export interface ArsStatus {
  currentRunners?: number;
  phase?: string;
  state?: string;
  pendingEphemeralRunners?: number;
  runningEphemeralRunners?: number;
}

export interface ErsSpec {
  replicas?: number;
  patchID?: number;
}

export interface ErsStatus {
  currentReplicas?: number;
  pendingEphemeralRunners?: number;
  runningEphemeralRunners?: number;
}

export interface ErStatus {
  phase?: string;
  ready?: boolean;
  runnerId?: number;
  runnerName?: string;
  jobRequestId?: number;
  jobId?: string;
  jobRepositoryName?: string;
  jobWorkflowRef?: string;
  workflowRunId?: number;
  jobDisplayName?: string;
}

export interface ListenerSpec {
  autoscalingRunnerSetName?: string;
  autoscalingRunnerSetNamespace?: string;
  ephemeralRunnerSetName?: string;
  minRunners?: number;
  maxRunners?: number;
}

export type Ars = KubeObject<ArsSpec, ArsStatus>;
export type Ers = KubeObject<ErsSpec, ErsStatus>;
export type Er = KubeObject<Record<string, unknown>, ErStatus>;
export type Listener = KubeObject<ListenerSpec, Record<string, unknown>>;
/** The part of a pod's status the doctor reads: phase, the scheduler's condition, container states. */
export interface PodStatusLike {
  phase?: string;
  reason?: string;
  message?: string;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  containerStatuses?: {
    name: string;
    ready?: boolean;
    restartCount?: number;
    state?: Record<string, { reason?: string; message?: string; exitCode?: number } | undefined>;
  }[];
}

export type Pod = KubeObject<PodSpecLike, PodStatusLike>;

export const ARC_GROUP = 'actions.github.com';
export const ARC_VERSION = 'v1alpha1';
export const VERSION_LABEL = 'app.kubernetes.io/version';
export const SCALE_SET_NAME_LABEL = 'actions.github.com/scale-set-name';
export const SCALE_SET_NAMESPACE_LABEL = 'actions.github.com/scale-set-namespace';
export const CONTROLLER_DEPLOYMENT = 'arc-gha-rs-controller';

/** The ARC kinds and the plural each is served under. */
export const ARC_PLURALS = {
  AutoscalingRunnerSet: 'autoscalingrunnersets',
  EphemeralRunnerSet: 'ephemeralrunnersets',
  EphemeralRunner: 'ephemeralrunners',
  AutoscalingListener: 'autoscalinglisteners',
} as const;
export type ArcKind = keyof typeof ARC_PLURALS;

/** A scale set's caps; undefined means unset (min → 0, max → unbounded for the controller). */
export interface Caps {
  minRunners: number;
  maxRunners: number | null;
}

export function capsOf(ars: Ars): Caps {
  return { minRunners: ars.spec?.minRunners ?? 0, maxRunners: ars.spec?.maxRunners ?? null };
}

/** The 32-bit maximum ARC gives a listener whose scale set sets no maxRunners. */
const LISTENER_UNBOUNDED = 2147483647;

/**
 * A listener's caps as ARC wrote them. The controller always sets both, to the effective values
 * (2147483647 when the scale set has no maxRunners: resourcebuilder.go newAutoScalingListener), and
 * its Go type drops a 0 (`MaxRunners int json:"maxRunners,omitempty"`, autoscalinglistener_types.go,
 * 0.13.1 and 0.14.2): an absent field is 0, never "unbounded". ARC's real controller showed it: a
 * frozen set's listener has no maxRunners at all.
 */
export function listenerCapsOf(listener: Listener): Caps {
  const max = listener.spec?.maxRunners ?? 0;
  return { minRunners: listener.spec?.minRunners ?? 0, maxRunners: max === LISTENER_UNBOUNDED ? null : max };
}

export function sameCaps(a: Caps, b: Caps): boolean {
  return a.minRunners === b.minRunners && a.maxRunners === b.maxRunners;
}

export function formatCaps(c: Caps | undefined): string {
  if (!c) return '–';
  return `${c.minRunners}/${c.maxRunners ?? '∞'}`;
}

/** namespace/name, the key every per-set map in the pipeline uses. */
export function keyOf(obj: { metadata: ObjectMeta }): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}
