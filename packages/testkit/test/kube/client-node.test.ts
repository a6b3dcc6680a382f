import {
  ApiException,
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crdValidationUnavailable, KubeApiServer, kubeconfigYaml, kubeFaults } from '../../src/kube/index';

const G = 'actions.github.com';
const V = 'v1alpha1';

function ers(name: string, replicas = 0) {
  return {
    apiVersion: `${G}/${V}`,
    kind: 'EphemeralRunnerSet',
    metadata: { name, labels: { app: 'runners', tier: 'nix' } },
    spec: { replicas, patchID: 0 },
  };
}

/** Parses the Status body client-node keeps on an ApiException. */
function statusOf(error: unknown): { code: number; reason: string; message: string } {
  expect(error).toBeInstanceOf(ApiException);
  const e = error as ApiException<string>;
  const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
  expect(body.kind).toBe('Status');
  return { code: e.code, reason: body.reason, message: body.message };
}

async function failing(p: Promise<unknown>) {
  try {
    await p;
  } catch (error) {
    return statusOf(error);
  }
  throw new Error('expected the call to fail');
}

describe('@kubernetes/client-node against the fake API server', () => {
  const server = new KubeApiServer({ bookmarkIntervalMs: 0 });
  const kc = new KubeConfig();
  let core: CoreV1Api;
  let custom: CustomObjectsApi;

  beforeAll(async () => {
    const url = await server.start();
    kc.loadFromString(kubeconfigYaml({ server: url, token: server.adminToken }));
    core = kc.makeApiClient(CoreV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
    await core.createNamespace({ body: { metadata: { name: 'arc-runners' } } });
  });
  afterAll(() => server.stop());

  it('creates, gets, lists with selectors and deletes core objects', async () => {
    const cm = await core.createNamespacedConfigMap({
      namespace: 'arc-runners',
      body: { metadata: { generateName: 'cfg-', labels: { lane: 'nix' } }, data: { a: '1' } },
    });
    expect(cm.metadata?.name).toMatch(/^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(Number(cm.metadata?.resourceVersion)).toBeGreaterThan(0);
    const got = await core.readNamespacedConfigMap({ name: cm.metadata!.name!, namespace: 'arc-runners' });
    expect(got.data).toEqual({ a: '1' });
    await core.createNamespacedConfigMap({ namespace: 'arc-runners', body: { metadata: { name: 'other' } } });
    const list = await core.listNamespacedConfigMap({
      namespace: 'arc-runners',
      labelSelector: 'lane in (nix,dind)',
    });
    expect(list.items.map((i) => i.metadata?.name)).toEqual([cm.metadata!.name]);
    expect(Number(list.metadata?.resourceVersion)).toBeGreaterThanOrEqual(
      Number(cm.metadata?.resourceVersion),
    );
    const byField = await core.listNamespacedConfigMap({
      namespace: 'arc-runners',
      fieldSelector: 'metadata.name=other',
    });
    expect(byField.items).toHaveLength(1);
    await core.deleteNamespacedConfigMap({ name: 'other', namespace: 'arc-runners' });
    const err = await failing(core.readNamespacedConfigMap({ name: 'other', namespace: 'arc-runners' }));
    expect(err).toEqual({ code: 404, reason: 'NotFound', message: 'configmaps "other" not found' });
  });

  it('creates custom objects and answers 409 on a stale update or a duplicate', async () => {
    const created = (await custom.createNamespacedCustomObject({
      group: G,
      version: V,
      namespace: 'arc-runners',
      plural: 'ephemeralrunnersets',
      body: ers('lane-a'),
    })) as { metadata: { resourceVersion: string; uid: string; generation: number } };
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.generation).toBe(1);
    const updated = (await custom.replaceNamespacedCustomObject({
      group: G,
      version: V,
      namespace: 'arc-runners',
      plural: 'ephemeralrunnersets',
      name: 'lane-a',
      body: {
        ...ers('lane-a', 2),
        metadata: { ...ers('lane-a').metadata, resourceVersion: created.metadata.resourceVersion },
      },
    })) as { metadata: { generation: number }; spec: { replicas: number } };
    expect(updated.spec.replicas).toBe(2);
    expect(updated.metadata.generation).toBe(2);
    const stale = await failing(
      custom.replaceNamespacedCustomObject({
        group: G,
        version: V,
        namespace: 'arc-runners',
        plural: 'ephemeralrunnersets',
        name: 'lane-a',
        body: {
          ...ers('lane-a', 3),
          metadata: { name: 'lane-a', resourceVersion: created.metadata.resourceVersion },
        },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.reason).toBe('Conflict');
    const dup = await failing(
      custom.createNamespacedCustomObject({
        group: G,
        version: V,
        namespace: 'arc-runners',
        plural: 'ephemeralrunnersets',
        body: ers('lane-a'),
      }),
    );
    expect(dup).toMatchObject({ code: 409, reason: 'AlreadyExists' });
  });

  it('applies merge patches and JSON patches (with test) as client-node sends them', async () => {
    const merged = (await custom.patchNamespacedCustomObject(
      {
        group: G,
        version: V,
        namespace: 'arc-runners',
        plural: 'ephemeralrunnersets',
        name: 'lane-a',
        body: { spec: { replicas: 5, patchID: 7 } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as { spec: { replicas: number; patchID: number } };
    expect(merged.spec).toEqual({ replicas: 5, patchID: 7 });
    const last = server
      .requests(
        'PATCH',
        '/apis/actions.github.com/v1alpha1/namespaces/arc-runners/ephemeralrunnersets/lane-a',
      )
      .at(-1)!;
    expect(last.headers['content-type']).toBe('application/merge-patch+json');
    // Without a header option client-node picks JSON patch for custom objects.
    const jsonPatched = (await custom.patchNamespacedCustomObject({
      group: G,
      version: V,
      namespace: 'arc-runners',
      plural: 'ephemeralrunnersets',
      name: 'lane-a',
      body: [
        { op: 'test', path: '/spec/replicas', value: 5 },
        { op: 'replace', path: '/spec/replicas', value: 0 },
      ],
    })) as { spec: { replicas: number } };
    expect(jsonPatched.spec.replicas).toBe(0);
    expect(server.requests('PATCH').at(-1)!.headers['content-type']).toBe('application/json-patch+json');
    const failedTest = await failing(
      custom.patchNamespacedCustomObject({
        group: G,
        version: V,
        namespace: 'arc-runners',
        plural: 'ephemeralrunnersets',
        name: 'lane-a',
        body: [
          { op: 'test', path: '/spec/replicas', value: 5 },
          { op: 'replace', path: '/spec/replicas', value: 9 },
        ],
      }),
    );
    expect(failedTest.code).toBe(422);
    const smp = await failing(
      custom.patchNamespacedCustomObject(
        {
          group: G,
          version: V,
          namespace: 'arc-runners',
          plural: 'ephemeralrunnersets',
          name: 'lane-a',
          body: { spec: { replicas: 1 } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      ),
    );
    expect(smp.code).toBe(415);
  });

  it.skipIf(crdValidationUnavailable() !== undefined)(
    `rejects an invalid custom object with 422 Invalid (${crdValidationUnavailable() ?? 'CRD schemas present'})`,
    async () => {
      const invalid = await failing(
        custom.patchNamespacedCustomObject(
          {
            group: G,
            version: V,
            namespace: 'arc-runners',
            plural: 'ephemeralrunnersets',
            name: 'lane-a',
            body: { spec: { replicas: 'many' } },
          },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ),
      );
      expect(invalid.code).toBe(422);
      expect(invalid.reason).toBe('Invalid');
      expect(invalid.message).toBe(
        'EphemeralRunnerSet.actions.github.com "lane-a" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      );
    },
  );

  it('writes status only through the status subresource', async () => {
    await custom.patchNamespacedCustomObject(
      {
        group: G,
        version: V,
        namespace: 'arc-runners',
        plural: 'ephemeralrunnersets',
        name: 'lane-a',
        body: { status: { currentReplicas: 9 } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    let obj = (await custom.getNamespacedCustomObject({
      group: G,
      version: V,
      namespace: 'arc-runners',
      plural: 'ephemeralrunnersets',
      name: 'lane-a',
    })) as { status?: { currentReplicas?: number }; spec?: { replicas: number } };
    expect(obj.status?.currentReplicas).toBeUndefined();
    await custom.patchNamespacedCustomObjectStatus(
      {
        group: G,
        version: V,
        namespace: 'arc-runners',
        plural: 'ephemeralrunnersets',
        name: 'lane-a',
        body: { status: { currentReplicas: 3 }, spec: { replicas: 99 } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    obj = (await custom.getNamespacedCustomObject({
      group: G,
      version: V,
      namespace: 'arc-runners',
      plural: 'ephemeralrunnersets',
      name: 'lane-a',
    })) as { status?: { currentReplicas?: number }; spec?: { replicas: number } };
    expect(obj.status?.currentReplicas).toBe(3);
    expect(obj.spec?.replicas).toBe(0);
  });

  it('keeps an object with finalizers until they are removed', async () => {
    await custom.createNamespacedCustomObject({
      group: G,
      version: V,
      namespace: 'arc-runners',
      plural: 'ephemeralrunnersets',
      body: { ...ers('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } },
    });
    const deleting = (await custom.deleteNamespacedCustomObject({
      group: G,
      version: V,
      namespace: 'arc-runners',
      plural: 'ephemeralrunnersets',
      name: 'held',
    })) as { metadata: { deletionTimestamp?: string } };
    expect(deleting.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const still = (await custom.getNamespacedCustomObject({
      group: G,
      version: V,
      namespace: 'arc-runners',
      plural: 'ephemeralrunnersets',
      name: 'held',
    })) as { metadata: { deletionTimestamp?: string } };
    expect(still.metadata.deletionTimestamp).toBe(deleting.metadata.deletionTimestamp);
    await custom.patchNamespacedCustomObject(
      {
        group: G,
        version: V,
        namespace: 'arc-runners',
        plural: 'ephemeralrunnersets',
        name: 'held',
        body: { metadata: { finalizers: null } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const gone = await failing(
      custom.getNamespacedCustomObject({
        group: G,
        version: V,
        namespace: 'arc-runners',
        plural: 'ephemeralrunnersets',
        name: 'held',
      }),
    );
    expect(gone.code).toBe(404);
  });

  it('streams watch events through client-node Watch and reports the end when the stream is cut', async () => {
    const watch = new Watch(kc);
    const seen: string[] = [];
    let ended: (err: unknown) => void = () => {};
    const done = new Promise<unknown>((resolve) => {
      ended = resolve;
    });
    const list = (await custom.listNamespacedCustomObject({
      group: G,
      version: V,
      namespace: 'arc-runners',
      plural: 'ephemeralrunnersets',
    })) as { metadata: { resourceVersion: string } };
    const gotTwo = new Promise<void>((resolve) => {
      void watch.watch(
        `/apis/${G}/${V}/namespaces/arc-runners/ephemeralrunnersets`,
        { resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true },
        (type, obj: { metadata: { name: string } }) => {
          seen.push(`${type} ${obj.metadata.name ?? ''}`);
          if (seen.length === 3) resolve();
        },
        (err) => ended(err),
      );
    });
    while (server.watches.count === 0) await new Promise((r) => setTimeout(r, 5));
    await custom.createNamespacedCustomObject({
      group: G,
      version: V,
      namespace: 'arc-runners',
      plural: 'ephemeralrunnersets',
      body: ers('watched'),
    });
    server.watches.sendBookmarks();
    await custom.deleteNamespacedCustomObject({
      group: G,
      version: V,
      namespace: 'arc-runners',
      plural: 'ephemeralrunnersets',
      name: 'watched',
    });
    await gotTwo;
    expect(seen).toEqual(['ADDED watched', 'BOOKMARK ', 'DELETED watched']);
    expect(server.cutWatches({ abrupt: false })).toBe(1);
    expect(await done).toBeNull();
  });

  it('answers 410 Gone to a watch from a compacted resourceVersion', async () => {
    const before = server.store.resourceVersion;
    await core.createNamespacedConfigMap({ namespace: 'arc-runners', body: { metadata: { name: 'bump' } } });
    server.store.compact();
    const watch = new Watch(kc);
    const events = await new Promise<{ type: string; obj: { code: number; reason: string } }[]>((resolve) => {
      const got: { type: string; obj: { code: number; reason: string } }[] = [];
      void watch.watch(
        '/api/v1/namespaces/arc-runners/configmaps',
        { resourceVersion: String(before) },
        (type, obj) => got.push({ type, obj }),
        () => resolve(got),
      );
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe('ERROR');
    expect(events[0]!.obj).toMatchObject({ code: 410, reason: 'Expired' });
  });

  it('serves apps/v1 deployments and discovery for the ARC kinds', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'arc-runners',
      body: {
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { a: 'b' } },
          template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
        },
      },
    });
    const got = await apps.readNamespacedDeployment({ name: 'web', namespace: 'arc-runners' });
    expect(got.spec?.template.spec?.containers[0]?.name).toBe('c');
    const res = await fetch(`${server.url}/apis/actions.github.com/v1alpha1`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    const list = (await res.json()) as { resources: { name: string; namespaced: boolean }[] };
    expect(list.resources.map((r) => r.name).sort()).toEqual([
      'autoscalinglisteners',
      'autoscalinglisteners/status',
      'autoscalingrunnersets',
      'autoscalingrunnersets/status',
      'ephemeralrunners',
      'ephemeralrunners/status',
      'ephemeralrunnersets',
      'ephemeralrunnersets/status',
    ]);
    expect(list.resources.every((r) => r.namespaced)).toBe(true);
  });

  it('passes injected faults to the client as Status errors', async () => {
    server.inject(kubeFaults.tooManyRequests('/api/v1/namespaces/arc-runners/secrets', 2, { times: 1 }));
    const err = await failing(core.listNamespacedSecret({ namespace: 'arc-runners' }));
    expect(err.code).toBe(429);
    expect(server.requests('GET', '/api/v1/namespaces/arc-runners/secrets').at(-1)!.status).toBe(429);
    const ok = await core.listNamespacedSecret({ namespace: 'arc-runners' });
    expect(ok.items).toEqual([]);
    server.inject(kubeFaults.reset('/api/v1/namespaces/arc-runners/configmaps', { method: 'GET', times: 1 }));
    const reset = await core.listNamespacedConfigMap({ namespace: 'arc-runners' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(reset).toBeInstanceOf(Error);
    expect(reset).not.toBeInstanceOf(ApiException);
    server.inject(kubeFaults.conflict(/\/ephemeralrunnersets\/lane-a$/, { method: 'PATCH', times: 1 }));
    const conflict = await failing(
      custom.patchNamespacedCustomObject(
        {
          group: G,
          version: V,
          namespace: 'arc-runners',
          plural: 'ephemeralrunnersets',
          name: 'lane-a',
          body: { spec: { replicas: 1 } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    expect(conflict).toMatchObject({ code: 409, reason: 'Conflict' });
  });

  it('enforces RBAC with 403 and answers self-subject reviews truthfully', async () => {
    server.addIdentity({
      token: 'reader',
      user: 'system:serviceaccount:arc-systems:reader',
      rules: [
        {
          verbs: ['get', 'list'],
          apiGroups: [G],
          resources: ['ephemeralrunnersets'],
          namespaces: ['arc-runners'],
        },
      ],
    });
    const rc = new KubeConfig();
    rc.loadFromString(kubeconfigYaml({ server: server.url, token: 'reader' }));
    const readerCustom = rc.makeApiClient(CustomObjectsApi);
    const list = (await readerCustom.listNamespacedCustomObject({
      group: G,
      version: V,
      namespace: 'arc-runners',
      plural: 'ephemeralrunnersets',
    })) as { items: unknown[] };
    expect(list.items.length).toBeGreaterThan(0);
    const denied = await failing(
      readerCustom.patchNamespacedCustomObject(
        {
          group: G,
          version: V,
          namespace: 'arc-runners',
          plural: 'ephemeralrunnersets',
          name: 'lane-a',
          body: { spec: { replicas: 1 } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    expect(denied).toEqual({
      code: 403,
      reason: 'Forbidden',
      message:
        'ephemeralrunnersets.actions.github.com "lane-a" is forbidden: User "system:serviceaccount:arc-systems:reader" cannot patch resource "ephemeralrunnersets" in API group "actions.github.com" in the namespace "arc-runners"',
    });
    const authz = rc.makeApiClient(AuthorizationV1Api);
    const review = await authz.createSelfSubjectAccessReview({
      body: {
        spec: {
          resourceAttributes: {
            verb: 'patch',
            group: G,
            resource: 'ephemeralrunnersets',
            namespace: 'arc-runners',
          },
        },
      },
    });
    expect(review.status?.allowed).toBe(false);
    const allowed = await authz.createSelfSubjectAccessReview({
      body: {
        spec: {
          resourceAttributes: {
            verb: 'list',
            group: G,
            resource: 'ephemeralrunnersets',
            namespace: 'arc-runners',
          },
        },
      },
    });
    expect(allowed.status?.allowed).toBe(true);
    const rules = await authz.createSelfSubjectRulesReview({ body: { spec: { namespace: 'arc-runners' } } });
    expect(rules.status?.resourceRules.find((r) => r.apiGroups?.includes(G))?.verbs).toEqual(['get', 'list']);
    const elsewhere = await authz.createSelfSubjectRulesReview({ body: { spec: { namespace: 'default' } } });
    expect(elsewhere.status?.resourceRules.some((r) => r.apiGroups?.includes(G))).toBe(false);
    const badToken = new KubeConfig();
    badToken.loadFromString(kubeconfigYaml({ server: server.url, token: 'nobody' }));
    // client-node's generated code drops the body of a 401 and keeps only the code.
    const unauth = await badToken
      .makeApiClient(CoreV1Api)
      .listNamespace()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(unauth).toBeInstanceOf(ApiException);
    expect((unauth as ApiException<unknown>).code).toBe(401);
    const raw = await fetch(`${server.url}/api/v1/namespaces`, {
      headers: { authorization: 'Bearer nobody' },
    });
    expect(await raw.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });
});
