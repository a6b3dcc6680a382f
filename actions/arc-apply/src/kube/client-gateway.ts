import {
  ApiextensionsV1Api,
  AppsV1Api,
  AuthorizationV1Api,
  type Configuration,
  CoreV1Api,
  CustomObjectsApi,
  createConfiguration,
  type KubeConfig,
  PatchStrategy,
  type RequestContext,
  type ResponseContext,
  ServerConfiguration,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { toKubeError as mapKubeError, statusOf } from './errors';
import type { AccessCheck, ClusterGateway } from './gateway';
import { retryThrottled } from './throttled-read';
import { ARC_GROUP, ARC_PLURALS, ARC_VERSION, type ArcKind, type KubeObject, type Pod } from './types';

export { loadKubeConfig, resolveKubeConfig } from './kubeconfig';
export type { Ars } from './types';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Deadline of one API call when none is given: connect, answer and body. */
export const DEFAULT_KUBE_TIMEOUT_MS = 60_000;

export interface KubeGatewayOptions {
  /** Deadline of one API call, connect to the last byte of the body. */
  timeoutMs?: number;
}

/**
 * An API client whose every call carries a deadline: client-node itself waits for ever on a
 * server that accepts the connection and never answers.
 */
function apiClient<T>(kc: KubeConfig, Api: new (config: Configuration) => T, timeoutMs: number): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster (resolveKubeConfig checks this)');
  return new Api(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kc },
      promiseMiddleware: [
        {
          pre: async (context: RequestContext) => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            return context;
          },
          post: async (response: ResponseContext) => response,
        },
      ],
    }),
  );
}

/** An answer that is not what the API returns (an HTML page, a proxy's text) is not an empty list. */
class UnreadableAnswer extends Error {
  constructor(what: string) {
    super(`the answer is ${what}, not a Kubernetes object`);
    this.name = 'UnreadableAnswer';
  }
}

function itemsOf<T>(res: unknown): T[] {
  const items = (res as { items?: unknown } | null | undefined)?.items;
  if (!Array.isArray(items))
    throw new UnreadableAnswer(typeof res === 'string' ? 'text' : 'a body without `items`');
  return items as T[];
}

function objectOf<T>(res: unknown): T {
  if (!res || typeof res !== 'object' || !('metadata' in res))
    throw new UnreadableAnswer(typeof res === 'string' ? 'text' : 'a body without `metadata`');
  return res as T;
}

export class KubeClientGateway implements ClusterGateway {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly authz: AuthorizationV1Api;
  private readonly crds: ApiextensionsV1Api;
  private readonly server: string;

  constructor(kc: KubeConfig, options: KubeGatewayOptions = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_KUBE_TIMEOUT_MS;
    this.server = kc.getCurrentCluster()?.server ?? 'the cluster';
    this.custom = apiClient(kc, CustomObjectsApi, timeoutMs);
    this.core = apiClient(kc, CoreV1Api, timeoutMs);
    this.apps = apiClient(kc, AppsV1Api, timeoutMs);
    this.authz = apiClient(kc, AuthorizationV1Api, timeoutMs);
    this.crds = apiClient(kc, ApiextensionsV1Api, timeoutMs);
  }

  async list<T extends KubeObject>(kind: ArcKind, namespace: string, labelSelector?: string): Promise<T[]> {
    try {
      const res = await retryThrottled(() =>
        this.custom.listNamespacedCustomObject({
          ...this.ref(kind, namespace),
          ...(labelSelector ? { labelSelector } : {}),
        }),
      );
      return itemsOf<T>(res);
    } catch (error) {
      throw this.toKubeError(error, `list ${kind} in ${namespace}`);
    }
  }

  async get<T extends KubeObject>(kind: ArcKind, namespace: string, name: string): Promise<T | undefined> {
    try {
      return objectOf<T>(
        await retryThrottled(() =>
          this.custom.getNamespacedCustomObject({ ...this.ref(kind, namespace), name }),
        ),
      );
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw this.toKubeError(error, `get ${kind} ${namespace}/${name}`);
    }
  }

  async patch<T extends KubeObject>(
    kind: ArcKind,
    namespace: string,
    name: string,
    body: Record<string, unknown>,
    resourceVersion?: string,
  ): Promise<T> {
    const withVersion = resourceVersion
      ? { ...body, metadata: { ...(body['metadata'] as object | undefined), resourceVersion } }
      : body;
    try {
      return (await this.custom.patchNamespacedCustomObject(
        { ...this.ref(kind, namespace), name, body: withVersion },
        mergePatch,
      )) as T;
    } catch (error) {
      throw this.toKubeError(error, `patch ${kind} ${namespace}/${name}`);
    }
  }

  async delete(
    kind: ArcKind,
    namespace: string,
    name: string,
    resourceVersion?: string,
  ): Promise<'deleted' | 'gone'> {
    try {
      await this.custom.deleteNamespacedCustomObject({
        ...this.ref(kind, namespace),
        name,
        propagationPolicy: 'Background',
        ...(resourceVersion ? { body: { preconditions: { resourceVersion } } } : {}),
      });
      return 'deleted';
    } catch (error) {
      if (statusOf(error) === 404) return 'gone';
      throw this.toKubeError(error, `delete ${kind} ${namespace}/${name}`);
    }
  }

  async listDeployments(namespace: string): Promise<KubeObject[]> {
    try {
      return itemsOf<KubeObject>(
        await retryThrottled(() => this.apps.listNamespacedDeployment({ namespace })),
      );
    } catch (error) {
      throw this.toKubeError(error, `list deployments in ${namespace}`);
    }
  }

  async listPods(namespace: string, labelSelector?: string): Promise<Pod[]> {
    try {
      const res = await retryThrottled(() =>
        this.core.listNamespacedPod({ namespace, ...(labelSelector ? { labelSelector } : {}) }),
      );
      return itemsOf<Pod>(res);
    } catch (error) {
      throw this.toKubeError(error, `list pods in ${namespace}`);
    }
  }

  async getPod(namespace: string, name: string): Promise<Pod | undefined> {
    try {
      return objectOf<Pod>(await retryThrottled(() => this.core.readNamespacedPod({ namespace, name })));
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw this.toKubeError(error, `get pod ${namespace}/${name}`);
    }
  }

  async deletePod(namespace: string, name: string, resourceVersion?: string): Promise<'deleted' | 'gone'> {
    try {
      await this.core.deleteNamespacedPod({
        namespace,
        name,
        ...(resourceVersion ? { body: { preconditions: { resourceVersion } } } : {}),
      });
      return 'deleted';
    } catch (error) {
      if (statusOf(error) === 404) return 'gone';
      throw this.toKubeError(error, `delete pod ${namespace}/${name}`);
    }
  }

  async putCrd(crd: KubeObject): Promise<'created' | 'replaced'> {
    const name = crd.metadata.name;
    const current = await this.getCrd(name);
    try {
      if (!current) {
        await this.crds.createCustomResourceDefinition({ body: crd as never });
        return 'created';
      }
      // A replace carries the resourceVersion read: a CRD changed meanwhile answers 409.
      const body = {
        ...crd,
        metadata: { ...crd.metadata, resourceVersion: current.metadata.resourceVersion },
      };
      await this.crds.replaceCustomResourceDefinition({ name, body: body as never });
      return 'replaced';
    } catch (error) {
      throw this.toKubeError(error, `${current ? 'replace' : 'create'} customresourcedefinition ${name}`);
    }
  }

  async getCrd(name: string): Promise<KubeObject | undefined> {
    try {
      return objectOf<KubeObject>(
        await retryThrottled(() => this.crds.readCustomResourceDefinition({ name })),
      );
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw this.toKubeError(error, `get customresourcedefinition ${name}`);
    }
  }

  async secretExists(namespace: string, name: string): Promise<boolean> {
    try {
      await retryThrottled(() => this.core.readNamespacedSecret({ namespace, name }));
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw this.toKubeError(error, `get secret ${namespace}/${name}`);
    }
  }

  async getConfigMap(namespace: string, name: string): Promise<KubeObject | undefined> {
    try {
      return objectOf<KubeObject>(
        await retryThrottled(() => this.core.readNamespacedConfigMap({ namespace, name })),
      );
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw this.toKubeError(error, `get configmap ${namespace}/${name}`);
    }
  }

  async listConfigMaps(namespace: string, labelSelector: string): Promise<KubeObject[]> {
    try {
      return itemsOf<KubeObject>(
        await retryThrottled(() => this.core.listNamespacedConfigMap({ namespace, labelSelector })),
      );
    } catch (error) {
      throw this.toKubeError(error, `list configmaps in ${namespace}`);
    }
  }

  async putConfigMap(
    namespace: string,
    name: string,
    data: Record<string, string>,
    labels: Record<string, string>,
  ): Promise<void> {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data };
    try {
      await this.core.createNamespacedConfigMap({ namespace, body });
    } catch (error) {
      if (statusOf(error) !== 409) throw this.toKubeError(error, `create configmap ${namespace}/${name}`);
      try {
        await this.core.replaceNamespacedConfigMap({ namespace, name, body });
      } catch (inner) {
        throw this.toKubeError(inner, `replace configmap ${namespace}/${name}`);
      }
    }
  }

  async deleteConfigMap(namespace: string, name: string): Promise<void> {
    try {
      await this.core.deleteNamespacedConfigMap({ namespace, name });
    } catch (error) {
      if (statusOf(error) !== 404) throw this.toKubeError(error, `delete configmap ${namespace}/${name}`);
    }
  }

  async canI(check: AccessCheck): Promise<boolean> {
    try {
      const res = await this.authz.createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              verb: check.verb,
              group: check.group,
              resource: check.resource,
              namespace: check.namespace,
              ...(check.subresource ? { subresource: check.subresource } : {}),
            },
          },
        },
      });
      if (typeof res?.status?.allowed !== 'boolean')
        throw new UnreadableAnswer('an access review without a verdict');
      return res.status.allowed;
    } catch (error) {
      throw this.toKubeError(error, 'access review');
    }
  }

  private toKubeError(error: unknown, what: string) {
    return mapKubeError(error, what, this.server);
  }

  private ref(kind: ArcKind, namespace: string) {
    return { group: ARC_GROUP, version: ARC_VERSION, namespace, plural: ARC_PLURALS[kind] };
  }
}
