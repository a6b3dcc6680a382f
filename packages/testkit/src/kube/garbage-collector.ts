import type { ChangeFeed } from './change-feed';
import { cloneJson } from './clone';
import type { ControllerQueue } from './controller-queue';
import { FOREGROUND, ORPHAN, type PropagationPolicy } from './deletion';
import { type ObjectRef, type ObjectStorage, objKey, typeKey } from './storage';
import type { KubeObject, ResourceType, StoreEvent } from './types';

/** The writes the collector makes, through the store's own write path. */
export interface CollectorWrites {
  /** Stores `next` in place of `current`, as an update does (finalizer rules, removal when finalized). */
  replace(type: ResourceType, current: KubeObject, next: KubeObject): void;
  delete(type: ResourceType, namespace: string | undefined, name: string, policy: PropagationPolicy): void;
}

/**
 * The garbage collector, as a subscriber to store changes. It keeps the owner → dependents graph
 * from every change at once (as the real collector's graph builder does from its informers) and
 * queues its answers to two of them: an object gone (dependents with no other live owner follow
 * it, the others lose the reference), and an owner marked for deletion with the `orphan` or
 * `foregroundDeletion` finalizer. The answers run after the request that caused them (see
 * ControllerQueue), as on a real cluster where a DELETE returns before its cascade.
 */
export class GarbageCollector {
  /** owner uid → its dependents, keyed by `typeKey|objKey`. */
  private readonly dependents = new Map<string, Map<string, ObjectRef>>();

  constructor(
    feed: ChangeFeed,
    private readonly storage: ObjectStorage,
    private readonly queue: ControllerQueue,
    private readonly writes: CollectorWrites,
  ) {
    // The graph follows every change before anyone reacts to it; the collector reacts after observers.
    feed.observe((event) => this.track(event));
    feed.react((event) => this.collect(event));
  }

  hasDependents(uid: string): boolean {
    return (this.dependents.get(uid)?.size ?? 0) > 0;
  }

  private track(event: StoreEvent): void {
    if (event.previous) this.index(event.resource, event.previous, false);
    if (event.type !== 'DELETED') this.index(event.resource, event.object, true);
    else this.ids.delete(event.object.metadata.uid!);
  }

  /** Each stored object's id and key (by uid: an object's type, namespace and name never change). */
  private readonly ids = new Map<string, { id: string; key: string }>();

  private index(type: ResourceType, obj: KubeObject, add: boolean): void {
    const refs = obj.metadata.ownerReferences;
    if (!refs || refs.length === 0) return;
    const uid = obj.metadata.uid!;
    let named = this.ids.get(uid);
    if (!named) {
      const key = objKey(obj.metadata.namespace, obj.metadata.name!);
      named = { id: `${typeKey(type)}|${key}`, key };
      this.ids.set(uid, named);
    }
    const { id, key } = named;
    for (const owner of refs) {
      const deps = this.dependents.get(owner.uid);
      if (add) {
        if (deps) deps.set(id, { type, key });
        else this.dependents.set(owner.uid, new Map([[id, { type, key }]]));
      } else if (deps) {
        deps.delete(id);
        if (deps.size === 0) this.dependents.delete(owner.uid);
      }
    }
  }

  private collect(event: StoreEvent): void {
    const { resource, object } = event;
    const name = `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    if (event.type === 'DELETED') {
      const owner = event.previous ?? object;
      this.queue.enqueue(`garbage collector: dependents of ${name}`, () => this.collectDependents(owner));
      return;
    }
    // A new owner reference is checked, as the real graph builder checks an owner it has not seen
    // (a "virtual" node): an object whose owners are all absent is collected, and a reference to a
    // missing owner beside a live one is dropped (garbagecollector.go, attemptToDeleteItem).
    if (gainedOwnerReference(event))
      this.queue.enqueue(`garbage collector: owners of ${name}`, () => this.checkOwners(resource, object));
    // Only a delete sets a deletionTimestamp: this is the moment an owner starts being deleted.
    const deleting = object.metadata.deletionTimestamp && !event.previous?.metadata.deletionTimestamp;
    if (deleting && object.metadata.finalizers?.some((f) => f === ORPHAN || f === FOREGROUND))
      this.queue.enqueue(`garbage collector: deleting owner ${name}`, () =>
        this.processDeletingOwner(resource, object),
      );
  }

  private dependentsOf(uid: string): ObjectRef[] {
    return [...(this.dependents.get(uid)?.values() ?? [])];
  }

  private resolve(ref: ObjectRef): { type: ResourceType; obj: KubeObject } | undefined {
    const obj = this.storage.at(ref);
    return obj ? { type: ref.type, obj } : undefined;
  }

  /** Background collection: dependents whose owners are all gone are deleted. */
  private collectDependents(owner: KubeObject): void {
    const uid = owner.metadata.uid!;
    // The owner may have come back under the same uid only in a test's imagination: uids are unique.
    if (this.storage.byUid(uid)) return;
    for (const dep of this.dependentsOf(uid)) {
      const found = this.resolve(dep);
      if (!found) continue;
      const others = (found.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      if (others.some((r) => this.storage.byUid(r.uid))) this.stripOwner(dep, uid);
      else this.deleteDependent(dep, 'Background');
    }
    // A foreground-deleting owner of this object may now be free to go.
    for (const ref of owner.metadata.ownerReferences ?? []) {
      const parent = this.storage.byUid(ref.uid);
      if (parent?.obj.metadata.deletionTimestamp) this.processDeletingOwner(parent.type, parent.obj);
    }
  }

  /** Dangling owner references: collect the object if no owner is left, else drop the dangling ones. */
  private checkOwners(type: ResourceType, stale: KubeObject): void {
    const current = this.storage.peek(type, stale.metadata.namespace, stale.metadata.name!);
    if (!current || current.metadata.uid !== stale.metadata.uid || current.metadata.deletionTimestamp) return;
    const refs = current.metadata.ownerReferences ?? [];
    const dangling = refs.filter((r) => !this.storage.byUid(r.uid));
    if (dangling.length === 0) return;
    const ref = { type, key: objKey(current.metadata.namespace, current.metadata.name!) };
    if (dangling.length < refs.length) {
      for (const owner of dangling) this.stripOwner(ref, owner.uid);
      return;
    }
    const finalizers = current.metadata.finalizers ?? [];
    const policy = finalizers.includes(ORPHAN)
      ? 'Orphan'
      : finalizers.includes(FOREGROUND)
        ? 'Foreground'
        : 'Background';
    this.deleteDependent(ref, policy);
  }

  /** Foreground and orphan deletion: the collector's part of the work for a deleting owner. */
  private processDeletingOwner(type: ResourceType, stale: KubeObject): void {
    const owner = this.storage.peek(type, stale.metadata.namespace, stale.metadata.name!);
    if (!owner || owner.metadata.uid !== stale.metadata.uid) return;
    const finalizers = owner.metadata.finalizers ?? [];
    const uid = owner.metadata.uid!;
    const deps = this.dependentsOf(uid);
    if (finalizers.includes(ORPHAN)) {
      for (const dep of deps) this.stripOwner(dep, uid);
      this.dropFinalizer(type, owner, ORPHAN);
      return;
    }
    if (finalizers.includes(FOREGROUND)) {
      for (const dep of deps) this.deleteDependent(dep, 'Foreground');
      if (!this.hasDependents(uid)) this.dropFinalizer(type, owner, FOREGROUND);
    }
  }

  private dropFinalizer(type: ResourceType, obj: KubeObject, finalizer: string): void {
    const current = this.storage.peek(type, obj.metadata.namespace, obj.metadata.name!);
    if (!current?.metadata.finalizers?.includes(finalizer)) return;
    const next = cloneJson(current) as KubeObject;
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.writes.replace(type, current, next);
  }

  private stripOwner(dep: ObjectRef, ownerUid: string): void {
    const found = this.resolve(dep);
    if (!found) return;
    const next = cloneJson(found.obj) as KubeObject;
    next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
    this.writes.replace(found.type, found.obj, next);
  }

  private deleteDependent(dep: ObjectRef, policy: PropagationPolicy): void {
    const found = this.resolve(dep);
    if (!found || found.obj.metadata.deletionTimestamp) return;
    this.writes.delete(found.type, found.obj.metadata.namespace, found.obj.metadata.name!, policy);
  }
}

/** True when the change added an owner reference the object did not have before. */
function gainedOwnerReference(event: StoreEvent): boolean {
  const before = new Set((event.previous?.metadata.ownerReferences ?? []).map((r) => r.uid));
  return (event.object.metadata.ownerReferences ?? []).some((r) => !before.has(r.uid));
}
