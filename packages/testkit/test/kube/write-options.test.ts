import { describe, expect, it } from 'vitest';
import {
  crdValidationUnavailable,
  type FieldValidation,
  type KubeObject,
  KubeStore,
  resourceByKind,
  seededRandom,
} from '../../src/kube/index';

const ns = resourceByKind('Namespace');
const cm = resourceByKind('ConfigMap');
const pod = resourceByKind('Pod');
const ars = resourceByKind('AutoscalingRunnerSet');
const missing = crdValidationUnavailable();

function store(fieldValidation?: FieldValidation, validateCrds = false): KubeStore {
  const s = new KubeStore({
    random: seededRandom(5),
    validateCrds,
    ...(fieldValidation ? { fieldValidation } : {}),
  });
  for (const name of ['a', 'arc-runners'])
    s.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return s;
}

const arsBody = (spec: Record<string, unknown>, name = 'x'): KubeObject => ({
  apiVersion: 'actions.github.com/v1alpha1',
  kind: 'AutoscalingRunnerSet',
  metadata: { name },
  spec,
});

describe('per-call write options', () => {
  it('runs a dry-run delete of an owner without touching it, its dependents or the resourceVersion', () => {
    const s = store();
    const owner = s.create(cm, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } });
    const ownerRef = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid! };
    s.create(pod, 'a', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', ownerReferences: [ownerRef] },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    const events: string[] = [];
    s.subscribe((e) => events.push(`${e.type} ${e.object.metadata.name}`));
    const rv = s.resourceVersion;
    const dry = s.delete(cm, 'a', 'owner', { propagationPolicy: 'Foreground' }, { dryRun: true });
    expect(dry.removed).toBe(false);
    expect(dry.object.metadata).toMatchObject({
      finalizers: ['foregroundDeletion'],
      resourceVersion: owner.metadata.resourceVersion,
    });
    expect(dry.object.metadata.deletionTimestamp).toBeDefined();
    expect(s.resourceVersion).toBe(rv);
    expect(events).toEqual([]);
    expect(s.tryGet(cm, 'a', 'owner')?.metadata.deletionTimestamp).toBeUndefined();
    expect(s.tryGet(pod, 'a', 'p')).toBeDefined();
    // Nothing of the dry run stays behind: the next call without it is a real delete.
    expect(s.delete(cm, 'a', 'owner').removed).toBe(true);
    s.runControllers();
    expect(s.tryGet(pod, 'a', 'p')).toBeUndefined();
  });

  it('answers a dry-run namespace delete with the namespace marked Terminating and touches nothing', () => {
    const s = store();
    s.create(cm, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' } });
    s.create(cm, 'a', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'held', finalizers: ['x/y'] },
    });
    s.runControllers();
    const rv = s.resourceVersion;
    const dry = s.delete(ns, undefined, 'a', {}, { dryRun: true });
    expect(dry.removed).toBe(false);
    expect(dry.object.status).toEqual({ phase: 'Terminating' });
    expect(dry.object.metadata.deletionTimestamp).toBeDefined();
    expect(s.runControllers()).toBe(0);
    expect(s.resourceVersion).toBe(rv);
    expect(s.tryGet(ns, undefined, 'a')).toBeDefined();
    expect(s.tryGet(cm, 'a', 'plain')).toBeDefined();
    expect(s.tryGet(cm, 'a', 'held')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it.skipIf(missing !== undefined)(
    `applies the field validation of each call and keeps none between calls (${missing ?? 'reference CRDs present'})`,
    () => {
      const s = store('Warn', true);
      const strictError = 'strict decoding error: unknown field "spec.bogus"';
      expect(() =>
        s.create(ars, 'arc-runners', arsBody({ maxRunners: 1, bogus: 1 }), { fieldValidation: 'Strict' }),
      ).toThrow(strictError);
      const warnings: string[] = [];
      const created = s.create(ars, 'arc-runners', arsBody({ maxRunners: 1, bogus: 1 }), {
        warn: (w) => warnings.push(w),
      });
      expect(created.spec).toEqual({ maxRunners: 1 });
      expect(warnings).toEqual(['unknown field "spec.bogus"']);
      const ignored: string[] = [];
      s.patch(ars, 'arc-runners', 'x', 'merge', { spec: { other: 2 } }, undefined, {
        fieldValidation: 'Ignore',
        warn: (w) => ignored.push(w),
      });
      expect(ignored).toEqual([]);
      // The store's own default (the simulator's Strict) applies to calls that pass no mode.
      const strict = store('Strict', true);
      expect(() => strict.create(ars, 'arc-runners', arsBody({ bogus: 1 }))).toThrow(strictError);
      expect(
        strict.create(ars, 'arc-runners', arsBody({ bogus: 1 }), { fieldValidation: 'Warn' }).spec,
      ).toEqual({});
    },
  );
});
