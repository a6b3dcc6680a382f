import { findResource } from './resources';
import type { ResourceType } from './types';

export type Route =
  | { kind: 'version' }
  | { kind: 'core-versions' }
  | { kind: 'group-list' }
  | { kind: 'group'; group: string }
  | { kind: 'resource-list'; groupVersion: string }
  | { kind: 'review'; review: 'selfsubjectaccessreviews' | 'selfsubjectrulesreviews' }
  | {
      kind: 'object';
      type: ResourceType;
      namespace?: string;
      name?: string;
      subresource?: string;
      /** The deprecated `/watch/` path form. */
      watchPath: boolean;
    };

/** Maps an API path to what it addresses, as the API server's router does; undefined is a 404. */
export function parseRoute(pathname: string): Route | undefined {
  const parts = pathname
    .split('/')
    .filter((p) => p.length > 0)
    .map(decodeURIComponent);
  if (parts.length === 1 && parts[0] === 'version') return { kind: 'version' };
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'core-versions' };
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'group-list' };
    if (parts.length === 2) return { kind: 'group', group: parts[1]! };
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else return undefined;
  const groupVersion = group ? `${group}/${version}` : version;
  if (rest.length === 0) return { kind: 'resource-list', groupVersion };
  if (group === 'authorization.k8s.io' && version === 'v1' && rest.length === 1) {
    if (rest[0] === 'selfsubjectaccessreviews' || rest[0] === 'selfsubjectrulesreviews') {
      return { kind: 'review', review: rest[0] };
    }
  }
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  // `namespaces/<ns>/<plural>/...` addresses a namespaced resource; `namespaces[/<name>[/status]]` the Namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && findResource(group, version, rest[2]!)?.namespaced) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  if (extra.length > 0 || !plural) return undefined;
  const type = findResource(group, version, plural);
  if (!type) return undefined;
  if (subresource !== undefined && !type.subresources.includes(subresource)) return undefined;
  return {
    kind: 'object',
    type,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    watchPath,
  };
}
