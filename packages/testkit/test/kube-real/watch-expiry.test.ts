import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { BACKENDS, type Backend, eventually, failing, itOn, startBackend } from './backends';
import { recordWatch } from './watch-events';

const NS = 'default';

/**
 * 410 Gone. A real API server serves watches and lists from its watch cache, which keeps recent
 * events past an etcd compaction; a client meets 410 once its version falls out of that window, or
 * wherever etcd serves the request. To provoke it in a test, the real server here runs with the
 * watch cache off for ConfigMaps (a real kube-apiserver flag), so etcd answers as it does for any
 * version beyond the window; the fake expires versions when its store compacts.
 */
describe.each(BACKENDS)('410 Gone after a compaction on the %s backend', (kind) => {
  let b: Backend;
  let core: CoreV1Api;
  let before = '';

  beforeAll(async () => {
    b = await startBackend(kind, { apiServerArgs: ['--watch-cache-sizes=configmaps#0'], arcCrds: false });
    core = b.admin.makeApiClient(CoreV1Api);
    const made = await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'old' } } });
    before = made.metadata!.resourceVersion!;
    await core.patchNamespacedConfigMap({
      name: 'old',
      namespace: NS,
      body: [{ op: 'add', path: '/data', value: { v: '2' } }],
    });
    // One more write, so the compaction revision lies past the patch: a watch from `before` starts
    // at the patch's revision, and etcd refuses it (410) only when that revision is compacted away.
    // Compacting right at the patch would leave the watch allowed but its event without the
    // previous version, which the API server answers with a 500.
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'later' } } });
    await b.compact();
  }, 300_000);
  afterAll(() => b?.stop(), 60_000);

  async function expiredWatch() {
    const w = await recordWatch(b.admin, `/api/v1/namespaces/${NS}/configmaps`, { resourceVersion: before });
    try {
      await eventually('the watch to answer', async () => w.events.length > 0 || w.ended());
      return w.events;
    } finally {
      w.stop();
    }
  }

  itOn(kind, 'ends a watch from a compacted resourceVersion with one ERROR event: 410 Expired', async () => {
    const events = await expiredWatch();
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('ERROR');
    expect(events[0]?.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });

  itOn(kind, 'words the expired watch as etcd-backed storage does', async () => {
    const events = await expiredWatch();
    expect(events[0]?.object.message).toBe('The resourceVersion for the provided watch is too old.');
  });

  itOn(kind, 'answers an Exact list at a compacted resourceVersion with 410 Expired', async () => {
    const err = await failing(
      core.listNamespacedConfigMap({
        namespace: NS,
        resourceVersion: before,
        resourceVersionMatch: 'Exact',
      }),
    );
    expect(err).toMatchObject({
      code: 410,
      reason: 'Expired',
      message: 'The resourceVersion for the provided list is too old.',
    });
  });
});
