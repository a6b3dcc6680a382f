import { describe, expect, it } from 'vitest';
import { type KubeObject, KubeStore, resourceByKind, seededRandom } from '../../src/kube/index';

const ns = resourceByKind('Namespace');
const cm = resourceByKind('ConfigMap');

function store(): KubeStore {
  const s = new KubeStore({ random: seededRandom(3), validateCrds: false });
  s.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
  return s;
}

const configMap: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'one', labels: { app: 'x' } },
  data: { big: 'unchanged', small: '1' },
};

describe('answers of the store', () => {
  it('gives clients copies they may change without touching what is stored', () => {
    const s = store();
    const created = s.create(cm, 'a', configMap);
    const patched = s.patch(cm, 'a', 'one', 'merge', { data: { small: '2' } });
    const deleted = s.delete(cm, 'a', 'one', { propagationPolicy: 'Foreground' });
    for (const answer of [created, patched, deleted.object]) {
      expect(Object.isFrozen(answer)).toBe(false);
      (answer['data'] as Record<string, string>)['big'] = 'changed by a client';
      answer.metadata.labels!['app'] = 'changed by a client';
    }
    const stored = s.peek(cm, 'a', 'one')!;
    expect(stored['data']).toEqual({ big: 'unchanged', small: '2' });
    expect(stored.metadata.labels).toEqual({ app: 'x' });
  });

  it('gives in-process writers the stored objects themselves, which stay as they were written', () => {
    const s = store();
    const created = s.createStored(cm, 'a', configMap);
    expect(created).toBe(s.peek(cm, 'a', 'one'));
    const patched = s.patchStored(cm, 'a', 'one', 'merge', { data: { small: '2' } });
    expect(patched).toBe(s.peek(cm, 'a', 'one'));
    expect(Object.isFrozen(patched)).toBe(true);
    // The part the patch did not touch is the previous version's own; both read as written.
    expect(patched['data']).toEqual({ big: 'unchanged', small: '2' });
    expect(created['data']).toEqual({ big: 'unchanged', small: '1' });
    expect(s.eventsSince(0)!.at(-1)!.previous).toBe(created);
    const noop = s.patchStored(cm, 'a', 'one', 'merge', { data: { small: '2' } });
    expect(noop).toBe(patched);
    const { object, removed } = s.deleteStored(cm, 'a', 'one');
    expect(removed).toBe(true);
    expect(object.metadata.name).toBe('one');
    expect(s.peek(cm, 'a', 'one')).toBeUndefined();
  });
});
