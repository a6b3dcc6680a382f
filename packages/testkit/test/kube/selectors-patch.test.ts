import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch } from '../../src/kube/patch';
import { matchesLabels, parseLabelSelector } from '../../src/kube/selectors';
import { StatusError } from '../../src/kube/status';

describe('label selectors', () => {
  it('parses equality, set-based and existence requirements', () => {
    expect(parseLabelSelector('app=nix, tier!=gpu,zone in (a, b),env notin (prod),ready,!legacy')).toEqual([
      { key: 'app', op: 'in', values: ['nix'] },
      { key: 'tier', op: 'notin', values: ['gpu'] },
      { key: 'zone', op: 'in', values: ['a', 'b'] },
      { key: 'env', op: 'notin', values: ['prod'] },
      { key: 'ready', op: 'exists' },
      { key: 'legacy', op: 'notexists' },
    ]);
  });

  it('matches as Kubernetes does (notin and != match a missing key)', () => {
    const sel = parseLabelSelector('app=nix,tier!=gpu,ready');
    expect(matchesLabels(sel, { app: 'nix', ready: '' })).toBe(true);
    expect(matchesLabels(sel, { app: 'nix', ready: '', tier: 'gpu' })).toBe(false);
    expect(matchesLabels(sel, { app: 'docker', ready: '' })).toBe(false);
    expect(matchesLabels(parseLabelSelector(''), undefined)).toBe(true);
  });

  it('rejects an invalid key with 400', () => {
    expect(() => parseLabelSelector('bad key=1')).toThrow(StatusError);
  });
});

describe('patches', () => {
  it('merge patch: null deletes, objects merge, arrays replace', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({
      a: { c: 2, d: 3 },
      l: [3],
    });
  });

  it('applying the same merge patch twice is the same as once (RFC 7386 idempotence)', () => {
    const obj = fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 3 }));
    fc.assert(
      fc.property(obj, obj, (target, patch) => {
        const once = mergePatch(target, patch);
        expect(mergePatch(once, patch)).toEqual(once);
      }),
    );
  });

  it('JSON patch: add, remove, replace, move, copy, test', () => {
    const doc = { spec: { replicas: 1, list: ['a', 'b'] }, metadata: { 'a/b': 'x' } };
    const out = jsonPatch(doc, [
      { op: 'test', path: '/spec/replicas', value: 1 },
      { op: 'replace', path: '/spec/replicas', value: 0 },
      { op: 'add', path: '/spec/list/-', value: 'c' },
      { op: 'remove', path: '/spec/list/0' },
      { op: 'copy', from: '/spec/replicas', path: '/spec/patchID' },
      { op: 'move', from: '/metadata/a~1b', path: '/metadata/moved' },
    ]);
    expect(out).toEqual({ spec: { replicas: 0, patchID: 0, list: ['b', 'c'] }, metadata: { moved: 'x' } });
    expect(doc.spec.replicas).toBe(1);
  });

  it('a failed test or a missing path rejects the whole patch with 422', () => {
    for (const ops of [
      [{ op: 'test' as const, path: '/spec/replicas', value: 2 }],
      [{ op: 'replace' as const, path: '/spec/missing/deep', value: 2 }],
      [{ op: 'remove' as const, path: '/spec/nothing' }],
    ]) {
      try {
        jsonPatch({ spec: { replicas: 1 } }, ops);
        throw new Error('expected a failure');
      } catch (e) {
        expect((e as StatusError).status.code).toBe(422);
      }
    }
  });
});
