import { randomUUID } from 'node:crypto';
import { validateMetadata } from './meta-validation';
import { deepEqual, type JsonPatchOp, jsonPatch, mergePatch } from './patch';
import { apiVersionOf, RESOURCE_TYPES, resourceByKind } from './resources';
import { matchesFilter, type ObjectFilter } from './selectors';
import { statusErrors } from './status';
import { kubeTimestamp, randomSuffix } from './time';
import type { KubeObject, ResourceType, StoreEvent } from './types';
import { type SchemaValidator, schemaValidator } from './validation';

export interface StoreOptions {
  /** Validate ARC kinds against the reference CRD schemas (default true; off when the reference is absent). */
  validateCrds?: boolean;
  /** The clock timestamps come from (the simulator passes its simulated clock). */
  now?: () => Date;
  random?: () => number;
  /** How many past events a watch can resume from before it gets 410 Gone. */
  historySize?: number;
  /**
   * What direct (non-HTTP) writers get for unknown fields of custom resources: `Strict` rejects
   * them (400, as `fieldValidation=Strict`), `Warn` (the API server default) prunes them.
   */
  fieldValidation?: FieldValidation;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Paths present in `before` but gone from `after`: the fields schema pruning dropped. */
function prunedPaths(before: unknown, after: unknown, path = ''): string[] {
  if (!before || typeof before !== 'object') return [];
  if (Array.isArray(before)) {
    return before.flatMap((v, i) => prunedPaths(v, (after as unknown[] | undefined)?.[i], `${path}[${i}]`));
  }
  const a = (after ?? {}) as Record<string, unknown>;
  return Object.entries(before as Record<string, unknown>).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    return Object.hasOwn(a, k) ? prunedPaths(v, a[k], p) : [p];
  });
}

export type PatchType = 'json' | 'merge' | 'strategic';

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

type Listener = (event: StoreEvent) => void;

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

function typeKey(type: ResourceType): string {
  return `${type.plural}.${type.group}`;
}

function objKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** Everything except metadata and status: a change here bumps metadata.generation. */
function specPart(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

/**
 * The object storage behind the fake API server: one global resourceVersion, optimistic concurrency,
 * finalizers, ownerReference garbage collection, schema validation and an event history for watches.
 * Every writer (HTTP routes and the ARC simulator alike) goes through these methods.
 */
export class KubeStore {
  private rv = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  /** owner uid → dependents, as `typeKey|objKey`. */
  private readonly dependents = new Map<string, Set<string>>();
  /** uid → `typeKey|objKey` of every stored object. */
  private readonly byUid = new Map<string, string>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly validators = new Map<string, SchemaValidator | undefined>();
  /** Watches may resume from any resourceVersion strictly greater than this. */
  private compactedRv = 0;
  readonly now: () => Date;
  private readonly random: () => number;
  private readonly historySize: number;
  readonly validateCrds: boolean;
  fieldValidation: FieldValidation;
  /** Warnings of the last write (unknown fields pruned), for the HTTP layer's Warning header. */
  lastWarnings: string[] = [];

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.historySize = options.historySize ?? 10_000;
    this.validateCrds = options.validateCrds ?? true;
    this.fieldValidation = options.fieldValidation ?? 'Warn';
  }

  /** Runs one write with a field-validation mode (the HTTP layer passes the request's). */
  withFieldValidation<T>(mode: FieldValidation | undefined, fn: () => T): T {
    const saved = this.fieldValidation;
    if (mode) this.fieldValidation = mode;
    try {
      return fn();
    } finally {
      this.fieldValidation = saved;
    }
  }

  private dryRun = false;

  /** Runs one write as `dryRun=All`: every check and default applies, nothing is stored or announced. */
  asDryRun<T>(fn: () => T): T {
    this.dryRun = true;
    try {
      return fn();
    } finally {
      this.dryRun = false;
    }
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch can still start from (exclusive). */
  get oldestWatchableRv(): number {
    return this.compactedRv;
  }

  /** Simulates an etcd compaction: watches from any earlier resourceVersion now get 410 Gone. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `rv`, or undefined when that version is too old (compacted away). */
  eventsSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    return this.history.filter((e) => e.resourceVersion > rv);
  }

  private bucket(type: ResourceType): Map<string, KubeObject> {
    const key = typeKey(type);
    let bucket = this.objects.get(key);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(key, bucket);
    }
    return bucket;
  }

  /** The stored object itself (never mutate it; stored objects are replaced on every write). */
  peek(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.bucket(type).get(objKey(type.namespaced ? namespace : undefined, name));
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.peek(type, namespace, name);
    if (!obj) throw statusErrors.notFound(type, name);
    return structuredClone(obj);
  }

  tryGet(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.peek(type, namespace, name);
    return obj ? structuredClone(obj) : undefined;
  }

  /** Stored objects matching a filter, not copied (for serialisation and read-only scans). */
  scan(type: ResourceType, filter: Partial<ObjectFilter> = {}): KubeObject[] {
    const f: ObjectFilter = { labels: [], fields: [], ...filter };
    const out: KubeObject[] = [];
    for (const obj of this.bucket(type).values()) if (matchesFilter(f, obj)) out.push(obj);
    return out;
  }

  list(type: ResourceType, filter: Partial<ObjectFilter> = {}): KubeObject[] {
    return this.scan(type, filter).map((o) => structuredClone(o));
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.historySize) {
      const dropped = this.history.splice(0, this.history.length - this.historySize);
      this.compactedRv = dropped[dropped.length - 1]!.resourceVersion;
    }
    for (const listener of [...this.listeners]) listener(event);
  }

  private validate(type: ResourceType, obj: KubeObject): void {
    this.lastWarnings = [];
    const causes = validateMetadata(obj);
    if (type.custom && this.validateCrds) {
      if (!this.validators.has(type.plural)) this.validators.set(type.plural, schemaValidator(type));
      const validator = this.validators.get(type.plural);
      if (validator) {
        const before = this.fieldValidation === 'Ignore' ? undefined : structuredClone(obj);
        causes.push(...validator(obj));
        const unknown = before && causes.length === 0 ? prunedPaths(before, obj) : [];
        if (unknown.length > 0 && this.fieldValidation === 'Strict') {
          throw statusErrors.badRequest(
            `strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`,
          );
        }
        this.lastWarnings = unknown.map((u) => `unknown field "${u}"`);
      }
    }
    if (causes.length > 0) throw statusErrors.invalid(type, obj.metadata.name ?? '', causes);
  }

  private indexOwners(type: ResourceType, obj: KubeObject, add: boolean): void {
    const ref = `${typeKey(type)}|${objKey(obj.metadata.namespace, obj.metadata.name!)}`;
    for (const owner of obj.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(owner.uid);
      if (!set) {
        set = new Set();
        this.dependents.set(owner.uid, set);
      }
      if (add) set.add(ref);
      else {
        set.delete(ref);
        if (set.size === 0) this.dependents.delete(owner.uid);
      }
    }
  }

  private put(type: ResourceType, obj: KubeObject, previous: KubeObject | undefined): KubeObject {
    if (this.dryRun) {
      obj.metadata.resourceVersion = previous?.metadata.resourceVersion ?? '';
      if (!previous) delete obj.metadata.resourceVersion;
      return Object.freeze(obj);
    }
    this.rv += 1;
    obj.metadata.resourceVersion = String(this.rv);
    Object.freeze(obj);
    const key = objKey(obj.metadata.namespace, obj.metadata.name!);
    if (previous) this.indexOwners(type, previous, false);
    this.bucket(type).set(key, obj);
    this.indexOwners(type, obj, true);
    this.byUid.set(obj.metadata.uid!, `${typeKey(type)}|${key}`);
    this.emit({
      type: previous ? 'MODIFIED' : 'ADDED',
      resource: type,
      object: obj,
      ...(previous ? { previous } : {}),
      resourceVersion: this.rv,
    });
    return obj;
  }

  /** Removes a stored object; `last` is its final state (e.g. with the last finalizer gone). */
  private remove(type: ResourceType, stored: KubeObject, last: KubeObject = stored): void {
    if (this.dryRun) return;
    this.rv += 1;
    const removed = Object.freeze({
      ...last,
      metadata: { ...last.metadata, resourceVersion: String(this.rv) },
    });
    this.bucket(type).delete(objKey(stored.metadata.namespace, stored.metadata.name!));
    this.indexOwners(type, stored, false);
    this.byUid.delete(stored.metadata.uid!);
    this.emit({
      type: 'DELETED',
      resource: type,
      object: removed,
      previous: stored,
      resourceVersion: this.rv,
    });
    this.collectDependents(stored);
  }

  create(type: ResourceType, namespace: string | undefined, body: KubeObject): KubeObject {
    const obj = structuredClone(body) as KubeObject;
    obj.metadata = obj.metadata ?? {};
    obj.apiVersion = obj.apiVersion ?? apiVersionOf(type);
    obj.kind = obj.kind ?? type.kind;
    if (obj.kind !== type.kind || obj.apiVersion !== apiVersionOf(type)) {
      throw statusErrors.badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(type)}) or kind ${obj.kind} is not ${type.kind}`,
      );
    }
    if (type.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        throw statusErrors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace;
      if (!obj.metadata.namespace)
        throw statusErrors.badRequest('a namespace is required to create this object');
      if (!this.peek(resourceByKind('Namespace'), undefined, obj.metadata.namespace)) {
        throw statusErrors.notFound(resourceByKind('Namespace'), obj.metadata.namespace);
      }
    } else delete obj.metadata.namespace;
    if (!obj.metadata.name) {
      if (!obj.metadata.generateName) {
        throw statusErrors.invalid(type, '', [
          {
            field: 'metadata.name',
            message: 'Required value: name or generateName is required',
            reason: 'FieldValueRequired',
          },
        ]);
      }
      do obj.metadata.name = obj.metadata.generateName + randomSuffix(this.random);
      while (this.peek(type, obj.metadata.namespace, obj.metadata.name));
    }
    if (this.peek(type, obj.metadata.namespace, obj.metadata.name))
      throw statusErrors.alreadyExists(type, obj.metadata.name);
    obj.metadata.uid = randomUUID();
    obj.metadata.creationTimestamp = kubeTimestamp(this.now());
    obj.metadata.generation = 1;
    delete obj.metadata.deletionTimestamp;
    delete obj.metadata.deletionGracePeriodSeconds;
    // With a status subresource, create ignores the status the client sent (the controller writes it).
    if (type.subresources.includes('status')) {
      if (type.kind === 'Pod') obj.status = { phase: 'Pending' };
      else if (type.kind === 'Namespace') obj.status = { phase: 'Active' };
      else delete obj.status;
    }
    this.validate(type, obj);
    return structuredClone(this.put(type, obj, undefined));
  }

  /** PUT: the object itself (status ignored when a status subresource exists) or only its status. */
  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    subresource?: 'status',
  ): KubeObject {
    const current = this.peek(type, namespace, name);
    if (!current) throw statusErrors.notFound(type, name);
    if (body.metadata?.name && body.metadata.name !== name) {
      throw statusErrors.badRequest(
        `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const sentRv = body.metadata?.resourceVersion;
    if (!sentRv && type.custom) {
      throw statusErrors.invalid(type, name, [
        { field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' },
      ]);
    }
    if (sentRv && sentRv !== current.metadata.resourceVersion) throw statusErrors.conflict(type, name);
    return this.commit(type, current, structuredClone(body), subresource);
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    body: unknown,
    subresource?: 'status',
  ): KubeObject {
    const current = this.peek(type, namespace, name);
    if (!current) throw statusErrors.notFound(type, name);
    const base = structuredClone(current) as KubeObject;
    const patched = (
      patchType === 'json' ? jsonPatch(base, body as JsonPatchOp[]) : mergePatch(base, body)
    ) as KubeObject;
    if (!patched || typeof patched !== 'object' || !patched.metadata) {
      throw statusErrors.badRequest('the patch removed the object metadata');
    }
    // A resourceVersion in the patch is a precondition, as on a real API server.
    if (patched.metadata.resourceVersion !== current.metadata.resourceVersion)
      throw statusErrors.conflict(type, name);
    return this.commit(type, current, patched, subresource);
  }

  /** The shared tail of update and patch: immutable fields, finalizer rules, no-op detection, validation. */
  private commit(
    type: ResourceType,
    current: KubeObject,
    next: KubeObject,
    subresource?: 'status',
  ): KubeObject {
    let obj: KubeObject;
    if (subresource === 'status') {
      obj = { ...structuredClone(current) } as KubeObject;
      if (next.status === undefined) delete obj.status;
      else obj.status = next.status;
    } else {
      obj = next;
      obj.apiVersion = apiVersionOf(type);
      obj.kind = type.kind;
      if (type.subresources.includes('status')) {
        if (current.status === undefined) delete obj.status;
        else obj.status = structuredClone(current.status);
      }
    }
    const m = current.metadata;
    obj.metadata = {
      ...obj.metadata,
      name: m.name,
      uid: m.uid,
      creationTimestamp: m.creationTimestamp,
      resourceVersion: m.resourceVersion,
      generation: m.generation,
    } as KubeObject['metadata'];
    if (type.namespaced) obj.metadata.namespace = m.namespace;
    if (m.deletionTimestamp) {
      obj.metadata.deletionTimestamp = m.deletionTimestamp;
      obj.metadata.deletionGracePeriodSeconds = m.deletionGracePeriodSeconds ?? 0;
      const added = (obj.metadata.finalizers ?? []).filter((f) => !(m.finalizers ?? []).includes(f));
      if (added.length > 0) {
        throw statusErrors.forbidden(
          type,
          m.name,
          `${type.plural} "${m.name}" is forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
        );
      }
    } else {
      delete obj.metadata.deletionTimestamp;
      delete obj.metadata.deletionGracePeriodSeconds;
    }
    if (obj.metadata.finalizers?.length === 0) delete obj.metadata.finalizers;
    if (obj.metadata.ownerReferences?.length === 0) delete obj.metadata.ownerReferences;
    if (!deepEqual(specPart(obj), specPart(current))) obj.metadata.generation = (m.generation ?? 1) + 1;
    // A write that changes nothing is not stored and needs no validation (the stored object is valid).
    if (deepEqual(obj, current)) {
      this.lastWarnings = [];
      return structuredClone(current);
    }
    this.validate(type, obj);
    if (deepEqual(obj, current)) return structuredClone(current);
    if (obj.metadata.deletionTimestamp && !obj.metadata.finalizers?.length) {
      this.remove(type, current, obj);
      return structuredClone(obj);
    }
    return structuredClone(this.put(type, obj, current));
  }

  /** DELETE: finalizers hold the object with a deletionTimestamp; otherwise it goes and its dependents follow. */
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): { object: KubeObject; removed: boolean } {
    const current = this.peek(type, namespace, name);
    if (!current) throw statusErrors.notFound(type, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw statusErrors.conflict(type, name);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw statusErrors.conflict(type, name);
    }
    if (current.metadata.deletionTimestamp) return { object: structuredClone(current), removed: false };
    if (type.kind === 'Namespace') return this.deleteNamespace(current);
    const finalizers = [...(current.metadata.finalizers ?? [])];
    const hasDependents = (this.dependents.get(current.metadata.uid!)?.size ?? 0) > 0;
    if (options.propagationPolicy === 'Foreground' && hasDependents) finalizers.push(FOREGROUND);
    if (options.propagationPolicy === 'Orphan' && hasDependents) finalizers.push(ORPHAN);
    if (finalizers.length === 0) {
      this.remove(type, current);
      return { object: structuredClone(current), removed: true };
    }
    const obj = structuredClone(current) as KubeObject;
    obj.metadata.finalizers = finalizers;
    obj.metadata.deletionTimestamp = kubeTimestamp(this.now());
    obj.metadata.deletionGracePeriodSeconds = 0;
    const stored = this.put(type, obj, current);
    this.processDeletingOwner(type, stored);
    const after = this.dryRun ? stored : (this.peek(type, namespace, name) ?? stored);
    return { object: structuredClone(after), removed: false };
  }

  private deleteNamespace(ns: KubeObject): { object: KubeObject; removed: boolean } {
    for (const type of RESOURCE_TYPES) {
      if (!type.namespaced) continue;
      for (const obj of this.scan(type, { namespace: ns.metadata.name! })) {
        if (!this.peek(type, obj.metadata.namespace, obj.metadata.name!)) continue;
        const finalizers = obj.metadata.finalizers ?? [];
        // The namespace controller cannot force objects with finalizers: it marks them and they linger.
        if (finalizers.length > 0) this.delete(type, obj.metadata.namespace, obj.metadata.name!);
        else this.remove(type, obj);
      }
    }
    const nsType = resourceByKind('Namespace');
    this.remove(nsType, ns);
    return { object: structuredClone(ns), removed: true };
  }

  /** Foreground and orphan deletion: the garbage collector's part of the work for a deleting owner. */
  private processDeletingOwner(type: ResourceType, owner: KubeObject): void {
    const finalizers = owner.metadata.finalizers ?? [];
    const deps = [...(this.dependents.get(owner.metadata.uid!) ?? [])];
    if (finalizers.includes(ORPHAN)) {
      for (const dep of deps) this.stripOwner(dep, owner.metadata.uid!);
      this.dropFinalizer(type, owner, ORPHAN);
      return;
    }
    if (finalizers.includes(FOREGROUND)) {
      for (const dep of deps) this.deleteDependent(dep, 'Foreground');
      if ((this.dependents.get(owner.metadata.uid!)?.size ?? 0) === 0)
        this.dropFinalizer(type, owner, FOREGROUND);
    }
  }

  private dropFinalizer(type: ResourceType, obj: KubeObject, finalizer: string): void {
    const current = this.peek(type, obj.metadata.namespace, obj.metadata.name!);
    if (!current) return;
    const next = structuredClone(current) as KubeObject;
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.commit(type, current, next);
  }

  private resolve(dep: string | undefined): { type: ResourceType; obj: KubeObject } | undefined {
    if (!dep) return undefined;
    const [tk, key] = dep.split('|') as [string, string];
    const type = RESOURCE_TYPES.find((t) => typeKey(t) === tk)!;
    const obj = this.bucket(type).get(key);
    return obj ? { type, obj } : undefined;
  }

  private stripOwner(dep: string, ownerUid: string): void {
    const found = this.resolve(dep);
    if (!found) return;
    const next = structuredClone(found.obj) as KubeObject;
    next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
    this.commit(found.type, found.obj, next);
  }

  private deleteDependent(dep: string, policy: DeleteOptions['propagationPolicy']): void {
    const found = this.resolve(dep);
    if (!found || found.obj.metadata.deletionTimestamp) return;
    this.delete(found.type, found.obj.metadata.namespace, found.obj.metadata.name!, {
      propagationPolicy: policy,
    });
  }

  private ownerAlive(uid: string): boolean {
    return this.byUid.has(uid);
  }

  /** The stored object with this uid, if any. */
  byUidLookup(uid: string): { type: ResourceType; obj: KubeObject } | undefined {
    return this.resolve(this.byUid.get(uid));
  }

  /** Background garbage collection: dependents whose owners are all gone are deleted. */
  private collectDependents(owner: KubeObject): void {
    const uid = owner.metadata.uid!;
    for (const dep of [...(this.dependents.get(uid) ?? [])]) {
      const found = this.resolve(dep);
      if (!found) continue;
      const others = (found.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      if (others.some((r) => this.ownerAlive(r.uid))) this.stripOwner(dep, uid);
      else this.deleteDependent(dep, 'Background');
    }
    // A foreground-deleting owner of this object may now be free to go.
    for (const ref of owner.metadata.ownerReferences ?? []) {
      const parent = this.byUidLookup(ref.uid);
      if (parent?.obj.metadata.deletionTimestamp) this.processDeletingOwner(parent.type, parent.obj);
    }
  }
}
