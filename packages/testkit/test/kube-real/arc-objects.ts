/** Minimal valid ARC objects (ARC 0.14.2 CRDs) for the conformance tests. */
export const G = 'actions.github.com';
export const V = 'v1alpha1';

export function ersBody(name: string, replicas = 0, labels: Record<string, string> = {}) {
  return {
    apiVersion: `${G}/${V}`,
    kind: 'EphemeralRunnerSet',
    metadata: { name, labels: { app: 'runners', ...labels } },
    spec: { replicas, patchID: 0 },
  };
}

export function erBody(name: string, owner?: { name: string; uid: string }, finalizers?: string[]) {
  return {
    apiVersion: `${G}/${V}`,
    kind: 'EphemeralRunner',
    metadata: {
      name,
      ...(finalizers ? { finalizers } : {}),
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: `${G}/${V}`,
                kind: 'EphemeralRunnerSet',
                name: owner.name,
                uid: owner.uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
    },
    spec: { githubConfigSecret: 'cfg', githubConfigUrl: 'https://github.com/org', runnerScaleSetId: 1 },
  };
}

export interface Meta {
  metadata: {
    name: string;
    uid: string;
    resourceVersion: string;
    generation?: number;
    deletionTimestamp?: string;
    finalizers?: string[];
    ownerReferences?: { uid: string }[];
    labels?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** Path parameters of CustomObjectsApi calls for an ARC kind in a namespace. */
export function arc(plural: string, namespace: string) {
  return { group: G, version: V, plural, namespace };
}
