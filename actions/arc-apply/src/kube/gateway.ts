import type { ArcKind, KubeObject, Pod } from './types';

/** One verb the run needs, checked with a SelfSubjectAccessReview before any change. */
export interface AccessCheck {
  verb: string;
  group: string;
  resource: string;
  namespace: string;
  subresource?: string;
}

/**
 * Everything the pipeline asks of the cluster. The real implementation talks to the API server
 * with @kubernetes/client-node; the engine depends only on this so each phase stays readable.
 */
export interface ClusterGateway {
  list<T extends KubeObject>(kind: ArcKind, namespace: string, labelSelector?: string): Promise<T[]>;
  get<T extends KubeObject>(kind: ArcKind, namespace: string, name: string): Promise<T | undefined>;
  /** A JSON merge patch; `resourceVersion` makes it conditional (409 when the object moved on). */
  patch<T extends KubeObject>(
    kind: ArcKind,
    namespace: string,
    name: string,
    body: Record<string, unknown>,
    resourceVersion?: string,
  ): Promise<T>;
  /** Graceful delete; with `resourceVersion` the server refuses (409) if the object changed. */
  delete(
    kind: ArcKind,
    namespace: string,
    name: string,
    resourceVersion?: string,
  ): Promise<'deleted' | 'gone'>;
  listDeployments(namespace: string): Promise<KubeObject[]>;
  listPods(namespace: string, labelSelector?: string): Promise<Pod[]>;
  getPod(namespace: string, name: string): Promise<Pod | undefined>;
  /** With `resourceVersion` the server refuses (409) if the pod changed since it was read. */
  deletePod(namespace: string, name: string, resourceVersion?: string): Promise<'deleted' | 'gone'>;
  /** A CustomResourceDefinition by name (cluster-scoped); undefined when it is not installed. */
  getCrd(name: string): Promise<KubeObject | undefined>;
  /**
   * Creates a CRD, or replaces the installed one's spec (`kubectl replace`: its custom resources
   * stay, the API server appends to status.storedVersions).
   */
  putCrd(crd: KubeObject): Promise<'created' | 'replaced'>;
  secretExists(namespace: string, name: string): Promise<boolean>;
  getConfigMap(namespace: string, name: string): Promise<KubeObject | undefined>;
  listConfigMaps(namespace: string, labelSelector: string): Promise<KubeObject[]>;
  /** Creates or replaces a ConfigMap. */
  putConfigMap(
    namespace: string,
    name: string,
    data: Record<string, string>,
    labels: Record<string, string>,
  ): Promise<void>;
  deleteConfigMap(namespace: string, name: string): Promise<void>;
  canI(check: AccessCheck): Promise<boolean>;
}
