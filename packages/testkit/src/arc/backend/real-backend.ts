import { type KubeObject, parseRoute, type ResourceType, resourceByKind } from '../../kube/index';
import { Informer } from '../../kube-real/informer';
import type { ProxiedWrite } from '../../kube-real/proxy';
import { type RestClient, resourcePath } from '../../kube-real/rest-client';
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
const HELD_BY_COLLECTOR = new Set(['foregroundDeletion', 'orphan']);
/** How long the cache may take to show a write before something is wrong (a watch that died). */
const SYNC_DEADLINE_MS = 60_000;

/** A write whose effect the cache must show before the simulator reads it again. */
interface Expectation {
  type: ResourceType;
  namespace: string;
  name: string;
  uid: string;
  /** The version the write produced; absent when the write removed the object. */
  rv?: number;
}

function apiError(status: number, body: unknown, what: string): ApiError {
  const s = (body ?? {}) as { reason?: string; message?: string };
  return new ApiError(status, s.reason ?? '', `${what}: ${status} ${s.message ?? JSON.stringify(body)}`);
}

/**
 * The simulator on a real API server. Reads come from informers (one list+watch cache per watched
 * kind and namespace); writes are HTTPS calls with `fieldValidation=Strict`. Each write the
 * simulator makes, and each write a client makes through the cluster's proxy, becomes an
 * expectation; `sync` waits until the informers show them all, so every pass reads what was
 * written before it, as the fake's store gives it for free.
 */
export class RealBackend implements ClusterBackend {
  readonly kind = 'real' as const;
  readonly cache: ClusterCache;
  readonly api: ClusterApi;
  private readonly informers = new Map<string, Informer>();
  private readonly watchedNamespaces: string[] = [];
  private expectations: Expectation[] = [];
  /** Resource versions and removed uids of our own writes, to tell their events from others'. */
  private readonly ownVersions = new Set<string>();
  private readonly ownRemovals = new Set<string>();
  private readonly listeners: (() => void)[] = [];
  private readonly observers: ((change: ObservedChange) => void)[] = [];
  private waiters: (() => void)[] = [];
  private writeCount = 0;
  private events = 0;

  constructor(
    private readonly client: RestClient,
    private readonly kinds: readonly ResourceType[],
  ) {
    this.cache = {
      get: (type, namespace, name) => this.informer(type, namespace)?.get(name),
      list: (type, namespace) =>
        (namespace !== undefined ? [namespace] : this.watchedNamespaces).flatMap(
          (ns) => this.informer(type, ns)?.list() ?? [],
        ),
    };
    const backend = this;
    this.api = {
      get writes() {
        return backend.writeCount;
      },
      create: (type, namespace, body) => this.create(type, namespace, body),
      patch: (type, namespace, name, body, options) => this.patch(type, namespace, name, body, options),
      delete: (type, namespace, name, options) => this.delete(type, namespace, name, options),
    };
  }

  private informer(type: ResourceType, namespace: string | undefined): Informer | undefined {
    return this.informers.get(`${type.plural}.${type.group}/${namespace ?? ''}`);
  }

  async ensureNamespace(name: string): Promise<void> {
    if (this.watchedNamespaces.includes(name)) return;
    const made = await this.client.call('POST', resourcePath(NAMESPACE), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
    if (made.status !== 201 && made.status !== 409)
      throw apiError(made.status, made.body, `create namespace ${name}`);
    this.watchedNamespaces.push(name);
    await Promise.all(
      this.kinds.map(async (type) => {
        const informer = new Informer(this.client, type, name, (event) => {
          for (const observe of this.observers) observe(event);
          this.heard(event.object);
        });
        this.informers.set(`${type.plural}.${type.group}/${name}`, informer);
        await informer.start();
      }),
    );
  }

  onChange(listener: (change: ObservedChange) => void): void {
    this.observers.push(listener);
  }

  /** An informer event: ours (expected) or someone else's (wakes the simulator). */
  private heard(obj: KubeObject): void {
    this.events++;
    const rv = obj.metadata.resourceVersion ?? '';
    const own = this.ownVersions.delete(rv) || this.ownRemovals.delete(obj.metadata.uid ?? '');
    for (const wake of this.waiters.splice(0)) wake();
    if (!own) for (const listener of this.listeners) listener();
  }

  private expect(type: ResourceType, namespace: string | undefined, name: string, answer: unknown): void {
    if (namespace === undefined || !this.informer(type, namespace)) return;
    const body = answer as KubeObject & { kind?: string; details?: { uid?: string } };
    if (body?.kind === 'Status') {
      const uid = body.details?.uid;
      if (!uid) return;
      this.ownRemovals.add(uid);
      this.expectations.push({ type, namespace, name, uid });
      return;
    }
    const uid = body?.metadata?.uid;
    const rv = body?.metadata?.resourceVersion;
    if (!uid || !rv) return;
    this.ownVersions.add(rv);
    this.expectations.push({ type, namespace, name, uid, rv: Number(rv) });
  }

  /**
   * A client's write through the proxy: the simulator must see it before its next pass. Returns
   * whether it concerns what the simulator watches.
   */
  clientWrote(write: ProxiedWrite): boolean {
    const route = parseRoute(write.path);
    if (route?.kind !== 'object' || route.namespace === undefined) return false;
    const body = write.body as (KubeObject & { details?: { uid?: string } }) | undefined;
    const removed = body?.kind === 'Status';
    const name = route.name ?? body?.metadata?.name;
    const uid = removed ? body?.details?.uid : body?.metadata?.uid;
    const rv = removed ? undefined : body?.metadata?.resourceVersion;
    if (!name || !uid || !this.informer(route.type, route.namespace)) return false;
    this.expectations.push({
      type: route.type,
      namespace: route.namespace,
      name,
      uid,
      ...(rv ? { rv: Number(rv) } : {}),
    });
    return true;
  }

  private satisfied(e: Expectation): boolean {
    const informer = this.informer(e.type, e.namespace);
    if (!informer) return true;
    return e.rv === undefined ? informer.lost(e.uid, e.name) : informer.reflects(e.uid, e.name, e.rv);
  }

  async sync(): Promise<void> {
    const deadline = Date.now() + SYNC_DEADLINE_MS;
    for (;;) {
      this.expectations = this.expectations.filter((e) => !this.satisfied(e));
      if (this.expectations.length === 0) return;
      if (Date.now() > deadline) {
        const what = this.expectations
          .slice(0, 5)
          .map((e) => `${e.type.plural} ${e.namespace}/${e.name}${e.rv ? ` at ${e.rv}` : ' gone'}`);
        this.expectations = [];
        throw new Error(
          `the simulator's cache did not catch up within ${SYNC_DEADLINE_MS / 1000} s: ${what.join(', ')}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  runClusterControllers(): number {
    // The real garbage collector and namespace controller run on their own, inside the test bed.
    return 0;
  }

  /**
   * Whether the garbage collector still has work the simulator can see: an object waiting for the
   * foreground or orphan finalizer to go, or one whose owners are all gone from the cache.
   */
  idle(): boolean {
    const uids = new Set<string>();
    const all: KubeObject[] = [];
    for (const informer of this.informers.values()) {
      for (const obj of informer.list()) {
        uids.add(obj.metadata.uid!);
        all.push(obj);
      }
    }
    const watchedKinds = new Set(this.kinds.map((k) => k.kind));
    return all.every((obj) => {
      if (obj.metadata.finalizers?.some((f) => HELD_BY_COLLECTOR.has(f))) return false;
      const owners = (obj.metadata.ownerReferences ?? []).filter((r) => watchedKinds.has(r.kind));
      return owners.length === 0 || owners.some((r) => uids.has(r.uid));
    });
  }

  changeCount(): number {
    return this.events + this.writeCount;
  }

  onExternalChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private async create(
    type: ResourceType,
    namespace: string | undefined,
    body: KubeObject,
  ): Promise<KubeObject> {
    this.writeCount++;
    const answer = await this.client.call(
      'POST',
      `${resourcePath(type, namespace)}?fieldValidation=Strict`,
      body,
    );
    if (answer.status !== 201 && answer.status !== 200) {
      throw apiError(answer.status, answer.body, `create ${type.plural} in ${namespace ?? 'the cluster'}`);
    }
    const made = answer.body as KubeObject;
    this.expect(type, namespace, made.metadata.name!, made);
    return made;
  }

  private async patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: Record<string, unknown>,
    options: PatchOptions = {},
  ): Promise<KubeObject | undefined> {
    const withVersion = options.resourceVersion
      ? { ...body, metadata: { ...(body['metadata'] as object), resourceVersion: options.resourceVersion } }
      : body;
    const before = this.cache.get(type, namespace, name)?.metadata.resourceVersion;
    const answer = await this.client.call(
      'PATCH',
      `${resourcePath(type, namespace, name, options.subresource)}?fieldValidation=Strict`,
      withVersion,
      'application/merge-patch+json',
    );
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) {
      this.writeCount++;
      throw apiError(answer.status, answer.body, `patch ${type.plural} ${namespace}/${name}`);
    }
    const patched = answer.body as KubeObject;
    // A patch that changed nothing leaves the version as it was: no write, no event to wait for.
    if (patched.metadata.resourceVersion !== before) {
      this.writeCount++;
      this.expect(type, namespace, name, patched);
    }
    return patched;
  }

  private async delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): Promise<void> {
    this.writeCount++;
    const answer = await this.client.call('DELETE', resourcePath(type, namespace, name), {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}),
      ...(options.resourceVersion ? { preconditions: { resourceVersion: options.resourceVersion } } : {}),
    });
    if (answer.status === 404) return;
    if (answer.status !== 200 && answer.status !== 202) {
      throw apiError(answer.status, answer.body, `delete ${type.plural} ${namespace}/${name}`);
    }
    this.expect(type, namespace, name, answer.body);
  }

  async stop(): Promise<void> {
    for (const informer of this.informers.values()) informer.stop();
    for (const wake of this.waiters.splice(0)) wake();
    this.client.close();
  }
}
