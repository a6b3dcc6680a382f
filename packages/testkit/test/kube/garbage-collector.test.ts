import { describe, expect, it } from 'vitest';
import {
  type KubeObject,
  KubeStore,
  resourceByKind,
  type StoreEvent,
  seededRandom,
} from '../../src/kube/index';

const ns = resourceByKind('Namespace');
const cm = resourceByKind('ConfigMap');
const pod = resourceByKind('Pod');

function store(): KubeStore {
  const s = new KubeStore({ random: seededRandom(11), validateCrds: false });
  s.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
  // The namespace's default ServiceAccount comes from the service-account controller: let it run.
  s.runControllers();
  return s;
}

const ref = (o: KubeObject) => ({
  apiVersion: 'v1',
  kind: o.kind,
  name: o.metadata.name!,
  uid: o.metadata.uid!,
});

function owned(
  s: KubeStore,
  kind: 'ConfigMap' | 'Pod',
  name: string,
  owners: KubeObject[],
  finalizers?: string[],
) {
  return s.create(kind === 'Pod' ? pod : cm, 'a', {
    apiVersion: 'v1',
    kind,
    metadata: { name, ownerReferences: owners.map(ref), ...(finalizers ? { finalizers } : {}) },
    ...(kind === 'Pod' ? { spec: { containers: [{ name: 'c', image: 'x' }] } } : {}),
  });
}

describe('the garbage collector as a subscriber to store changes', () => {
  it('answers a delete before its cascade, which every subscriber then sees in resourceVersion order', () => {
    const s = store();
    const owner = owned(s, 'ConfigMap', 'owner', []);
    const d1 = owned(s, 'ConfigMap', 'd1', [owner]);
    owned(s, 'Pod', 'c1', [d1]);
    owned(s, 'Pod', 'd2', [owner]);
    // The collector checks each new owner reference (all live here) long before anyone deletes.
    s.runControllers();
    const seen: StoreEvent[] = [];
    s.subscribe((e) => seen.push(e));
    const rv = s.resourceVersion;
    s.delete(cm, 'a', 'owner');
    // As on a real cluster, the DELETE is answered first; the collector works afterwards.
    expect(seen.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['DELETED owner']);
    expect(s.tryGet(cm, 'a', 'd1')).toBeDefined();
    expect(s.controllers.pending).toBeGreaterThan(0);
    s.runControllers();
    expect(seen.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'DELETED owner',
      'DELETED d1',
      'DELETED d2',
      'DELETED c1',
    ]);
    expect(seen.map((e) => e.resourceVersion)).toEqual([rv + 1, rv + 2, rv + 3, rv + 4]);
    expect(s.eventsSince(rv)?.map((e) => e.object.metadata.name)).toEqual(['owner', 'd1', 'd2', 'c1']);
    expect(s.controllers.pending).toBe(0);
  });

  it('follows owner references as they change: an added reference is collected, a dropped one is not', () => {
    const s = store();
    const owner = owned(s, 'ConfigMap', 'owner', []);
    owned(s, 'Pod', 'adopted', []);
    owned(s, 'Pod', 'released', [owner]);
    s.patch(pod, 'a', 'adopted', 'merge', { metadata: { ownerReferences: [ref(owner)] } });
    s.patch(pod, 'a', 'released', 'merge', { metadata: { ownerReferences: null } });
    s.delete(cm, 'a', 'owner');
    s.runControllers();
    expect(s.tryGet(pod, 'a', 'adopted')).toBeUndefined();
    expect(s.tryGet(pod, 'a', 'released')).toBeDefined();
  });

  it('finishes a foreground delete through two levels once the last finalizer below is released', () => {
    const s = store();
    const owner = owned(s, 'ConfigMap', 'owner', []);
    const mid = owned(s, 'ConfigMap', 'mid', [owner]);
    owned(s, 'Pod', 'leaf', [mid], ['x/hold']);
    const res = s.delete(cm, 'a', 'owner', { propagationPolicy: 'Foreground' });
    expect(res.removed).toBe(false);
    s.runControllers();
    expect(s.tryGet(cm, 'a', 'mid')?.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(s.tryGet(pod, 'a', 'leaf')?.metadata.deletionTimestamp).toBeDefined();
    s.patch(pod, 'a', 'leaf', 'merge', { metadata: { finalizers: null } });
    s.runControllers();
    expect(s.tryGet(pod, 'a', 'leaf')).toBeUndefined();
    expect(s.tryGet(cm, 'a', 'mid')).toBeUndefined();
    expect(s.tryGet(cm, 'a', 'owner')).toBeUndefined();
  });
});
