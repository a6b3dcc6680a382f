import type { KubeObject, PropagationPolicy, ResourceType } from '../../kube/index';

/**
 * What the simulator's controllers read: a synchronous cache, as controller-runtime's informers
 * give a reconciler. On the fake it is the store itself; on the real API server a list+watch cache
 * per kind, which may lag the server by the time a watch event takes. Objects are never mutated.
 */
export interface ClusterCache {
  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Objects of a kind, in one namespace or in every namespace the simulator watches. */
  list(type: ResourceType, namespace?: string): KubeObject[];
}

export interface PatchOptions {
  subresource?: 'status';
  /** Makes the patch conditional (409 when the object moved on), as controller-runtime's Update is. */
  resourceVersion?: string;
}

export interface DeleteOptions {
  resourceVersion?: string;
  propagationPolicy?: PropagationPolicy;
}

/**
 * What the controllers write, asynchronously, through the API server's whole write path
 * (admission, CRD validation with `fieldValidation=Strict`, resourceVersions, watch events).
 * A patch or delete of an object that is gone resolves to undefined; other failures reject with an
 * ApiError (409 conflicts are the ones a controller answers by requeueing).
 */
export interface ClusterApi {
  create(type: ResourceType, namespace: string | undefined, body: KubeObject): Promise<KubeObject>;
  /** A JSON merge patch. */
  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: Record<string, unknown>,
    options?: PatchOptions,
  ): Promise<KubeObject | undefined>;
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options?: DeleteOptions,
  ): Promise<void>;
  /** Writes attempted so far (conflicts included): a pass that made none changed nothing. */
  readonly writes: number;
}

/** One change to a watched object, as a watch reports it. */
export interface ObservedChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

/** A failed API call: the Status code and reason the server answered. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.code === 409;
}

/**
 * The cluster the simulator runs on: its cache and writes, plus what the simulator needs to know
 * to call the cluster quiet.
 */
export interface ClusterBackend {
  readonly kind: 'fake' | 'real';
  readonly cache: ClusterCache;
  readonly api: ClusterApi;
  /**
   * Resolves once the cache reflects every write the simulator made and every write a client made
   * through the cluster's front (the fake's HTTP server, the real server's proxy).
   */
  sync(): Promise<void>;
  /** Runs the cluster's own controllers' pending work where the backend can (the fake); how much ran. */
  runClusterControllers(): number;
  /** No garbage-collection or namespace work pending (as far as the backend can tell). */
  idle(): boolean;
  /** Grows with every change the cluster stores, whoever made it: equal readings mean nothing happened. */
  changeCount(): number;
  /** Called for changes made by others than the simulator (clients, the cluster's controllers). */
  onExternalChange(listener: () => void): void;
  /**
   * Called for every change to a watched object, whoever made it, in the order the cluster made
   * them: synchronously with the store on the fake, as the watch delivers it on a real server.
   */
  onChange(listener: (change: ObservedChange) => void): void;
  /** Creates a namespace if it is missing and makes the cache watch it. */
  ensureNamespace(name: string): Promise<void>;
  stop(): Promise<void>;
}
