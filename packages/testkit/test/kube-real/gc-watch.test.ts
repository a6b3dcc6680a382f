import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { arc, erBody, ersBody, type Meta } from './arc-objects';
import { BACKENDS, type Backend, eventually, failing, itOn, startBackend } from './backends';
import { recordWatch } from './watch-events';

const NS = 'arc-runners';
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const FINALIZER = 'actions.github.com/ephemeralrunner-finalizer';

describe.each(BACKENDS)('garbage collection, namespaces and watches on the %s backend', (kind) => {
  let b: Backend;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  const ers = arc('ephemeralrunnersets', NS);
  const er = arc('ephemeralrunners', NS);

  const gone = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      return false;
    } catch (error) {
      return (error as { code?: number }).code === 404;
    }
  };

  /** An EphemeralRunnerSet owning a runner and a ConfigMap, as ARC's objects own each other. */
  async function family(name: string, runnerFinalizers?: string[]) {
    const owner = (await custom.createNamespacedCustomObject({ ...ers, body: ersBody(name) })) as Meta;
    const ref = { name, uid: owner.metadata.uid };
    await custom.createNamespacedCustomObject({
      ...er,
      body: erBody(`${name}-runner`, ref, runnerFinalizers),
    });
    await collectorHasSeenRunners(name);
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: {
        metadata: {
          name: `${name}-cm`,
          ownerReferences: [
            {
              apiVersion: 'actions.github.com/v1alpha1',
              kind: 'EphemeralRunnerSet',
              name,
              uid: owner.metadata.uid,
            },
          ],
        },
      },
    });
    return owner;
  }

  /**
   * Waits until the garbage collector has taken in every runner created so far. The real one learns
   * of objects through an informer per resource, so a delete that reaches it before a dependent's
   * creation finds no dependents to wait for (or orphan). A probe runner with a missing owner is
   * created after them; the collector deletes it only after its graph has taken in the probe, and a
   * resource's events reach the graph in order, so by then it knows the runners created before.
   */
  async function collectorHasSeenRunners(name: string) {
    const probe = `${name}-probe`;
    await custom.createNamespacedCustomObject({
      ...er,
      body: erBody(probe, { name: 'never-created', uid: '00000000-0000-4000-8000-000000000000' }),
    });
    await eventually(`the collector to delete ${probe}, whose owner never existed`, () =>
      gone(() => custom.getNamespacedCustomObject({ ...er, name: probe })),
    );
  }

  beforeAll(async () => {
    b = await startBackend(kind);
    core = b.admin.makeApiClient(CoreV1Api);
    custom = b.admin.makeApiClient(CustomObjectsApi);
    await b.namespace(NS);
  }, 300_000);
  afterAll(() => b?.stop(), 60_000);

  itOn(
    kind,
    'background deletion of an owner: the garbage collector deletes its dependents, custom and built-in',
    async () => {
      await family('bg');
      await custom.deleteNamespacedCustomObject({ ...ers, name: 'bg' });
      await eventually('the runner and the ConfigMap of a deleted set to go', async () => {
        const runnerGone = await gone(() => custom.getNamespacedCustomObject({ ...er, name: 'bg-runner' }));
        const cmGone = await gone(() => core.readNamespacedConfigMap({ name: 'bg-cm', namespace: NS }));
        return runnerGone && cmGone;
      });
    },
    { needsCrds: true, timeout: 120_000 },
  );

  itOn(
    kind,
    'foreground deletion waits for a dependent held by a finalizer, then removes the owner',
    async () => {
      await family('fg', [FINALIZER]);
      const deleting = (await custom.deleteNamespacedCustomObject({
        ...ers,
        name: 'fg',
        propagationPolicy: 'Foreground',
      })) as Meta;
      expect(deleting.metadata.finalizers).toContain('foregroundDeletion');
      expect(deleting.metadata.deletionTimestamp).toBeDefined();
      await eventually('the held runner to be marked for deletion', async () => {
        const runner = (await custom.getNamespacedCustomObject({ ...er, name: 'fg-runner' })) as Meta;
        return runner.metadata.deletionTimestamp !== undefined;
      });
      await eventually('the ConfigMap to go', () =>
        gone(() => core.readNamespacedConfigMap({ name: 'fg-cm', namespace: NS })),
      );
      const owner = (await custom.getNamespacedCustomObject({ ...ers, name: 'fg' })) as Meta;
      expect(owner.metadata.finalizers).toEqual(['foregroundDeletion']);
      await custom.patchNamespacedCustomObject(
        { ...er, name: 'fg-runner', body: { metadata: { finalizers: null } } },
        merge,
      );
      await eventually('the owner to go once its last dependent is gone', () =>
        gone(() => custom.getNamespacedCustomObject({ ...ers, name: 'fg' })),
      );
    },
    { needsCrds: true, timeout: 120_000 },
  );

  itOn(
    kind,
    'orphan deletion leaves the dependents without the owner reference',
    async () => {
      const owner = await family('orphan');
      await custom.deleteNamespacedCustomObject({ ...ers, name: 'orphan', propagationPolicy: 'Orphan' });
      await eventually('the owner to go', () =>
        gone(() => custom.getNamespacedCustomObject({ ...ers, name: 'orphan' })),
      );
      await eventually('the runner to lose its owner reference', async () => {
        const runner = (await custom.getNamespacedCustomObject({ ...er, name: 'orphan-runner' })) as Meta;
        return !(runner.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);
      });
      const cm = await core.readNamespacedConfigMap({ name: 'orphan-cm', namespace: NS });
      expect(cm.metadata?.ownerReferences ?? []).toEqual([]);
    },
    { needsCrds: true, timeout: 120_000 },
  );

  itOn(
    kind,
    'a reference to an owner that does not exist: alone it gets the object collected, beside a live owner it is dropped',
    async () => {
      const missing = { name: 'ghost', uid: '11111111-1111-4111-8111-111111111111' };
      await custom.createNamespacedCustomObject({ ...er, body: erBody('dangling-runner', missing) });
      await eventually('the runner whose only owner is missing to be collected', () =>
        gone(() => custom.getNamespacedCustomObject({ ...er, name: 'dangling-runner' })),
      );
      const live = (await custom.createNamespacedCustomObject({ ...ers, body: ersBody('live') })) as Meta;
      const liveRef = { apiVersion: 'actions.github.com/v1alpha1', kind: 'EphemeralRunnerSet' };
      await core.createNamespacedConfigMap({
        namespace: NS,
        body: {
          metadata: {
            name: 'two-owners-cm',
            ownerReferences: [
              { ...liveRef, name: 'live', uid: live.metadata.uid },
              { ...liveRef, name: missing.name, uid: missing.uid },
            ],
          },
        },
      });
      await eventually('the reference to the missing owner to be dropped', async () => {
        const cm = await core.readNamespacedConfigMap({ name: 'two-owners-cm', namespace: NS });
        return (cm.metadata?.ownerReferences ?? []).map((r) => r.uid).join() === live.metadata.uid;
      });
    },
    { needsCrds: true, timeout: 120_000 },
  );

  itOn(
    kind,
    'deleting a namespace marks it Terminating, empties it, then removes it',
    async () => {
      await b.namespace('doomed');
      await core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'inside' } } });
      const answer = (await core.deleteNamespace({ name: 'doomed' })) as {
        kind?: string;
        metadata?: { deletionTimestamp?: unknown };
        status?: { phase?: string };
      };
      expect(answer.kind).toBe('Namespace');
      expect(answer.status?.phase).toBe('Terminating');
      await eventually(
        'the namespace to go',
        () => gone(() => core.readNamespace({ name: 'doomed' })),
        120_000,
      );
      expect(await gone(() => core.readNamespacedConfigMap({ name: 'inside', namespace: 'doomed' }))).toBe(
        true,
      );
    },
    { timeout: 180_000 },
  );

  itOn(
    kind,
    'refuses new content in a Terminating namespace with 403 NamespaceTerminating',
    async () => {
      await b.namespace('closing');
      await core.createNamespacedConfigMap({
        namespace: 'closing',
        body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } },
      });
      await core.deleteNamespace({ name: 'closing' });
      const err = await failing(
        core.createNamespacedConfigMap({ namespace: 'closing', body: { metadata: { name: 'late' } } }),
      );
      expect(err).toMatchObject({
        code: 403,
        reason: 'Forbidden',
        message:
          'configmaps "late" is forbidden: unable to create new content in namespace closing because it is being terminated',
      });
      expect(err.details?.causes).toEqual([
        {
          reason: 'NamespaceTerminating',
          message: 'namespace closing is being terminated',
          field: 'metadata.namespace',
        },
      ]);
      await eventually('the held object to be marked', async () => {
        const held = await core.readNamespacedConfigMap({ name: 'held', namespace: 'closing' });
        return held.metadata?.deletionTimestamp !== undefined;
      });
      // The namespace waits for the finalizer, then goes.
      expect((await core.readNamespace({ name: 'closing' })).status?.phase).toBe('Terminating');
      await core.patchNamespacedConfigMap(
        { name: 'held', namespace: 'closing', body: { metadata: { finalizers: null } } },
        merge,
      );
      await eventually(
        'the namespace to go',
        () => gone(() => core.readNamespace({ name: 'closing' })),
        120_000,
      );
    },
    { timeout: 180_000 },
  );

  itOn(
    kind,
    'serves an Exact list as the objects were at that version, and pages from one version',
    async () => {
      await b.namespace('history');
      const first = await core.createNamespacedConfigMap({
        namespace: 'history',
        body: { metadata: { name: 'a' } },
      });
      await core.createNamespacedConfigMap({ namespace: 'history', body: { metadata: { name: 'b' } } });
      await core.deleteNamespacedConfigMap({ name: 'a', namespace: 'history' });
      const names = (l: { items: { metadata?: { name?: string } }[] }) =>
        l.items.map((i) => i.metadata?.name).filter((n) => n !== 'kube-root-ca.crt');
      const then = await core.listNamespacedConfigMap({
        namespace: 'history',
        resourceVersion: first.metadata!.resourceVersion!,
        resourceVersionMatch: 'Exact',
      });
      expect(names(then)).toEqual(['a']);
      expect(then.metadata?.resourceVersion).toBe(first.metadata!.resourceVersion);
      await core.createNamespacedConfigMap({ namespace: 'history', body: { metadata: { name: 'c' } } });
      const page1 = await core.listNamespacedConfigMap({ namespace: 'history', limit: 1 });
      expect(names(page1)).toEqual(['b']);
      await core.createNamespacedConfigMap({ namespace: 'history', body: { metadata: { name: 'bb' } } });
      const page2 = await core.listNamespacedConfigMap({
        namespace: 'history',
        limit: 5,
        _continue: page1.metadata!._continue!,
      });
      // The second page is served at the first page's version: `bb`, created since, is not in it.
      expect(names(page2)).toEqual(['c']);
    },
  );

  itOn(kind, 'refuses list options the API server refuses, with its field errors (422)', async () => {
    const base = `/api/v1/namespaces/${NS}/configmaps`;
    expect(await statusAsAdmin(b, `${base}?resourceVersionMatch=NotOlderThan`)).toBe(422);
    expect(await statusAsAdmin(b, `${base}?resourceVersionMatch=Exact&resourceVersion=0`)).toBe(422);
    expect(await statusAsAdmin(b, `${base}?sendInitialEvents=true`)).toBe(422);
    expect(await statusAsAdmin(b, `${base}?watch=1&resourceVersionMatch=NotOlderThan`)).toBe(422);
    expect(await statusAsAdmin(b, `${base}?resourceVersion=abc`)).toBe(400);
    const err = await failing(
      core.listNamespacedConfigMap({ namespace: NS, resourceVersionMatch: 'NotOlderThan' }),
    );
    expect(err.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
  });

  itOn(kind, 'streams ADDED, MODIFIED and DELETED from a list resourceVersion', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: NS });
    const w = await recordWatch(b.admin, `/api/v1/namespaces/${NS}/configmaps`, {
      resourceVersion: list.metadata?.resourceVersion,
      allowWatchBookmarks: true,
    });
    try {
      await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'watched' } } });
      await core.patchNamespacedConfigMap(
        { name: 'watched', namespace: NS, body: { data: { k: 'v' } } },
        merge,
      );
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace: NS });
      await eventually('three events', async () => w.changes().length >= 3);
      expect(w.changes()).toEqual(['ADDED watched', 'MODIFIED watched', 'DELETED watched']);
    } finally {
      w.stop();
    }
  });

  itOn(kind, 'a label-selected watch sees an object leave the selector as DELETED', async () => {
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'mover', labels: { lane: 'nix' } } },
    });
    const list = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'lane=nix' });
    const w = await recordWatch(b.admin, `/api/v1/namespaces/${NS}/configmaps`, {
      resourceVersion: list.metadata?.resourceVersion,
      labelSelector: 'lane=nix',
    });
    try {
      await core.patchNamespacedConfigMap(
        { name: 'mover', namespace: NS, body: { metadata: { labels: { lane: 'dind' } } } },
        merge,
      );
      await core.patchNamespacedConfigMap(
        { name: 'mover', namespace: NS, body: { metadata: { labels: { lane: 'nix' } } } },
        merge,
      );
      await eventually('two events', async () => w.changes().length >= 2);
      expect(w.changes()).toEqual(['DELETED mover', 'ADDED mover']);
    } finally {
      w.stop();
    }
  });

  itOn(
    kind,
    'a watch-list (sendInitialEvents) sends the current objects, then the initial-events-end bookmark',
    async () => {
      await core.createNamespacedConfigMap({
        namespace: NS,
        body: { metadata: { name: 'initial', labels: { wl: 'y' } } },
      });
      const w = await recordWatch(b.admin, `/api/v1/namespaces/${NS}/configmaps`, {
        sendInitialEvents: true,
        resourceVersionMatch: 'NotOlderThan',
        allowWatchBookmarks: true,
        labelSelector: 'wl=y',
      });
      try {
        await eventually('the initial-events-end bookmark', async () =>
          w.events.some(
            (e) =>
              e.type === 'BOOKMARK' &&
              e.object.metadata?.annotations?.['k8s.io/initial-events-end'] === 'true',
          ),
        );
        expect(w.changes()).toEqual(['ADDED initial']);
      } finally {
        w.stop();
      }
    },
  );

  itOn(kind, 'refuses sendInitialEvents without resourceVersionMatch=NotOlderThan (422)', async () => {
    expect(await statusAsAdmin(b, `/api/v1/namespaces/${NS}/configmaps?watch=1&sendInitialEvents=true`)).toBe(
      422,
    );
  });

  itOn(
    kind,
    'replays from an old resourceVersion still inside the watch window, even after a compaction',
    async () => {
      const made = await core.createNamespacedConfigMap({
        namespace: NS,
        body: { metadata: { name: 'replayed' } },
      });
      await core.patchNamespacedConfigMap(
        { name: 'replayed', namespace: NS, body: { data: { n: '1' } } },
        merge,
      );
      // The real server's watch cache keeps recent events past an etcd compaction; the fake would
      // expire them (watch-expiry.test.ts shows both expiring), so only the real backend compacts here.
      if (b.real) await b.compact();
      const w = await recordWatch(b.admin, `/api/v1/namespaces/${NS}/configmaps`, {
        resourceVersion: made.metadata?.resourceVersion,
        fieldSelector: 'metadata.name=replayed',
      });
      try {
        await eventually('the replayed modification', async () => w.changes().length >= 1);
        expect(w.changes()).toEqual(['MODIFIED replayed']);
      } finally {
        w.stop();
      }
    },
  );

  itOn(
    kind,
    'answers a get of a missing object after deletion with 404 and a watch keeps running',
    async () => {
      await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'short' } } });
      await core.deleteNamespacedConfigMap({ name: 'short', namespace: NS });
      const err = await failing(core.readNamespacedConfigMap({ name: 'short', namespace: NS }));
      expect(err.code).toBe(404);
    },
  );
});

/** The status of a request as the admin, without reading a body (a watch the server accepts never ends). */
async function statusAsAdmin(b: Backend, path: string): Promise<number> {
  if (b.real) {
    const { request } = await import('node:https');
    const real = b.real;
    return new Promise((resolve, reject) => {
      const req = request(
        `${b.url}${path}`,
        { ca: real.caPem, headers: { authorization: `Bearer ${real.tokenOf()}` } },
        (res) => {
          resolve(res.statusCode ?? 0);
          res.destroy();
        },
      );
      req.on('error', reject);
      req.end();
    });
  }
  const abort = new AbortController();
  const res = await fetch(`${b.url}${path}`, {
    headers: { authorization: `Bearer ${b.fake!.adminToken}` },
    signal: abort.signal,
  });
  abort.abort();
  return res.status;
}
