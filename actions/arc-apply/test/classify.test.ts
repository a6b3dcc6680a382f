import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { driftItems, worstSeverity } from '../src/engine/drift-classify';
import { frozenCaps } from '../src/engine/freeze-caps';
import { classify } from '../src/engine/prove-classify';
import { minRunnersAt, parseSchedule } from '../src/engine/schedule';
import { parseVersion } from '../src/engine/version';
import { listenerCapsOf } from '../src/kube/types';
import { ars, listener } from './fixtures';

const now = new Date('2026-01-01T01:00:00Z');
const grace = 60_000;

describe('freeze caps', () => {
  it('zero freezes to 0/0; cap-current holds max at the busy count', () => {
    expect(frozenCaps({ minRunners: 1, maxRunners: 16 }, 3, 'zero')).toEqual({
      minRunners: 0,
      maxRunners: 0,
    });
    expect(frozenCaps({ minRunners: 1, maxRunners: 16 }, 3, 'cap-current')).toEqual({
      minRunners: 1,
      maxRunners: 3,
    });
    expect(frozenCaps({ minRunners: 2, maxRunners: null }, 0, 'cap-current')).toEqual({
      minRunners: 0,
      maxRunners: 0,
    });
  });

  it('always keeps max ≥ min', () => {
    fc.assert(
      fc.property(
        fc.nat(50),
        fc.option(fc.nat(50), { nil: null }),
        fc.nat(50),
        fc.constantFrom('zero' as const, 'cap-current' as const),
        (min, max, busy, mode) => {
          const c = frozenCaps({ minRunners: min, maxRunners: max }, busy, mode);
          expect(c.maxRunners).not.toBeNull();
          expect(c.maxRunners!).toBeGreaterThanOrEqual(c.minRunners);
        },
      ),
      { seed: 3 },
    );
  });
});

describe('prove classification', () => {
  const target = { minRunners: 0, maxRunners: 5 };
  const obs = (over: Partial<Parameters<typeof classify>[0]> = {}) => ({
    name: 'nix',
    ars: ars('nix', { max: 5 }),
    target,
    listener: listener('nix', { max: 5, created: '2026-01-01T00:00:00Z' }),
    secretExists: true,
    activeRunners: 0,
    phaseAware: true,
    ...over,
  });

  it('proves a settled listener with the target caps', () => {
    expect(classify(obs(), now, grace)).toEqual({ state: 'proven' });
  });

  it('treats a missing or young listener, or a missing secret, as transient', () => {
    expect(classify(obs({ listener: undefined }), now, grace).state).toBe('transient');
    expect(classify(obs({ secretExists: false }), now, grace).state).toBe('transient');
    const young = listener('nix', { max: 3, created: '2026-01-01T00:59:30Z' });
    expect(classify(obs({ listener: young }), now, grace).state).toBe('transient');
    expect(classify(obs({ ars: ars('nix', { max: 5, phase: 'Pending' }) }), now, grace).state).toBe(
      'transient',
    );
  });

  it('takes the age the caller measured over the creationTimestamp (a cluster clock running ahead)', () => {
    const fromTheFuture = listener('nix', { max: 5, created: '2026-01-01T02:00:00Z' });
    expect(classify(obs({ listener: fromTheFuture }), now, grace).state).toBe('transient');
    expect(classify(obs({ listener: fromTheFuture, listenerAgeMs: grace + 1 }), now, grace)).toEqual({
      state: 'proven',
    });
    expect(classify(obs({ listenerAgeMs: 0 }), now, grace)).toEqual({
      state: 'transient',
      reason: 'listener younger than the grace window',
    });
  });

  it('flags a missing listener with active runners', () => {
    expect(classify(obs({ listener: undefined, activeRunners: 2 }), now, grace).state).toBe(
      'missing-with-active',
    );
  });

  it('reads caps as ARC stores them: an absent 0 is 0, 2147483647 is no maximum', () => {
    // ARC's Go type drops a 0 (omitempty): a listener for a set at 0/0 has neither field.
    const asStored = (l: ReturnType<typeof listener>, spec: Record<string, number>) => ({
      ...l,
      spec: {
        autoscalingRunnerSetName: 'nix',
        autoscalingRunnerSetNamespace: l.spec!.autoscalingRunnerSetNamespace!,
        ...spec,
      },
    });
    const zero = asStored(listener('nix'), {});
    expect(listenerCapsOf(zero)).toEqual({ minRunners: 0, maxRunners: 0 });
    const atZero = { ars: ars('nix', { max: 0 }), target: { minRunners: 0, maxRunners: 0 }, listener: zero };
    expect(classify(obs(atZero), now, grace)).toEqual({ state: 'proven' });
    const unbounded = asStored(listener('nix'), { maxRunners: 2147483647 });
    expect(listenerCapsOf(unbounded)).toEqual({ minRunners: 0, maxRunners: null });
    const drift = driftItems({
      ars: ars('nix', { max: 0 }),
      target: { minRunners: 0, maxRunners: 0 },
      listener: zero,
      activeRunners: 0,
      controllerVersion: parseVersion('0.14.2'),
    });
    expect(drift.filter((i) => i.kind === 'listener-caps-differ')).toEqual([]);
  });

  it('reports drift from a settled listener with a signature that changes with the listener', () => {
    const a = classify(obs({ listener: listener('nix', { max: 0, uid: 'u1' }) }), now, grace);
    const b = classify(obs({ listener: listener('nix', { max: 0, uid: 'u2' }) }), now, grace);
    expect(a.state).toBe('drift');
    expect(a.state === 'drift' && a.reason).toMatch(/listener caps 0\/0 ≠ ARS 0\/5/);
    expect(a.state === 'drift' && b.state === 'drift' && a.signature !== b.signature).toBe(true);
    expect(
      classify(obs({ ars: ars('nix', { max: 4 }), listener: listener('nix', { max: 4 }) }), now, grace).state,
    ).toBe('drift');
  });
});

describe('drift items', () => {
  const v = parseVersion('0.14.2');
  it('grades missing listeners, cap drift and cosmetic skew', () => {
    const items = driftItems({
      ars: ars('nix', { max: 4, version: '0.14.1' }),
      target: { minRunners: 0, maxRunners: 5 },
      listener: undefined,
      activeRunners: 1,
      controllerVersion: v,
    });
    expect(items.map((i) => [i.kind, i.severity])).toEqual([
      ['listener-missing-active', 'critical'],
      ['caps-differ', 'high'],
      ['version-skew', 'low'],
    ]);
    expect(worstSeverity(items)).toBe('critical');
    const clean = driftItems({
      ars: ars('nix', { max: 5 }),
      target: { minRunners: 0, maxRunners: 5 },
      listener: listener('nix', { max: 5 }),
      activeRunners: 0,
      controllerVersion: v,
    });
    expect(clean).toEqual([]);
    expect(worstSeverity(clean)).toBe('none');
  });

  it('shows a set held by mode: pause as paused (low), and as drift once its caps moved while paused', () => {
    const paused = { caps: { minRunners: 0, maxRunners: 0 }, at: '2026-12-03T10:00:00Z', runId: 'run-7' };
    const held = driftItems({
      ars: ars('nix', { max: 0 }),
      target: { minRunners: 0, maxRunners: 5 },
      listener: listener('nix', { max: 0 }),
      activeRunners: 0,
      controllerVersion: v,
      paused,
    });
    expect(held.map((i) => [i.kind, i.severity])).toEqual([['paused', 'low']]);
    expect(held[0]!.message).toContain('run-7');
    const moved = driftItems({
      ars: ars('nix', { max: 2 }),
      target: { minRunners: 0, maxRunners: 5 },
      listener: listener('nix', { max: 2 }),
      activeRunners: 0,
      controllerVersion: v,
      paused,
    });
    expect(moved.map((i) => [i.kind, i.severity])).toEqual([['caps-differ', 'high']]);
  });
});

describe('warm-pool schedule', () => {
  const schedule = parseSchedule('0 13 * * 1-5 => 1\n0 1 * * * => 0');
  it.each([
    ['2026-11-23T14:00:00Z', 1], // Monday afternoon
    ['2026-11-24T00:30:00Z', 1], // Monday night, before 01:00
    ['2026-11-24T02:00:00Z', 0], // Tuesday early morning
    ['2026-11-28T15:00:00Z', 0], // Saturday
  ])('at %s minRunners is %i', (at, want) => {
    expect(minRunnersAt(schedule, new Date(at)).value).toBe(want);
  });

  it('rejects malformed lines', () => {
    expect(() => parseSchedule('every day => 1')).toThrowError(/bad cron/);
    expect(() => parseSchedule('0 13 * * *')).toThrowError(/CRON => N/);
  });
});
