import { FlywheelError } from '@gloriousflywheel/shared';
import { describe, expect, it } from 'vitest';
import { assertNotSelfLane, labelIndex, resolveScope, selfScaleSet } from '../src/engine/scope';
import { matchesSelector } from '../src/engine/selector';
import { ars, er, ers } from './fixtures';

const fleet = [
  ars('nix-a', { labels: ['tinyland-nix'] }),
  ars('nix-b', { labels: ['tinyland-nix'] }),
  ars('docker', { labels: ['tinyland-docker'] }),
  ars('operator', { labels: ['tinyland-nix-operator'] }),
];

describe('scope', () => {
  it('resolves names, shared labels and selectors', () => {
    const byLabel = resolveScope(fleet, ['tinyland-nix']);
    expect(byLabel.sets.map((a) => a.metadata.name)).toEqual(['nix-a', 'nix-b']);
    const byName = resolveScope(fleet, ['docker']);
    expect(byName.sets.map((a) => a.metadata.name)).toEqual(['docker']);
    const bySelector = resolveScope(fleet, ['app.kubernetes.io/name in (docker, operator)']);
    expect(bySelector.sets.map((a) => a.metadata.name)).toEqual(['docker', 'operator']);
    const fromPlan = resolveScope(fleet, [], ['nix-b']);
    expect(fromPlan.reasons.get('arc-runners/nix-b')).toEqual(['plan']);
  });

  it('fails on an entry that matches nothing, naming it', () => {
    expect(() => resolveScope(fleet, ['tinyland-nix', 'typo'])).toThrowError(/typo/);
  });

  it('indexes a label published by several owner overlays', () => {
    expect(
      labelIndex(fleet)
        .get('tinyland-nix')
        ?.map((a) => a.metadata.name),
    ).toEqual(['nix-a', 'nix-b']);
  });

  it('refuses to freeze the lane the job runs on', () => {
    const set = ers('nix-a', 1);
    const runner = er(set);
    const self = selfScaleSet(runner.metadata.name, [runner], fleet);
    expect(self?.metadata.name).toBe('nix-a');
    const scope = resolveScope(fleet, ['tinyland-nix']);
    let caught: unknown;
    try {
      assertNotSelfLane(self, scope, runner.metadata.name);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FlywheelError);
    expect((caught as FlywheelError).code).toBe('SELF_LANE');
    expect(() =>
      assertNotSelfLane(self, resolveScope(fleet, ['docker']), runner.metadata.name),
    ).not.toThrow();
  });

  it('finds the lane by name prefix when the runner object is not listed', () => {
    expect(selfScaleSet('operator-x7k2p-runner-abcde', [], fleet)?.metadata.name).toBe('operator');
    expect(selfScaleSet('github-hosted-42', [], fleet)).toBeUndefined();
  });
});

describe('label selectors', () => {
  const labels = { a: '1', b: '2' };
  it.each([
    ['a=1', true],
    ['a==1,b=2', true],
    ['a!=1', false],
    ['c', false],
    ['!c', true],
    ['b in (1,2)', true],
    ['b notin (2)', false],
  ])('%s → %s', (sel, want) => expect(matchesSelector(labels, sel)).toBe(want));
});
