import { apiVersionOf, RESOURCE_TYPES } from './resources';
import type { ResourceType } from './types';

const OBJECT_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
export const AUTHZ_GROUP = 'authorization.k8s.io';

/** The server's version answer; the minor tracks a recent Kubernetes release. */
export const VERSION_INFO = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.0-flywheel-fake',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.24.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function groups(): Map<string, ResourceType[]> {
  const map = new Map<string, ResourceType[]>();
  for (const t of RESOURCE_TYPES) {
    const key = apiVersionOf(t);
    map.set(key, [...(map.get(key) ?? []), t]);
  }
  return map;
}

export function coreVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(name: string, version: string) {
  const gv = { groupVersion: `${name}/${version}`, version };
  return { name, versions: [gv], preferredVersion: gv };
}

function groupNames(): { name: string; version: string }[] {
  const named = RESOURCE_TYPES.filter((t) => t.group !== '').map((t) => ({
    name: t.group,
    version: t.version,
  }));
  named.push({ name: AUTHZ_GROUP, version: 'v1' });
  return named.filter((g, i) => named.findIndex((o) => o.name === g.name) === i);
}

export function apiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupNames().map((g) => groupEntry(g.name, g.version)),
  };
}

export function apiGroup(name: string) {
  const g = groupNames().find((o) => o.name === name);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g.name, g.version) } : undefined;
}

/** The APIResourceList for one group/version, subresources included, or undefined when not served. */
export function resourceList(groupVersion: string) {
  if (groupVersion === `${AUTHZ_GROUP}/v1`) {
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion,
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'].map((name) => ({
        name,
        singularName: name.replace(/s$/, ''),
        namespaced: false,
        kind: name === 'selfsubjectaccessreviews' ? 'SelfSubjectAccessReview' : 'SelfSubjectRulesReview',
        verbs: ['create'],
      })),
    };
  }
  const types = groups().get(groupVersion);
  if (!types) return undefined;
  const resources = types.flatMap((t) => [
    {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: OBJECT_VERBS,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
    },
    ...t.subresources.map((sub) => ({
      name: `${t.plural}/${sub}`,
      singularName: '',
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: ['get', 'patch', 'update'],
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}
