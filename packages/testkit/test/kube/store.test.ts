import { describe, expect, it } from 'vitest';
import { type KubeObject, KubeStore, resourceByKind, StatusError, seededRandom } from '../../src/kube/index';

const ns = resourceByKind('Namespace');
const cm = resourceByKind('ConfigMap');
const pod = resourceByKind('Pod');
const secret = resourceByKind('Secret');

function store(): KubeStore {
  const s = new KubeStore({ random: seededRandom(7), validateCrds: false });
  s.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
  return s;
}

function configMap(name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra } };
}

function statusError(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError);
    return (e as StatusError).status;
  }
  throw new Error('expected a Status error');
}

/** The least a pod needs to pass validation. */
const CONTAINERS = { containers: [{ name: 'c', image: 'x' }] };

describe('KubeStore', () => {
  it('keeps one global resourceVersion and does not bump it for a no-op write', () => {
    const s = store();
    const a = s.create(cm, 'a', configMap('one'));
    const b = s.create(cm, 'a', configMap('two'));
    expect(Number(b.metadata.resourceVersion)).toBe(Number(a.metadata.resourceVersion) + 1);
    const same = s.patch(cm, 'a', 'one', 'merge', { metadata: { labels: null } });
    expect(same.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    expect(s.resourceVersion).toBe(Number(b.metadata.resourceVersion));
  });

  it('rejects a create in a missing namespace and a bad name like the API server', () => {
    const s = store();
    expect(statusError(() => s.create(cm, 'nope', configMap('x')))).toMatchObject({
      code: 404,
      message: 'namespaces "nope" not found',
    });
    expect(statusError(() => s.create(cm, 'a', configMap('Bad_Name')))).toMatchObject({
      code: 422,
      reason: 'Invalid',
    });
    const longLabel = statusError(() =>
      s.create(cm, 'a', configMap('ok', { labels: { k: 'x'.repeat(64) } })),
    );
    expect(longLabel.message).toContain('must be no more than 63 characters');
  });

  it('garbage-collects dependents in the background, and keeps those with another live owner', () => {
    const s = store();
    const owner = s.create(cm, 'a', configMap('owner'));
    const other = s.create(cm, 'a', configMap('other'));
    const ref = (o: KubeObject) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: o.metadata.name!,
      uid: o.metadata.uid!,
    });
    s.create(secret, 'a', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'only', ownerReferences: [ref(owner)] },
    });
    s.create(secret, 'a', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shared', ownerReferences: [ref(owner), ref(other)] },
    });
    s.delete(cm, 'a', 'owner');
    s.runControllers();
    expect(s.tryGet(secret, 'a', 'only')).toBeUndefined();
    expect(s.tryGet(secret, 'a', 'shared')?.metadata.ownerReferences).toEqual([ref(other)]);
  });

  it('orphans dependents and deletes in the foreground on request', () => {
    const s = store();
    const owner = s.create(cm, 'a', configMap('owner'));
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid! };
    s.create(pod, 'a', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', ownerReferences: [ref] },
      spec: CONTAINERS,
    });
    // The API server marks the owner with the orphan finalizer; the collector finishes the job.
    expect(s.delete(cm, 'a', 'owner', { propagationPolicy: 'Orphan' }).object.metadata.finalizers).toEqual([
      'orphan',
    ]);
    s.runControllers();
    expect(s.tryGet(cm, 'a', 'owner')).toBeUndefined();
    expect(s.tryGet(pod, 'a', 'p')?.metadata.ownerReferences).toBeUndefined();
    const owner2 = s.create(cm, 'a', configMap('owner2'));
    s.create(pod, 'a', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'held',
        finalizers: ['x/y'],
        ownerReferences: [{ ...ref, name: 'owner2', uid: owner2.metadata.uid! }],
      },
      spec: CONTAINERS,
    });
    const res = s.delete(cm, 'a', 'owner2', { propagationPolicy: 'Foreground' });
    expect(res.removed).toBe(false);
    s.runControllers();
    expect(s.tryGet(cm, 'a', 'owner2')?.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(s.tryGet(pod, 'a', 'held')?.metadata.deletionTimestamp).toBeDefined();
    s.patch(pod, 'a', 'held', 'merge', { metadata: { finalizers: null } });
    s.runControllers();
    expect(s.tryGet(pod, 'a', 'held')).toBeUndefined();
    expect(s.tryGet(cm, 'a', 'owner2')).toBeUndefined();
  });

  it('refuses new finalizers on a deleting object and checks delete preconditions', () => {
    const s = store();
    s.create(cm, 'a', configMap('f', { finalizers: ['a/b'] }));
    s.delete(cm, 'a', 'f');
    expect(
      statusError(() => s.patch(cm, 'a', 'f', 'merge', { metadata: { finalizers: ['a/b', 'c/d'] } })),
    ).toMatchObject({
      code: 422,
      message:
        'ConfigMap "f" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"c/d"}',
    });
    s.create(cm, 'a', configMap('g'));
    expect(statusError(() => s.delete(cm, 'a', 'g', { preconditions: { uid: 'not-it' } })).code).toBe(409);
  });

  it('applies a resourceVersion inside a patch as a precondition', () => {
    const s = store();
    const o = s.create(cm, 'a', configMap('x'));
    s.patch(cm, 'a', 'x', 'merge', { data: { a: '1' } });
    expect(
      statusError(() =>
        s.patch(cm, 'a', 'x', 'merge', { metadata: { resourceVersion: o.metadata.resourceVersion } }),
      ).reason,
    ).toBe('Conflict');
  });

  it('replays events since a resourceVersion and reports compacted ones as gone', () => {
    const s = store();
    const first = s.create(cm, 'a', configMap('x'));
    s.patch(cm, 'a', 'x', 'merge', { data: { a: '1' } });
    s.delete(cm, 'a', 'x');
    expect(s.eventsSince(Number(first.metadata.resourceVersion))?.map((e) => e.type)).toEqual([
      'MODIFIED',
      'DELETED',
    ]);
    s.compact();
    expect(s.eventsSince(Number(first.metadata.resourceVersion))).toBeUndefined();
    expect(s.eventsSince(s.resourceVersion)).toEqual([]);
  });
});
