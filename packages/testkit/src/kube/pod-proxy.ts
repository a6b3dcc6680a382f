import type { IncomingMessage, ServerResponse } from 'node:http';
import { allows, type Identity } from './rbac';
import { resourceByKind } from './resources';
import { failure, statusErrors } from './status';
import type { KubeStore } from './store';

/** What a pod answers on a port and path, as the API server's proxy relays it. */
export interface ProxiedAnswer {
  status: number;
  body: string;
  contentType: string;
}

/** Stands in for the pod network: the answer of `namespace/pod` on `port` at `path`, if it serves one. */
export type PodProxyHandler = (
  pod: { namespace: string; name: string; port: number | undefined },
  path: string,
) => Promise<ProxiedAnswer | undefined>;

/** `/api/v1/namespaces/{ns}/pods/{name}[:{port}]/proxy[/{path}]` — the pods/proxy subresource. */
export function podProxyPath(pathname: string) {
  // Clients encode the `name:port` colon (%3A); the API server reads the decoded path.
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/:]+)(?::(\d+))?\/proxy(\/.*)?$/.exec(
    decodeURIComponent(pathname),
  );
  if (!m) return undefined;
  return {
    namespace: m[1]!,
    name: m[2]!,
    port: m[3] === undefined ? undefined : Number(m[3]),
    path: m[4] ?? '/',
  };
}

/**
 * Serves the pod proxy as the API server does: `get` on `pods/proxy` in RBAC, 404 for a pod that
 * does not exist, 503 when nothing answers on the pod (here: no handler claims it), else the pod's
 * own answer relayed with its status and content type.
 */
export async function servePodProxy(
  route: NonNullable<ReturnType<typeof podProxyPath>>,
  identity: Identity,
  store: KubeStore,
  handlers: readonly PodProxyHandler[],
  res: ServerResponse,
  req: IncomingMessage,
): Promise<void> {
  const pods = resourceByKind('Pod');
  if (req.method !== 'GET') throw statusErrors.methodNotAllowed('the fake pod proxy relays GET only');
  const attrs = {
    verb: 'get',
    group: '',
    resource: 'pods',
    subresource: 'proxy',
    namespace: route.namespace,
    name: route.name,
  };
  if (!allows(identity, attrs)) {
    throw statusErrors.forbidden(
      pods,
      route.name,
      `cannot get resource "pods/proxy" in the namespace "${route.namespace}"`,
    );
  }
  if (!store.tryGet(pods, route.namespace, route.name)) throw statusErrors.notFound(pods, route.name);
  for (const handle of handlers) {
    const answer = await handle(
      { namespace: route.namespace, name: route.name, port: route.port },
      route.path,
    );
    if (!answer) continue;
    res.writeHead(answer.status, {
      'content-type': answer.contentType,
      'content-length': Buffer.byteLength(answer.body),
    });
    res.end(answer.body);
    return;
  }
  throw failure(
    503,
    'ServiceUnavailable',
    `error trying to reach service: dial tcp: connect: connection refused`,
  );
}
