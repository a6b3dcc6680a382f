import { matchesFilter, type ObjectFilter } from './selectors';
import type { KubeObject, ResourceType, StoreEvent } from './types';

/** Where a stored object is: its type and its `namespace/name` key within that type. */
export interface ObjectRef {
  type: ResourceType;
  key: string;
}

export function typeKey(type: ResourceType): string {
  return `${type.plural}.${type.group}`;
}

export function objKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/**
 * The objects themselves, as etcd holds them for the API server: one bucket per resource type, one
 * global resourceVersion bumped by every write, and a uid index. Stored objects are frozen and
 * replaced on every write. Each write is published to the change feed; a dry run stores nothing and
 * announces nothing.
 */
export class ObjectStorage {
  private rv = 0;
  private readonly objects = new Map<string, Bucket>();
  private readonly uids = new Map<string, ObjectRef>();
  /** Each type object's bucket, so a lookup does not build the type's key string every time. */
  private readonly byType = new WeakMap<ResourceType, Bucket>();

  constructor(private readonly publish: (event: StoreEvent) => void) {}

  get resourceVersion(): number {
    return this.rv;
  }

  private bucket(type: ResourceType): Bucket {
    let bucket = this.byType.get(type);
    if (bucket) return bucket;
    const key = typeKey(type);
    bucket = this.objects.get(key);
    if (!bucket) {
      bucket = new Bucket();
      this.objects.set(key, bucket);
    }
    this.byType.set(type, bucket);
    return bucket;
  }

  /** The stored object itself (never mutate it). */
  peek(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.bucket(type).named(type.namespaced ? namespace : undefined, name);
  }

  /** Stored objects matching a filter, not copied. */
  scan(type: ResourceType, filter: Partial<ObjectFilter> = {}): KubeObject[] {
    const out: KubeObject[] = [];
    const objects = this.bucket(type).objects.values();
    if (noSelector(filter, 'labels') && noSelector(filter, 'fields')) {
      // No selector (the simulator's every read): only the namespace decides.
      const ns = filter.namespace;
      for (const obj of objects) if (ns === undefined || obj.metadata.namespace === ns) out.push(obj);
      return out;
    }
    const f: ObjectFilter = { labels: [], fields: [], ...filter };
    for (const obj of objects) if (matchesFilter(f, obj)) out.push(obj);
    return out;
  }

  at(ref: ObjectRef): KubeObject | undefined {
    return this.bucket(ref.type).objects.get(ref.key);
  }

  /** The stored object with this uid, if any. */
  byUid(uid: string): { type: ResourceType; obj: KubeObject } | undefined {
    const ref = this.uids.get(uid);
    const obj = ref && this.at(ref);
    return ref && obj ? { type: ref.type, obj } : undefined;
  }

  /** Stores `obj` in place of `previous` (none for a create) with the next resourceVersion. */
  put(type: ResourceType, obj: KubeObject, previous: KubeObject | undefined, dryRun = false): KubeObject {
    if (dryRun) {
      obj.metadata.resourceVersion = previous?.metadata.resourceVersion ?? '';
      if (!previous) delete obj.metadata.resourceVersion;
      return Object.freeze(obj);
    }
    this.rv += 1;
    obj.metadata.resourceVersion = String(this.rv);
    Object.freeze(obj);
    const key = objKey(obj.metadata.namespace, obj.metadata.name!);
    this.bucket(type).set(key, obj);
    this.uids.set(obj.metadata.uid!, { type, key });
    this.publish({
      type: previous ? 'MODIFIED' : 'ADDED',
      resource: type,
      object: obj,
      ...(previous ? { previous } : {}),
      resourceVersion: this.rv,
    });
    return obj;
  }

  /** Removes a stored object; `last` is its final state (e.g. with the last finalizer gone). Returns it. */
  remove(type: ResourceType, stored: KubeObject, last: KubeObject = stored, dryRun = false): KubeObject {
    if (dryRun) return last;
    this.rv += 1;
    const removed = Object.freeze({
      ...last,
      metadata: { ...last.metadata, resourceVersion: String(this.rv) },
    });
    this.bucket(type).delete(stored);
    this.uids.delete(stored.metadata.uid!);
    this.publish({
      type: 'DELETED',
      resource: type,
      object: removed,
      previous: stored,
      resourceVersion: this.rv,
    });
    return removed;
  }
}

/** The filter has no such selector (absent, or empty); one given as undefined still goes to matchesFilter. */
function noSelector(filter: Partial<ObjectFilter>, key: 'labels' | 'fields'): boolean {
  const selector = filter[key];
  return selector === undefined ? !(key in filter) : selector.length === 0;
}

/**
 * One type's objects: by `namespace/name` key in the order they were first stored (what a list
 * answers in), and by namespace then name for lookups, which then build no key string (a replay
 * makes over a million of them). Stored names and namespaces never contain a slash (admission).
 */
class Bucket {
  readonly objects = new Map<string, KubeObject>();
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();

  named(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.byNamespace.get(namespace ?? '')?.get(name);
  }

  set(key: string, obj: KubeObject): void {
    this.objects.set(key, obj);
    const ns = obj.metadata.namespace ?? '';
    let names = this.byNamespace.get(ns);
    if (!names) {
      names = new Map();
      this.byNamespace.set(ns, names);
    }
    names.set(obj.metadata.name!, obj);
  }

  delete(obj: KubeObject): void {
    const ns = obj.metadata.namespace ?? '';
    this.objects.delete(objKey(ns, obj.metadata.name!));
    this.byNamespace.get(ns)?.delete(obj.metadata.name!);
  }
}
