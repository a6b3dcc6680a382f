import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeHttpServer, readBody, sendJson } from '../http/fake-server';
import { apiGroup, apiGroupList, coreVersions, resourceList, VERSION_INFO } from './discovery';
import { listResponse } from './list';
import { validateListOptions } from './list-options';
import { type PodProxyHandler, podProxyPath, servePodProxy } from './pod-proxy';
import {
  accessReview,
  adminIdentity,
  allows,
  forbidden,
  type Identity,
  nonResourceReview,
  type RequestAttributes,
  rulesFor,
} from './rbac';
import { apiVersionOf } from './resources';
import { parseRoute, type Route } from './routes';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { failure, StatusError, statusErrors } from './status';
import {
  type DeleteOptions,
  type FieldValidation,
  KubeStore,
  type PatchType,
  type StoreOptions,
  type WriteOptions,
} from './store';
import type { KubeObject } from './types';
import { WatchHub } from './watch';

export interface KubeApiServerOptions extends StoreOptions {
  /** The bearer token of the cluster-admin identity (default `flywheel-admin-token`). */
  adminToken?: string;
  /** More identities with their RBAC rules. */
  identities?: Identity[];
  /** How often open watches that allow bookmarks get one (default 1000 ms; 0 turns the timer off). */
  bookmarkIntervalMs?: number;
  /** Share a store (the simulator's) instead of creating one. */
  store?: KubeStore;
}

type ObjectRoute = Extract<Route, { kind: 'object' }>;

function patchTypeOf(contentType: string | undefined, custom: boolean): PatchType {
  const ct = (contentType ?? '').split(';')[0]!.trim();
  if (ct === 'application/json-patch+json') return 'json';
  if (ct === 'application/merge-patch+json') return 'merge';
  // Strategic merge patch works on built-in kinds (merge semantics for the fields these fakes use);
  // the real API server refuses it for custom resources with 415, and so does this fake.
  if (ct === 'application/strategic-merge-patch+json' && !custom) return 'strategic';
  throw statusErrors.unsupportedMediaType(ct || '(none)');
}

function verbOf(method: string, route: ObjectRoute, url: URL): string {
  const watch =
    route.watchPath || url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
  switch (method) {
    case 'GET':
      return route.name !== undefined ? (watch ? 'watch' : 'get') : watch ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name !== undefined ? 'delete' : 'deletecollection';
    default:
      throw statusErrors.methodNotAllowed(`the server does not allow this method on the requested resource`);
  }
}

async function jsonBody<T>(req: IncomingMessage): Promise<T | undefined> {
  const text = (await readBody(req)).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw statusErrors.badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * A Kubernetes API server fake on 127.0.0.1: bearer tokens and RBAC, discovery, CRUD with
 * resourceVersions, patches, the status subresource, finalizers, garbage collection, watches and
 * CRD validation of the ARC kinds. Faults come from the base class (`inject`) and `cutWatches`.
 */
export class KubeApiServer extends FakeHttpServer {
  readonly store: KubeStore;
  readonly watches: WatchHub;
  readonly adminToken: string;
  private readonly identities: Identity[];

  constructor(options: KubeApiServerOptions = {}) {
    const holder: { self?: KubeApiServer } = {};
    super((req, res, url) => holder.self!.handle(req, res, url));
    holder.self = this;
    this.store = options.store ?? new KubeStore(options);
    this.watches = new WatchHub(this.store, options.bookmarkIntervalMs ?? 1000);
    this.adminToken = options.adminToken ?? 'flywheel-admin-token';
    this.identities = [adminIdentity(this.adminToken), ...(options.identities ?? [])];
  }

  private readonly podProxies: PodProxyHandler[] = [];

  /** Lets the pods/proxy subresource reach pods: the handler stands in for the pod network. */
  addPodProxy(handler: PodProxyHandler): void {
    this.podProxies.push(handler);
  }

  /** Adds (or replaces) an identity at run time. */
  addIdentity(identity: Identity): void {
    const i = this.identities.findIndex((x) => x.token === identity.token);
    if (i >= 0) this.identities.splice(i, 1, identity);
    else this.identities.push(identity);
  }

  /** Cuts open watch streams; see WatchHub.cut. */
  cutWatches(options: { path?: string | RegExp; abrupt?: boolean } = {}): number {
    return this.watches.cut(options);
  }

  override async stop(): Promise<void> {
    this.watches.cut({ abrupt: true });
    await super.stop();
  }

  private authenticate(req: IncomingMessage): Identity {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const identity = token ? this.identities.find((i) => i.token === token) : undefined;
    if (!identity) throw statusErrors.unauthorized();
    return identity;
  }

  private async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      const identity = this.authenticate(req);
      const proxy = podProxyPath(url.pathname);
      if (proxy) return await servePodProxy(proxy, identity, this.store, this.podProxies, res, req);
      const route = parseRoute(url.pathname);
      if (!route) throw statusErrors.pathNotFound();
      await this.serve(route, identity, req, res, url);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status =
        error instanceof StatusError
          ? error.status
          : failure(500, 'InternalError', (error as Error).message).status;
      sendJson(res, status.code, status);
    }
  }

  private async serve(route: Route, identity: Identity, req: IncomingMessage, res: ServerResponse, url: URL) {
    const method = req.method ?? 'GET';
    const discovery = (body: unknown) => {
      if (method !== 'GET') throw statusErrors.methodNotAllowed('discovery is read-only');
      if (body === undefined) throw statusErrors.pathNotFound();
      sendJson(res, 200, body);
    };
    switch (route.kind) {
      case 'version':
        return discovery(VERSION_INFO);
      case 'core-versions':
        return discovery(coreVersions(url.host));
      case 'group-list':
        return discovery(apiGroupList());
      case 'group':
        return discovery(apiGroup(route.group));
      case 'resource-list':
        return discovery(resourceList(route.groupVersion));
      case 'review':
        return this.review(route.review, identity, req, res);
      case 'object':
        return this.serveObject(route, identity, req, res, url);
    }
  }

  private async review(
    kind: 'selfsubjectaccessreviews' | 'selfsubjectrulesreviews',
    identity: Identity,
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    if (req.method !== 'POST') throw statusErrors.methodNotAllowed('reviews can only be created');
    const body = (await jsonBody<KubeObject>(req)) ?? ({ metadata: {} } as KubeObject);
    const spec = (body.spec ?? {}) as Record<string, Record<string, string> | string | undefined>;
    let status: Record<string, unknown>;
    if (kind === 'selfsubjectaccessreviews') {
      const attrs = spec['resourceAttributes'] as Record<string, string> | undefined;
      if (attrs) {
        const request: RequestAttributes = {
          verb: attrs['verb'] ?? '',
          group: attrs['group'] ?? '',
          resource: attrs['resource'] ?? '',
          ...(attrs['subresource'] ? { subresource: attrs['subresource'] } : {}),
          ...(attrs['namespace'] ? { namespace: attrs['namespace'] } : {}),
          ...(attrs['name'] ? { name: attrs['name'] } : {}),
        };
        status = accessReview(identity, request);
      } else {
        const nonResource = spec['nonResourceAttributes'] as Record<string, string> | undefined;
        status = nonResourceReview(identity, nonResource?.['verb'] ?? '', nonResource?.['path'] ?? '');
      }
    } else {
      status = rulesFor(identity, String(spec['namespace'] ?? 'default'));
    }
    sendJson(res, 201, {
      kind: kind === 'selfsubjectaccessreviews' ? 'SelfSubjectAccessReview' : 'SelfSubjectRulesReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: body.spec ?? {},
      status,
    });
  }

  private async serveObject(
    route: ObjectRoute,
    identity: Identity,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ) {
    const { type, namespace, name } = route;
    const method = req.method ?? 'GET';
    const verb = verbOf(method, route, url);
    const attrs: RequestAttributes = {
      verb,
      group: type.group,
      resource: type.plural,
      ...(route.subresource ? { subresource: route.subresource } : {}),
      ...(type.namespaced && namespace !== undefined ? { namespace } : {}),
      ...(name !== undefined ? { name } : {}),
    };
    if (!allows(identity, attrs)) throw forbidden(identity, type, attrs);
    const q = url.searchParams;
    const fieldValidation = (q.get('fieldValidation') ?? 'Warn') as FieldValidation;
    if (!['Strict', 'Warn', 'Ignore'].includes(fieldValidation)) {
      throw statusErrors.badRequest(
        `fieldValidation must be one of Strict, Warn, Ignore (got ${fieldValidation})`,
      );
    }
    const dryRun = q.getAll('dryRun');
    if (dryRun.some((d) => d !== 'All'))
      throw statusErrors.badRequest(`Invalid dry run value: ${dryRun.join(',')}`);
    const warnings: string[] = [];
    const write: WriteOptions = {
      fieldValidation,
      dryRun: dryRun.length > 0,
      warn: (warning) => warnings.push(warning),
    };
    const warningHeaders = (): Record<string, string> =>
      warnings.length > 0
        ? { warning: warnings.map((w) => `299 - "${w.replace(/"/g, '\\"')}"`).join(', ') }
        : {};
    const ns = type.namespaced ? namespace : undefined;
    const status = route.subresource === 'status' ? 'status' : undefined;
    switch (verb) {
      case 'get': {
        const found = this.store.peek(type, ns, name!);
        if (!found) throw statusErrors.notFound(type, name!);
        return sendJson(res, 200, found);
      }
      case 'list':
      case 'watch': {
        const filter = {
          ...(ns !== undefined ? { namespace: ns } : {}),
          labels: parseLabelSelector(q.get('labelSelector')),
          fields: parseFieldSelector(q.get('fieldSelector'), type),
        };
        if (name !== undefined) filter.fields.push({ field: 'metadata.name', op: '=', value: name });
        validateListOptions(q, verb === 'watch');
        if (verb === 'list') return sendJson(res, 200, listResponse(this.store, type, filter, q));
        const timeout = Number(q.get('timeoutSeconds') ?? 0);
        const rv = q.get('resourceVersion');
        const sendInitial = q.get('sendInitialEvents');
        this.watches.serve(
          {
            type,
            filter,
            ...(rv !== null ? { resourceVersion: rv } : {}),
            allowBookmarks: q.get('allowWatchBookmarks') === 'true',
            ...(sendInitial !== null ? { sendInitialEvents: sendInitial === 'true' } : {}),
            ...(timeout > 0 ? { timeoutSeconds: timeout } : {}),
          },
          res,
          url.pathname,
        );
        return;
      }
      case 'create': {
        if (route.subresource) throw statusErrors.methodNotAllowed('cannot create a subresource');
        const body = await jsonBody<KubeObject>(req);
        if (!body) throw statusErrors.badRequest('the request body is empty');
        const created = this.store.create(type, ns, body, write);
        return sendJson(res, 201, created, warningHeaders());
      }
      case 'update': {
        const body = await jsonBody<KubeObject>(req);
        if (!body) throw statusErrors.badRequest('the request body is empty');
        const updated = this.store.update(type, ns, name!, body, status, write);
        return sendJson(res, 200, updated, warningHeaders());
      }
      case 'patch': {
        const patchType = patchTypeOf(req.headers['content-type'], type.custom);
        const body = await jsonBody<unknown>(req);
        const patched = this.store.patch(type, ns, name!, patchType, body, status, write);
        return sendJson(res, 200, patched, warningHeaders());
      }
      case 'delete': {
        const options = ((await jsonBody<DeleteOptions>(req)) ?? {}) as DeleteOptions;
        const policy = q.get('propagationPolicy');
        if (policy) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
        const { object, removed } = this.store.delete(type, ns, name!, options, write);
        // An object that went at once is answered with a Success Status (pods, whose registry
        // returns the deleted object, excepted); one held by finalizers with the object itself.
        if (removed && type.kind !== 'Pod') {
          return sendJson(res, 200, {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            details: {
              name,
              ...(type.group ? { group: type.group } : {}),
              kind: type.plural,
              uid: object.metadata.uid,
            },
          });
        }
        return sendJson(res, 200, object);
      }
      case 'deletecollection': {
        const filter = {
          ...(ns !== undefined ? { namespace: ns } : {}),
          labels: parseLabelSelector(q.get('labelSelector')),
          fields: parseFieldSelector(q.get('fieldSelector'), type),
        };
        const items = this.store
          .scan(type, filter)
          .map((o) => this.store.delete(type, o.metadata.namespace, o.metadata.name!).object);
        return sendJson(res, 200, {
          kind: type.listKind,
          apiVersion: apiVersionOf(type),
          metadata: { resourceVersion: String(this.store.resourceVersion) },
          items,
        });
      }
    }
  }
}
