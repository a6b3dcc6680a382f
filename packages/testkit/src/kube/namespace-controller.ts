import type { ChangeFeed } from './change-feed';
import type { ControllerQueue } from './controller-queue';
import { RESOURCE_TYPES, resourceByKind } from './resources';
import type { ObjectStorage } from './storage';
import type { KubeObject, ResourceType, StoreEvent } from './types';

const NAMESPACE = resourceByKind('Namespace');
const SERVICE_ACCOUNT = resourceByKind('ServiceAccount');

/** The writes these controllers make, through the store's own write path. */
export interface NamespaceWrites {
  create(type: ResourceType, namespace: string | undefined, body: KubeObject): void;
  delete(type: ResourceType, namespace: string | undefined, name: string): void;
  /** Removes a terminating namespace whose content is gone (its `kubernetes` finalizer done). */
  finalize(namespace: KubeObject): void;
}

export function isTerminating(ns: KubeObject | undefined): boolean {
  return Boolean(ns?.metadata.deletionTimestamp);
}

/**
 * The namespace controller and the service-account controller of kube-controller-manager, as
 * subscribers to store changes whose work waits in the controller queue:
 * - a namespace marked for deletion (Terminating) has its content deleted (objects with finalizers
 *   linger, marked) and goes once nothing is left in it;
 * - every active namespace gets its `default` ServiceAccount (again, if someone deletes it).
 */
export class NamespaceControllers {
  constructor(
    feed: ChangeFeed,
    private readonly storage: ObjectStorage,
    private readonly queue: ControllerQueue,
    private readonly writes: NamespaceWrites,
  ) {
    feed.react((event) => this.react(event));
  }

  private react(event: StoreEvent): void {
    const obj = event.object;
    if (event.resource === NAMESPACE) {
      const name = obj.metadata.name!;
      if (event.type === 'ADDED')
        this.queue.enqueue(`service accounts: ${name}`, () => this.defaultAccount(name));
      else if (event.type === 'MODIFIED' && isTerminating(obj) && !isTerminating(event.previous))
        this.queue.enqueue(`namespace controller: empty ${name}`, () => this.empty(name));
      return;
    }
    const ns = obj.metadata.namespace;
    if (!ns || event.type !== 'DELETED') return;
    if (isTerminating(this.storage.peek(NAMESPACE, undefined, ns)))
      this.queue.enqueue(`namespace controller: finish ${ns}`, () => this.finishIfEmpty(ns));
    else if (event.resource === SERVICE_ACCOUNT && obj.metadata.name === 'default')
      this.queue.enqueue(`service accounts: ${ns}`, () => this.defaultAccount(ns));
  }

  private defaultAccount(namespace: string): void {
    const ns = this.storage.peek(NAMESPACE, undefined, namespace);
    if (!ns || isTerminating(ns) || this.storage.peek(SERVICE_ACCOUNT, namespace, 'default')) return;
    this.writes.create(SERVICE_ACCOUNT, namespace, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default' },
    });
  }

  private content(namespace: string): { type: ResourceType; obj: KubeObject }[] {
    return RESOURCE_TYPES.filter((t) => t.namespaced).flatMap((type) =>
      this.storage.scan(type, { namespace }).map((obj) => ({ type, obj })),
    );
  }

  private empty(namespace: string): void {
    for (const { type, obj } of this.content(namespace)) {
      if (!obj.metadata.deletionTimestamp) this.writes.delete(type, namespace, obj.metadata.name!);
    }
    this.finishIfEmpty(namespace);
  }

  private finishIfEmpty(namespace: string): void {
    const ns = this.storage.peek(NAMESPACE, undefined, namespace);
    if (!ns || !isTerminating(ns) || this.content(namespace).length > 0) return;
    this.writes.finalize(ns);
  }
}
