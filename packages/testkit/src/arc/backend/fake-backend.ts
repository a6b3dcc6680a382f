import type { KubeObject, KubeStore, ResourceType } from '../../kube/index';
import { resourceByKind, StatusError } from '../../kube/index';
import {
  ApiError,
  type ClusterApi,
  type ClusterBackend,
  type ClusterCache,
  type DeleteOptions,
  type ObservedChange,
  type PatchOptions,
} from './types';

const NAMESPACE = resourceByKind('Namespace');

function asApiError(error: unknown): unknown {
  if (!(error instanceof StatusError)) return error;
  const s = error.status;
  return new ApiError(s.code, s.reason ?? '', s.message ?? '');
}

/**
 * The simulator on the testkit's fake: the KubeStore is the cache (always current) and every write
 * is a store call, answered at once. Writes resolve already-settled promises, so a pass of the
 * controllers runs to its end in one turn of the event loop and a seeded run reproduces exactly.
 * Writes answer with the stored objects themselves, as reads do: the controllers only read them.
 */
export class FakeBackend implements ClusterBackend {
  readonly kind = 'fake' as const;
  readonly cache: ClusterCache;
  readonly api: ClusterApi;
  private own = 0;
  private writeCount = 0;
  private readonly listeners: (() => void)[] = [];

  constructor(readonly store: KubeStore) {
    this.cache = {
      get: (type, namespace, name) => store.peek(type, namespace, name),
      list: (type, namespace) => store.scan(type, namespace !== undefined ? { namespace } : {}),
    };
    // A write counts when it stored something, or when it conflicted (a requeue is work too).
    const write = <T>(fn: () => T): Promise<T> => {
      const before = store.resourceVersion;
      this.own++;
      try {
        return Promise.resolve(fn());
      } catch (error) {
        if (error instanceof StatusError && error.status.code === 409) this.writeCount++;
        return Promise.reject(asApiError(error));
      } finally {
        this.own--;
        if (store.resourceVersion !== before) this.writeCount++;
      }
    };
    const gone = (error: unknown) => error instanceof StatusError && error.status.code === 404;
    const backend = this;
    this.api = {
      get writes() {
        return backend.writeCount;
      },
      create: (type: ResourceType, namespace: string | undefined, body: KubeObject) =>
        write(() => store.createStored(type, namespace, body)),
      patch: (type, namespace, name, body, options: PatchOptions = {}) =>
        write(() => {
          const withVersion = options.resourceVersion
            ? {
                ...body,
                metadata: { ...(body['metadata'] as object), resourceVersion: options.resourceVersion },
              }
            : body;
          try {
            return store.patchStored(type, namespace, name, 'merge', withVersion, options.subresource);
          } catch (error) {
            if (gone(error)) return undefined;
            throw error;
          }
        }),
      delete: (type, namespace, name, options: DeleteOptions = {}) =>
        write(() => {
          try {
            store.deleteStored(type, namespace, name, {
              ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}),
              ...(options.resourceVersion
                ? { preconditions: { resourceVersion: options.resourceVersion } }
                : {}),
            });
          } catch (error) {
            if (!gone(error)) throw error;
          }
        }),
    };
    // Writes by clients over HTTP and by the cluster's controllers (on their own turn) wake the
    // simulator, as watch events wake a real controller.
    store.subscribe(() => {
      if (this.own > 0) return;
      for (const listener of this.listeners) listener();
    });
  }

  sync(): Promise<void> {
    return Promise.resolve();
  }

  /** Runs the garbage collector's and namespace controllers' pending work; returns how much it stored. */
  runClusterControllers(): number {
    const before = this.store.resourceVersion;
    this.own++;
    try {
      this.store.runControllers();
    } finally {
      this.own--;
    }
    return this.store.resourceVersion - before;
  }

  idle(): boolean {
    return this.store.controllers.pending === 0;
  }

  changeCount(): number {
    return this.store.resourceVersion;
  }

  onExternalChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  onChange(listener: (change: ObservedChange) => void): void {
    this.store.subscribe((event) => listener({ type: event.type, object: event.object }));
  }

  async ensureNamespace(name: string): Promise<void> {
    if (this.store.peek(NAMESPACE, undefined, name)) return;
    await this.api.create(NAMESPACE, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }

  async stop(): Promise<void> {}
}
