import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeApiServer, kubeconfigYaml } from '../../src/kube/index';

const server = new KubeApiServer({ bookmarkIntervalMs: 0 });
const kc = new KubeConfig();
let core: CoreV1Api;

beforeAll(async () => {
  const url = await server.start();
  kc.loadFromString(kubeconfigYaml({ server: url, token: server.adminToken }));
  core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'w' } } });
});
afterAll(() => server.stop());

async function until(cond: () => boolean) {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

describe('watch and list details', () => {
  it('sends ADDED/DELETED as objects enter and leave a label selector', async () => {
    const events: string[] = [];
    await new Watch(kc).watch(
      '/api/v1/namespaces/w/configmaps',
      { labelSelector: 'lane=nix' },
      (type, obj: { metadata: { name: string } }) => events.push(`${type} ${obj.metadata.name}`),
      () => {},
    );
    await until(() => server.watches.count === 1);
    await core.createNamespacedConfigMap({
      namespace: 'w',
      body: { metadata: { name: 'c', labels: { lane: 'docker' } } },
    });
    await core.patchNamespacedConfigMap({
      namespace: 'w',
      name: 'c',
      body: [{ op: 'replace', path: '/metadata/labels/lane', value: 'nix' }],
    });
    await core.patchNamespacedConfigMap({
      namespace: 'w',
      name: 'c',
      body: [{ op: 'add', path: '/data', value: { k: 'v' } }],
    });
    await core.patchNamespacedConfigMap({
      namespace: 'w',
      name: 'c',
      body: [{ op: 'replace', path: '/metadata/labels/lane', value: 'dind' }],
    });
    await until(() => events.length === 3);
    expect(events).toEqual(['ADDED c', 'MODIFIED c', 'DELETED c']);
    expect(server.cutWatches({ abrupt: true })).toBe(1);
  });

  it('starts a watch without resourceVersion with the current objects, then an initial-events bookmark', async () => {
    const events: {
      type: string;
      obj: { metadata: { name?: string; annotations?: Record<string, string> } };
    }[] = [];
    await new Watch(kc).watch(
      '/api/v1/namespaces/w/configmaps',
      { sendInitialEvents: true, allowWatchBookmarks: true, resourceVersionMatch: 'NotOlderThan' },
      (type, obj) => events.push({ type, obj }),
      () => {},
    );
    await until(() => events.length === 2);
    expect(events[0]).toMatchObject({ type: 'ADDED', obj: { metadata: { name: 'c' } } });
    expect(events[1]).toMatchObject({
      type: 'BOOKMARK',
      obj: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    server.cutWatches();
  });

  it('reports an abrupt cut to client-node as the end of the watch', async () => {
    const ended = new Promise<unknown>((resolve) => {
      void new Watch(kc).watch('/api/v1/namespaces/w/pods', {}, () => {}, resolve);
    });
    await until(() => server.watches.count === 1);
    expect(server.cutWatches({ path: '/api/v1/namespaces/w/pods', abrupt: true })).toBe(1);
    const result = await ended;
    expect(result === null || result instanceof Error).toBe(true);
    expect(server.watches.count).toBe(0);
  });

  it('pages a list with limit and continue, with remainingItemCount', async () => {
    for (const n of ['p1', 'p2', 'p3', 'p4', 'p5']) {
      await core.createNamespacedSecret({ namespace: 'w', body: { metadata: { name: n } } });
    }
    const first = await core.listNamespacedSecret({ namespace: 'w', limit: 2 });
    expect(first.items.map((i) => i.metadata?.name)).toEqual(['p1', 'p2']);
    expect(first.metadata?.remainingItemCount).toBe(3);
    const second = await core.listNamespacedSecret({
      namespace: 'w',
      limit: 2,
      _continue: first.metadata!._continue!,
    });
    expect(second.items.map((i) => i.metadata?.name)).toEqual(['p3', 'p4']);
    const last = await core.listNamespacedSecret({
      namespace: 'w',
      limit: 2,
      _continue: second.metadata!._continue!,
    });
    expect(last.items.map((i) => i.metadata?.name)).toEqual(['p5']);
    expect(last.metadata?._continue).toBeUndefined();
    await core.deleteCollectionNamespacedSecret({ namespace: 'w', labelSelector: '' });
    expect((await core.listNamespacedSecret({ namespace: 'w' })).items).toEqual([]);
  });

  it('answers 404 with a Status for an unknown path and 400 for an unsupported field selector', async () => {
    const res = await fetch(`${server.url}/apis/nope.example.com/v1/things`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'NotFound' });
    const bad = await fetch(`${server.url}/api/v1/namespaces/w/configmaps?fieldSelector=spec.foo%3Dbar`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      reason: 'BadRequest',
      message: '"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"',
    });
  });
});

describe('dry run', () => {
  it('validates and answers a dryRun=All write without storing it or bumping the resourceVersion', async () => {
    const rv = server.store.resourceVersion;
    const created = await core.createNamespacedConfigMap({
      namespace: 'w',
      dryRun: 'All',
      body: { metadata: { generateName: 'dry-' }, data: { a: '1' } },
    });
    expect(created.metadata?.name).toMatch(/^dry-/);
    expect(server.store.resourceVersion).toBe(rv);
    const list = await core.listNamespacedConfigMap({ namespace: 'w' });
    expect(list.items.some((i) => i.metadata?.name === created.metadata?.name)).toBe(false);
    const bad = await fetch(`${server.url}/api/v1/namespaces/w/configmaps?dryRun=All`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_Valid' } }),
    });
    expect(bad.status).toBe(422);
  });
});
