import { type KubeObject, type ResourceType, resourceByKind } from '../kube/index';
import type { ClusterApi, ClusterCache } from './backend/types';
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
  /** How long a crash-looping listener container runs before it exits 1 (default 5 s). */
  listenerCrashMs: number;
  /**
   * How long a listener whose scale set already has a message session runs before it exits 1: its
   * start, the token flow and one session request answered 409 (default 1 s). Neither version
   * retries: 0.14's scaleset client does not (v0.4.0 session_client.go createMessageSession), and
   * 0.13.1's ten-retry loop (cmd/ghalistener/listener/listener.go createSession) waits for an
   * HttpClientSideError its client never returns (github/actions/client.go doSessionRequest gives
   * an ActionsError). Measured with both real listeners against the fake Actions service
   * (test/conformance/listener.conformance.test.ts): exit 1 after exactly one 409.
   */
  sessionConflictMs: number;
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
  /** Runner pod creations are refused with a non-quota 403 Forbidden (a PodSecurity refusal). */
  podRejected: boolean;
  /** Runner pods stay Pending with this scheduler message (undefined: they are scheduled). */
  unschedulable?: string;
  /** The set's listener container exits 1 shortly after each start. */
  listenerCrashLoops: boolean;
  /** Listeners left behind for this set (by name, controller namespace) whose container keeps failing. */
  staleListeners: Set<string>;
}

/** What every controller of the simulator shares. */
export interface SimContext {
  /** Reads: synchronous, possibly a moment behind the server (see ClusterCache). */
  cache: ClusterCache;
  /** Writes: asynchronous, through the API server's write path. */
  api: ClusterApi;
  clock: SimClock;
  github: SimActionsService;
  version: { minor: ArcMinor; patch: number; full: string };
  strategy: UpdateStrategy;
  controllerNamespace: string;
  timings: SimTimings;
  faults: Map<string, ScaleSetFaults>;
  /** The controller manager is down (its Deployment unavailable): ARC's controllers do not reconcile. */
  controllerDown: boolean;
  /** Messages for the simulator's log (what the controller would log). */
  log: (message: string) => void;
  /** An error the controller logs without failing its reconcile (`log.Error`): kept in `sim.errors`. */
  logError: (message: string) => void;
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
  serviceAccount: resourceByKind('ServiceAccount'),
  deployment: resourceByKind('Deployment'),
  namespace: resourceByKind('Namespace'),
};

export type Kind = keyof typeof types;

/** The kinds the simulator reads, in every namespace it works in. */
export const WATCHED: readonly ResourceType[] = [
  types.ars,
  types.ers,
  types.er,
  types.listener,
  types.pod,
  types.secret,
  types.serviceAccount,
  // The controller's own Deployment: a client (tofu's Helm provider) may upgrade or remove it.
  types.deployment,
];

export function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

export function faultsFor(ctx: SimContext, scaleSet: string): ScaleSetFaults {
  let f = ctx.faults.get(scaleSet);
  if (!f) {
    f = {
      leaked: new Set(),
      neverFinishes: false,
      outdated: false,
      failing: false,
      podRejected: false,
      listenerCrashLoops: false,
      staleListeners: new Set(),
    };
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

/**
 * The writes controllers make as ARC's do: finalizer changes conditional on the version read
 * (controller-runtime's Update; a 409 requeues), status as a merge patch of the status subresource,
 * deletes of what the cache still holds.
 */
export function writer(ctx: SimContext): Writer {
  let w = writers.get(ctx);
  if (!w) {
    w = makeWriter(ctx);
    writers.set(ctx, w);
  }
  return w;
}

export type Writer = ReturnType<typeof makeWriter>;

/** One writer per context: controllers ask for it on every reconcile, and it holds no state. */
const writers = new WeakMap<SimContext, Writer>();

function makeWriter(ctx: SimContext) {
  const current = (kind: Kind, obj: KubeObject) =>
    ctx.cache.get(types[kind], obj.metadata.namespace, obj.metadata.name!);
  return {
    async addFinalizers(kind: Kind, obj: KubeObject, ...finalizers: string[]): Promise<void> {
      const missing = finalizers.filter((f) => !hasFinalizer(obj, f));
      if (missing.length === 0 || obj.metadata.deletionTimestamp) return;
      await ctx.api.patch(
        types[kind],
        obj.metadata.namespace,
        obj.metadata.name!,
        { metadata: { finalizers: [...(obj.metadata.finalizers ?? []), ...missing] } },
        { resourceVersion: obj.metadata.resourceVersion! },
      );
    },
    async removeFinalizer(kind: Kind, obj: KubeObject, finalizer: string): Promise<void> {
      const now = current(kind, obj);
      if (!now || !hasFinalizer(now, finalizer)) return;
      await ctx.api.patch(
        types[kind],
        obj.metadata.namespace,
        obj.metadata.name!,
        { metadata: { finalizers: now.metadata.finalizers!.filter((f) => f !== finalizer) } },
        { resourceVersion: now.metadata.resourceVersion! },
      );
    },
    async status(kind: Kind, obj: KubeObject, status: Record<string, unknown>): Promise<void> {
      const now = current(kind, obj);
      if (!now) return;
      const have = (now.status ?? {}) as Record<string, unknown>;
      // The same value (most are numbers and strings) needs no serialising to compare.
      if (
        Object.entries(status).every(
          ([k, v]) => have[k] === v || JSON.stringify(have[k]) === JSON.stringify(v),
        )
      )
        return;
      await ctx.api.patch(
        types[kind],
        obj.metadata.namespace,
        obj.metadata.name!,
        { status },
        { subresource: 'status' },
      );
    },
    async delete(kind: Kind, obj: KubeObject): Promise<void> {
      const now = current(kind, obj);
      if (!now || now.metadata.deletionTimestamp) return;
      await ctx.api.delete(types[kind], obj.metadata.namespace, obj.metadata.name!);
    },
  };
}
