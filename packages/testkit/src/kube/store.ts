import { Admission, type FieldValidation, type WriteOptions } from './admission';
import { ChangeFeed, type ChangeListener } from './change-feed';
import { cloneJson } from './clone';
import { ControllerQueue } from './controller-queue';
import { finalizersOnDelete, isFinalized, markedForDeletion, type PropagationPolicy } from './deletion';
import { GarbageCollector } from './garbage-collector';
import { isTerminating, NamespaceControllers } from './namespace-controller';
import { deepEqual } from './patch';
import { admitServiceAccount } from './pods';
import { resourceByKind } from './resources';
import type { ObjectFilter } from './selectors';
import { statusErrors } from './status';
import { ObjectStorage } from './storage';
import { kubeTimestamp } from './time';
import type { KubeObject, ResourceType, StoreEvent } from './types';
import { WatchHistory } from './watch-history';
import { applyPatch, checkUpdateBody, type PatchType, prepareCreate, prepareUpdate } from './write-rules';

export type { FieldValidation, WriteOptions } from './admission';
export type { PatchType } from './write-rules';

export interface StoreOptions {
  /** Validate ARC kinds against the reference CRD schemas (default true; off when the reference is absent). */
  validateCrds?: boolean;
  /** The clock timestamps come from (the simulator passes its simulated clock). */
  now?: () => Date;
  random?: () => number;
  /** How many past events a watch can resume from before it gets 410 Gone. */
  historySize?: number;
  /**
   * What writers that pass no mode get for unknown fields of custom resources: `Strict` rejects
   * them (400, as `fieldValidation=Strict`), `Warn` (the API server default) prunes them.
   */
  fieldValidation?: FieldValidation;
}

/** The body of a DELETE (Kubernetes' DeleteOptions, the parts this fake honours). */
export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
}

const NAMESPACE = resourceByKind('Namespace');
const SERVICE_ACCOUNT = resourceByKind('ServiceAccount');

/**
 * The API server behind the fake, without HTTP: every writer (the HTTP routes and the ARC simulator
 * alike) goes through these methods. It wires the parts, each in its own file: storage (objects and
 * the resourceVersion), the change feed and watch history, admission (metadata, pods and CRD schema
 * validation), the create/update rules, deletion with finalizers, and the cluster's own controllers
 * (garbage collector, namespace and service-account controllers), subscribers to changes whose work
 * runs after the request that caused it (`controllers`). Per-request options are arguments.
 */
export class KubeStore {
  readonly now: () => Date;
  readonly validateCrds: boolean;
  /** The field validation of writes that pass none. */
  readonly fieldValidation: FieldValidation;
  private readonly random: () => number;
  private readonly feed = new ChangeFeed();
  private readonly history: WatchHistory;
  private readonly storage: ObjectStorage;
  private readonly admission: Admission;
  /** The garbage collector's, namespace controller's and service-account controller's pending work. */
  readonly controllers = new ControllerQueue();

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.validateCrds = options.validateCrds ?? true;
    this.fieldValidation = options.fieldValidation ?? 'Warn';
    this.history = new WatchHistory(options.historySize ?? 10_000);
    // The history records each change before any other subscriber hears of it.
    this.feed.observe((event) => this.history.record(event));
    this.storage = new ObjectStorage((event) => this.feed.publish(event));
    this.admission = new Admission(this.validateCrds);
    new GarbageCollector(this.feed, this.storage, this.controllers, {
      replace: (type, current, next) => this.commit(type, current, next, undefined, {}),
      delete: (type, namespace, name, policy) =>
        this.delete(type, namespace, name, { propagationPolicy: policy }),
    });
    new NamespaceControllers(this.feed, this.storage, this.controllers, {
      create: (type, namespace, body) => this.create(type, namespace, body),
      delete: (type, namespace, name) => this.delete(type, namespace, name),
      finalize: (ns) => {
        const last = cloneJson(ns) as KubeObject;
        (last.spec as { finalizers?: string[] }).finalizers = [];
        this.storage.remove(NAMESPACE, ns, last);
      },
    });
  }

  /** Runs the cluster controllers' pending work now (it runs on the next event-loop turn anyway). */
  runControllers(): number {
    return this.controllers.run();
  }

  get resourceVersion(): number {
    return this.storage.resourceVersion;
  }

  /** The oldest resourceVersion a watch can still start from (exclusive). */
  get oldestWatchableRv(): number {
    return this.history.oldestWatchableRv;
  }

  /** Simulates an etcd compaction: watches from any earlier resourceVersion now get 410 Gone. */
  compact(): void {
    this.history.compact(this.storage.resourceVersion);
  }

  subscribe(listener: ChangeListener): () => void {
    return this.feed.observe(listener);
  }

  /** Events after `rv`, or undefined when that version is too old (compacted away). */
  eventsSince(rv: number): StoreEvent[] | undefined {
    return this.history.since(rv);
  }

  /**
   * The objects of a type as they were at `rv` (stored objects, not copies), rebuilt by undoing the
   * history after it; undefined when the history no longer reaches back that far.
   */
  listAt(type: ResourceType, rv: number): KubeObject[] | undefined {
    const events = this.history.since(rv);
    if (!events) return undefined;
    const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const state = new Map(this.storage.scan(type).map((o) => [key(o), o]));
    for (const event of [...events].reverse()) {
      if (event.resource !== type) continue;
      if (event.type === 'ADDED') state.delete(key(event.object));
      else if (event.previous) state.set(key(event.previous), event.previous);
    }
    return [...state.values()];
  }

  /** The stored object itself (never mutate it; stored objects are replaced on every write). */
  peek(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.storage.peek(type, namespace, name);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.peek(type, namespace, name);
    if (!obj) throw statusErrors.notFound(type, name);
    return cloneJson(obj);
  }

  tryGet(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.peek(type, namespace, name);
    return obj ? cloneJson(obj) : undefined;
  }

  /** Stored objects matching a filter, not copied (for serialisation and read-only scans). */
  scan(type: ResourceType, filter: Partial<ObjectFilter> = {}): KubeObject[] {
    return this.storage.scan(type, filter);
  }

  list(type: ResourceType, filter: Partial<ObjectFilter> = {}): KubeObject[] {
    return this.scan(type, filter).map((o) => cloneJson(o));
  }

  /** The stored object with this uid, if any. */
  byUidLookup(uid: string): { type: ResourceType; obj: KubeObject } | undefined {
    return this.storage.byUid(uid);
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: KubeObject,
    options: WriteOptions = {},
  ): KubeObject {
    return cloneJson(this.createStored(type, namespace, body, options));
  }

  /**
   * `create`, answering with the stored object itself instead of a copy (the `…Stored` writes are for
   * in-process writers that only read the answer, such as the ARC simulator: never mutate it).
   */
  createStored(
    type: ResourceType,
    namespace: string | undefined,
    body: KubeObject,
    options: WriteOptions = {},
  ): KubeObject {
    const obj = prepareCreate(type, namespace, body, {
      storage: this.storage,
      now: this.now,
      random: this.random,
    });
    const ns = obj.metadata.namespace;
    if (type.namespaced && isTerminating(this.storage.peek(NAMESPACE, undefined, ns!))) {
      throw statusErrors.admissionForbidden(
        type,
        obj.metadata.name!,
        `unable to create new content in namespace ${ns} because it is being terminated`,
        [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${ns} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      );
    }
    if (type.kind === 'Pod') {
      admitServiceAccount(type, obj, (sa) => !!this.storage.peek(SERVICE_ACCOUNT, ns, sa), this.random);
    }
    this.admit(type, obj, options);
    return this.storage.put(type, obj, undefined, options.dryRun);
  }

  /** PUT: the object itself (status ignored when a status subresource exists) or only its status. */
  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    subresource?: 'status',
    options: WriteOptions = {},
  ): KubeObject {
    const current = this.peek(type, namespace, name);
    if (!current) throw statusErrors.notFound(type, name);
    checkUpdateBody(type, name, current, body);
    return cloneJson(this.commit(type, current, cloneJson(body), subresource, options));
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    body: unknown,
    subresource?: 'status',
    options: WriteOptions = {},
  ): KubeObject {
    return cloneJson(this.patchStored(type, namespace, name, patchType, body, subresource, options));
  }

  /** `patch`, answering with the stored object itself (see createStored). */
  patchStored(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    body: unknown,
    subresource?: 'status',
    options: WriteOptions = {},
  ): KubeObject {
    const current = this.peek(type, namespace, name);
    if (!current) throw statusErrors.notFound(type, name);
    const share = !this.admission.mayPrune(type);
    const patched = applyPatch(type, name, current, patchType, body, share);
    return this.commit(type, current, patched, subresource, options);
  }

  /**
   * DELETE: finalizers (the object's own, or the propagation policy's) hold the object with a
   * deletionTimestamp; otherwise it goes, and the garbage collector takes its dependents afterwards.
   * A namespace is only marked Terminating: the namespace controller empties and removes it later.
   */
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
    write: WriteOptions = {},
  ): { object: KubeObject; removed: boolean } {
    const { object, removed } = this.deleteStored(type, namespace, name, options, write);
    return { object: cloneJson(object), removed };
  }

  /** `delete`, answering with the stored object itself (see createStored). */
  deleteStored(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
    write: WriteOptions = {},
  ): { object: KubeObject; removed: boolean } {
    const current = this.peek(type, namespace, name);
    if (!current) throw statusErrors.notFound(type, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) throw statusErrors.conflict(type, name);
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw statusErrors.conflict(type, name);
    }
    if (current.metadata.deletionTimestamp) return { object: current, removed: false };
    if (type === NAMESPACE) {
      const marked = cloneJson(current) as KubeObject;
      marked.metadata.deletionTimestamp = kubeTimestamp(this.now());
      marked.status = { ...marked.status, phase: 'Terminating' };
      return {
        object: this.storage.put(type, marked, current, write.dryRun),
        removed: false,
      };
    }
    const finalizers = finalizersOnDelete(current, options.propagationPolicy);
    if (finalizers.length === 0) {
      // A pod bound to no node goes at once; its last state carries the deletion marks.
      const last = type.kind === 'Pod' ? markedForDeletion(current, [], this.now()) : current;
      const removed = this.storage.remove(type, current, last, write.dryRun);
      return { object: removed, removed: true };
    }
    const marked = markedForDeletion(current, finalizers, this.now());
    const stored = this.storage.put(type, marked, current, write.dryRun);
    return { object: stored, removed: false };
  }

  private admit(type: ResourceType, obj: KubeObject, options: WriteOptions): void {
    this.admission.admit(type, obj, options.fieldValidation ?? this.fieldValidation, options.warn);
  }

  /** The shared tail of update and patch: write rules, no-op detection, admission, storage. Answers uncopied. */
  private commit(
    type: ResourceType,
    current: KubeObject,
    next: KubeObject,
    subresource: 'status' | undefined,
    options: WriteOptions,
  ): KubeObject {
    const obj = prepareUpdate(type, current, next, subresource, !this.admission.mayPrune(type));
    // A write that changes nothing is not stored and needs no validation (the stored object is valid).
    if (deepEqual(obj, current)) return current;
    this.admit(type, obj, options);
    // Only pruning changes what admission passes: without it the answer stands.
    if (this.admission.mayPrune(type) && deepEqual(obj, current)) return current;
    if (isFinalized(obj)) {
      this.storage.remove(type, current, obj, options.dryRun);
      return obj;
    }
    return this.storage.put(type, obj, current, options.dryRun);
  }
}
