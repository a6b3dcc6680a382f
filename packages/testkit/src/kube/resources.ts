import type { ResourceType } from './types';

export const ARC_GROUP = 'actions.github.com';
export const ARC_VERSION = 'v1alpha1';

function core(
  plural: string,
  kind: string,
  namespaced: boolean,
  subresources: string[] = [],
  shortNames?: string[],
) {
  return resource('', 'v1', plural, kind, namespaced, subresources, false, shortNames);
}

function resource(
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced: boolean,
  subresources: string[],
  custom: boolean,
  shortNames?: string[],
): ResourceType {
  return {
    group,
    version,
    plural,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced,
    subresources,
    custom,
    ...(shortNames ? { shortNames } : {}),
  };
}

/** Every resource type the fake serves. The four ARC kinds are custom resources with a status subresource. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  core('namespaces', 'Namespace', false, ['status'], ['ns']),
  core('pods', 'Pod', true, ['status'], ['po']),
  core('secrets', 'Secret', true),
  core('configmaps', 'ConfigMap', true, [], ['cm']),
  core('serviceaccounts', 'ServiceAccount', true, [], ['sa']),
  resource('apps', 'v1', 'deployments', 'Deployment', true, ['status'], false, ['deploy']),
  // Served so clients can read installed CRDs (their schema and status.storedVersions); the fake's
  // schema validation reads the reference files, not these objects.
  resource(
    'apiextensions.k8s.io',
    'v1',
    'customresourcedefinitions',
    'CustomResourceDefinition',
    false,
    ['status'],
    false,
    ['crd', 'crds'],
  ),
  resource(ARC_GROUP, ARC_VERSION, 'autoscalingrunnersets', 'AutoscalingRunnerSet', true, ['status'], true),
  resource(ARC_GROUP, ARC_VERSION, 'ephemeralrunnersets', 'EphemeralRunnerSet', true, ['status'], true),
  resource(ARC_GROUP, ARC_VERSION, 'ephemeralrunners', 'EphemeralRunner', true, ['status'], true),
  resource(ARC_GROUP, ARC_VERSION, 'autoscalinglisteners', 'AutoscalingListener', true, ['status'], true),
];

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** `pods`, `deployments.apps`, `ephemeralrunners.actions.github.com`: how Kubernetes names a resource in messages. */
export function qualifiedName(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

export function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.plural === plural);
}

/** Looks a type up by kind (and optional apiVersion), as the simulator and tests name them. */
export function resourceByKind(kind: string, apiVersion?: string): ResourceType {
  const type = RESOURCE_TYPES.find(
    (t) => (t.kind === kind || t.plural === kind) && (!apiVersion || apiVersionOf(t) === apiVersion),
  );
  if (!type) throw new Error(`the fake Kubernetes API does not serve kind ${kind}`);
  return type;
}
