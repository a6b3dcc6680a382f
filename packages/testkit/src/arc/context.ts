import { type KubeObject, type KubeStore, resourceByKind } from '../kube/index';
import type { SimClock } from './clock';
import type { ArcMinor, UpdateStrategy } from './constants';
import type { SimActionsService } from './github';

export interface SimTimings {
  /** From runner pod creation to Running and registered (default 10 s). */
  podStartMs: number;
  /** Draws each runner pod's start time instead (a replayed cold-start distribution). */
  podStartSample?: () => number;
  /** From listener pod creation to its first pass (default 2 s). */
  listenerStartMs: number;
  /** The listener's long poll: an (empty) batch this often (default 50 s). */
  listenerPollMs: number;
  /** How soon a listener handles a message (job available / started / completed) (default 1 s). */
  messageDelayMs: number;
  /** The controller's requeue while a busy runner blocks a deletion (default 30 s). */
  requeueMs: number;
}

/** Per scale set fault switches and listener memory. */
export interface ScaleSetFaults {
  leaked: Set<string>;
  stuckCaps?: { minRunners: number; maxRunners: number };
  neverFinishes: boolean;
  /** New runners exit with code 7 (runner version outdated). */
  outdated: boolean;
  /** Runner pods fail on start (exit code 1). */
  failing: boolean;
}

/** What every controller of the simulator shares. */
export interface SimContext {
  store: KubeStore;
  clock: SimClock;
  github: SimActionsService;
  version: { minor: ArcMinor; patch: number; full: string };
  strategy: UpdateStrategy;
  controllerNamespace: string;
  timings: SimTimings;
  faults: Map<string, ScaleSetFaults>;
  /** Messages for the simulator's log (what the controller would log). */
  log: (message: string) => void;
  /** Asks the listener of a scale set (`namespace/name`) to handle a message soon. */
  poke: (scaleSet: string) => void;
}

export const types = {
  ars: resourceByKind('AutoscalingRunnerSet'),
  ers: resourceByKind('EphemeralRunnerSet'),
  er: resourceByKind('EphemeralRunner'),
  listener: resourceByKind('AutoscalingListener'),
  pod: resourceByKind('Pod'),
  secret: resourceByKind('Secret'),
  deployment: resourceByKind('Deployment'),
  namespace: resourceByKind('Namespace'),
};

export function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

export function faultsFor(ctx: SimContext, scaleSet: string): ScaleSetFaults {
  let f = ctx.faults.get(scaleSet);
  if (!f) {
    f = { leaked: new Set(), neverFinishes: false, outdated: false, failing: false };
    ctx.faults.set(scaleSet, f);
  }
  return f;
}

export function ownerRef(obj: KubeObject) {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name!,
    uid: obj.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controllerOf(obj: KubeObject): string | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return obj.metadata.finalizers?.includes(finalizer) ?? false;
}

type Kind = keyof typeof types;

/** The writes controllers make, all through the store's validation, resourceVersion and watch path. */
export function writer(ctx: SimContext) {
  const s = ctx.store;
  return {
    addFinalizers(kind: Kind, obj: KubeObject, ...finalizers: string[]) {
      const missing = finalizers.filter((f) => !hasFinalizer(obj, f));
      if (missing.length === 0 || obj.metadata.deletionTimestamp) return;
      s.patch(types[kind], obj.metadata.namespace, obj.metadata.name!, 'merge', {
        metadata: { finalizers: [...(obj.metadata.finalizers ?? []), ...missing] },
      });
    },
    removeFinalizer(kind: Kind, obj: KubeObject, finalizer: string) {
      const current = s.peek(types[kind], obj.metadata.namespace, obj.metadata.name!);
      if (!current || !hasFinalizer(current, finalizer)) return;
      s.patch(types[kind], obj.metadata.namespace, obj.metadata.name!, 'merge', {
        metadata: { finalizers: current.metadata.finalizers!.filter((f) => f !== finalizer) },
      });
    },
    status(kind: Kind, obj: KubeObject, status: Record<string, unknown>) {
      const current = s.peek(types[kind], obj.metadata.namespace, obj.metadata.name!);
      if (!current) return;
      const have = (current.status ?? {}) as Record<string, unknown>;
      if (Object.entries(status).every(([k, v]) => JSON.stringify(have[k]) === JSON.stringify(v))) return;
      s.patch(types[kind], obj.metadata.namespace, obj.metadata.name!, 'merge', { status }, 'status');
    },
    delete(kind: Kind, obj: KubeObject) {
      const current = s.peek(types[kind], obj.metadata.namespace, obj.metadata.name!);
      if (!current || current.metadata.deletionTimestamp) return;
      s.delete(types[kind], obj.metadata.namespace, obj.metadata.name!);
    },
  };
}
