import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneJson } from '../../src/kube/clone';
import { resourceByKind } from '../../src/kube/index';
import type { KubeObject, StoreEvent } from '../../src/kube/types';
import { WatchHistory } from '../../src/kube/watch-history';

describe('cloneJson', () => {
  it('copies any JSON value as structuredClone does, sharing nothing with the original', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = cloneJson(value);
        expect(copy).toStrictEqual(structuredClone(value));
        if (value !== null && typeof value === 'object') expect(copy).not.toBe(value);
      }),
    );
  });

  it('keeps key order, undefined values and a __proto__ key as data', () => {
    const value = JSON.parse('{"b":1,"__proto__":{"x":1},"a":[{"c":null}]}') as Record<string, unknown>;
    value['u'] = undefined;
    const copy = cloneJson(value);
    expect(Object.keys(copy)).toEqual(['b', '__proto__', 'a', 'u']);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, 'u')).toBe(true);
    expect(copy).toStrictEqual(structuredClone(value));
  });

  it('leaves what is not JSON-shaped to structuredClone (dates, maps, cycles) and fails as it does', () => {
    const at = new Date('2026-01-05T12:00:00Z');
    const dated = cloneJson({ at, m: new Map([[1, 2]]) });
    expect(dated.at).toBeInstanceOf(Date);
    expect(dated.at).not.toBe(at);
    expect(dated.m.get(1)).toBe(2);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    const copy = cloneJson(cyclic);
    expect(copy['self']).toBe(copy);
    expect(() => cloneJson({ f: () => 1 })).toThrow(/could not be cloned/);
  });
});

function event(rv: number): StoreEvent {
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${rv}`, namespace: 'a', resourceVersion: String(rv) },
  };
  return { type: 'ADDED', resource: resourceByKind('ConfigMap'), object, resourceVersion: rv };
}

describe('WatchHistory', () => {
  it('holds exactly the last `size` events however many were recorded, and refuses older versions', () => {
    for (const recorded of [3, 5, 6, 9, 10, 11, 23]) {
      const history = new WatchHistory(5);
      for (let rv = 1; rv <= recorded; rv++) history.record(event(rv));
      const dropped = Math.max(0, recorded - 5);
      expect(history.oldestWatchableRv).toBe(dropped);
      expect(history.since(dropped)!.map((e) => e.resourceVersion)).toEqual(
        Array.from({ length: recorded - dropped }, (_, i) => dropped + i + 1),
      );
      expect(history.since(recorded)).toEqual([]);
      if (dropped > 0) expect(history.since(dropped - 1)).toBeUndefined();
    }
  });

  it('forgets everything at a compaction and records on from there', () => {
    const history = new WatchHistory(4);
    for (let rv = 1; rv <= 7; rv++) history.record(event(rv));
    history.compact(7);
    expect(history.since(6)).toBeUndefined();
    expect(history.since(7)).toEqual([]);
    for (let rv = 8; rv <= 13; rv++) history.record(event(rv));
    expect(history.oldestWatchableRv).toBe(9);
    expect(history.since(9)!.map((e) => e.resourceVersion)).toEqual([10, 11, 12, 13]);
  });
});
