import { describe, expect, it } from 'vitest';
import { allows, type Identity, rulesFor } from '../../src/kube/rbac';

/** The Role the listener controller gives a listener (reference: patch its own ERS, runners and their status). */
const listener: Identity = {
  token: 't',
  user: 'system:serviceaccount:arc-systems:nix-listener',
  rules: [
    {
      verbs: ['patch'],
      apiGroups: ['actions.github.com'],
      resources: ['ephemeralrunnersets'],
      resourceNames: ['nix-abcde'],
      namespaces: ['arc-runners'],
    },
    {
      verbs: ['patch'],
      apiGroups: ['actions.github.com'],
      resources: ['ephemeralrunners', 'ephemeralrunners/status'],
      namespaces: ['arc-runners'],
    },
  ],
};

const attrs = (verb: string, resource: string, extra: Record<string, string> = {}) => ({
  verb,
  group: 'actions.github.com',
  resource,
  namespace: 'arc-runners',
  ...extra,
});

describe('RBAC rules', () => {
  it('limits resourceNames rules to the named object and never to list or create', () => {
    expect(allows(listener, attrs('patch', 'ephemeralrunnersets', { name: 'nix-abcde' }))).toBe(true);
    expect(allows(listener, attrs('patch', 'ephemeralrunnersets', { name: 'other' }))).toBe(false);
    expect(allows(listener, attrs('patch', 'ephemeralrunnersets'))).toBe(false);
  });

  it('treats a subresource as its own resource and namespaces as bindings', () => {
    expect(allows(listener, attrs('patch', 'ephemeralrunners', { subresource: 'status', name: 'r' }))).toBe(
      true,
    );
    expect(
      allows(listener, attrs('patch', 'ephemeralrunnersets', { subresource: 'status', name: 'nix-abcde' })),
    ).toBe(false);
    expect(
      allows(listener, { ...attrs('patch', 'ephemeralrunners', { name: 'r' }), namespace: 'default' }),
    ).toBe(false);
    expect(
      allows(listener, { verb: 'patch', group: 'actions.github.com', resource: 'ephemeralrunners' }),
    ).toBe(false);
  });

  it('reports only the rules bound in the namespace asked about', () => {
    expect(rulesFor(listener, 'arc-runners').resourceRules).toHaveLength(3);
    expect(rulesFor(listener, 'default').resourceRules.map((r) => r.resources)).toEqual([
      ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    ]);
  });
});
