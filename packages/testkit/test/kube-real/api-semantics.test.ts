import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { arc, ersBody, type Meta } from './arc-objects';
import { BACKENDS, type Backend, eventually, failing, itOn, startBackend } from './backends';

const NS = 'arc-runners';
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

describe.each(BACKENDS)('API semantics with @kubernetes/client-node on the %s backend', (kind) => {
  let b: Backend;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  const ers = arc('ephemeralrunnersets', NS);

  beforeAll(async () => {
    b = await startBackend(kind);
    core = b.admin.makeApiClient(CoreV1Api);
    custom = b.admin.makeApiClient(CustomObjectsApi);
    await b.namespace(NS);
  }, 300_000);
  afterAll(() => b?.stop(), 60_000);

  itOn(
    kind,
    'creates with generateName, gets, and lists with equality and set-based label selectors',
    async () => {
      const made = await core.createNamespacedConfigMap({
        namespace: NS,
        body: { metadata: { generateName: 'cfg-', labels: { lane: 'nix' } }, data: { a: '1' } },
      });
      // Kubernetes' generateName suffix: 5 characters from its consonant-and-digit alphabet.
      expect(made.metadata?.name).toMatch(/^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(Number(made.metadata?.resourceVersion)).toBeGreaterThan(0);
      expect(made.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
      const got = await core.readNamespacedConfigMap({ name: made.metadata!.name!, namespace: NS });
      expect(got.data).toEqual({ a: '1' });
      await core.createNamespacedConfigMap({
        namespace: NS,
        body: { metadata: { name: 'dind-cfg', labels: { lane: 'dind' } } },
      });
      await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'plain' } } });
      const names = async (labelSelector: string) =>
        (await core.listNamespacedConfigMap({ namespace: NS, labelSelector })).items
          .map((i) => i.metadata?.name)
          .filter((n) => n !== 'kube-root-ca.crt')
          .sort();
      expect(await names('lane=nix')).toEqual([made.metadata!.name]);
      expect(await names('lane in (nix,dind)')).toEqual(['dind-cfg', made.metadata!.name].sort());
      expect(await names('lane,lane notin (nix)')).toEqual(['dind-cfg']);
      expect(await names('!lane')).toEqual(['plain']);
      const list = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'lane' });
      expect(Number(list.metadata?.resourceVersion)).toBeGreaterThanOrEqual(
        Number(made.metadata?.resourceVersion),
      );
    },
  );

  itOn(kind, 'rejects a malformed label selector with 400 BadRequest', async () => {
    const err = await failing(core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'lane in nix' }));
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
  });

  itOn(
    kind,
    'lists by metadata.name field selector and refuses an unsupported field label (400)',
    async () => {
      const byName = await core.listNamespacedConfigMap({
        namespace: NS,
        fieldSelector: 'metadata.name=plain',
      });
      expect(byName.items.map((i) => i.metadata?.name)).toEqual(['plain']);
      const err = await failing(core.listNamespacedConfigMap({ namespace: NS, fieldSelector: 'data.a=1' }));
      expect(err).toMatchObject({ code: 400, reason: 'BadRequest' });
    },
  );

  itOn(kind, 'words an unsupported field label of a built-in kind as the API server does', async () => {
    const err = await failing(core.listNamespacedConfigMap({ namespace: NS, fieldSelector: 'data.a=1' }));
    expect(err.message).toBe(
      '"data.a" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  itOn(
    kind,
    'refuses a field selector on a custom resource field that the CRD does not make selectable',
    async () => {
      const err = await failing(
        custom.listNamespacedCustomObject({ ...ers, fieldSelector: 'spec.replicas=0' }),
      );
      expect(err.code).toBe(400);
      expect(err.message).toBe('field label not supported: spec.replicas');
    },
    { needsCrds: true },
  );

  itOn(kind, 'answers 404 NotFound for an object and for a namespace that do not exist', async () => {
    const missing = await failing(core.readNamespacedConfigMap({ name: 'nope', namespace: NS }));
    expect(missing).toMatchObject({ code: 404, reason: 'NotFound', message: 'configmaps "nope" not found' });
    const noNs = await failing(
      core.createNamespacedConfigMap({ namespace: 'no-such-ns', body: { metadata: { name: 'x' } } }),
    );
    expect(noNs).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'namespaces "no-such-ns" not found',
    });
  });

  itOn(
    kind,
    'creates an ARC object, bumps generation on spec changes only, and answers 409 on a stale update',
    async () => {
      const created = (await custom.createNamespacedCustomObject({
        ...ers,
        body: ersBody('lane-a'),
      })) as Meta;
      expect(created.metadata.generation).toBe(1);
      const updated = (await custom.replaceNamespacedCustomObject({
        ...ers,
        name: 'lane-a',
        body: {
          ...ersBody('lane-a', 2),
          metadata: { name: 'lane-a', resourceVersion: created.metadata.resourceVersion },
        },
      })) as Meta;
      expect(updated.spec?.['replicas']).toBe(2);
      expect(updated.metadata.generation).toBe(2);
      const labelled = (await custom.patchNamespacedCustomObject(
        { ...ers, name: 'lane-a', body: { metadata: { labels: { extra: 'yes' } } } },
        merge,
      )) as Meta;
      expect(labelled.metadata.generation).toBe(2);
      const stale = await failing(
        custom.replaceNamespacedCustomObject({
          ...ers,
          name: 'lane-a',
          body: {
            ...ersBody('lane-a', 3),
            metadata: { name: 'lane-a', resourceVersion: created.metadata.resourceVersion },
          },
        }),
      );
      expect(stale).toMatchObject({
        code: 409,
        reason: 'Conflict',
        message:
          'Operation cannot be fulfilled on ephemeralrunnersets.actions.github.com "lane-a": the object has been modified; please apply your changes to the latest version and try again',
      });
      const dup = await failing(custom.createNamespacedCustomObject({ ...ers, body: ersBody('lane-a') }));
      expect(dup).toMatchObject({
        code: 409,
        reason: 'AlreadyExists',
        message: 'ephemeralrunnersets.actions.github.com "lane-a" already exists',
      });
    },
    { needsCrds: true },
  );

  itOn(
    kind,
    'refuses an update of a custom object without a resourceVersion (422)',
    async () => {
      const err = await failing(
        custom.replaceNamespacedCustomObject({ ...ers, name: 'lane-a', body: ersBody('lane-a', 4) }),
      );
      expect(err.code).toBe(422);
      expect(err.reason).toBe('Invalid');
      expect(err.message).toBe(
        'ephemeralrunnersets.actions.github.com "lane-a" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update',
      );
    },
    { needsCrds: true },
  );

  itOn(
    kind,
    'applies a merge patch and a JSON patch (with a test op) to an ARC object',
    async () => {
      const merged = (await custom.patchNamespacedCustomObject(
        { ...ers, name: 'lane-a', body: { spec: { replicas: 5, patchID: 7 } } },
        merge,
      )) as Meta;
      expect(merged.spec).toEqual({ replicas: 5, patchID: 7 });
      const removed = (await custom.patchNamespacedCustomObject(
        { ...ers, name: 'lane-a', body: { metadata: { labels: { extra: null } } } },
        merge,
      )) as Meta;
      expect(removed.metadata.labels?.['extra']).toBeUndefined();
      // Without a header option client-node sends JSON patch (application/json-patch+json).
      const patched = (await custom.patchNamespacedCustomObject({
        ...ers,
        name: 'lane-a',
        body: [
          { op: 'test', path: '/spec/replicas', value: 5 },
          { op: 'replace', path: '/spec/replicas', value: 0 },
        ],
      })) as Meta;
      expect(patched.spec?.['replicas']).toBe(0);
    },
    { needsCrds: true },
  );

  itOn(
    kind,
    'answers a failed JSON patch test op with 422 and the patch error',
    async () => {
      const err = await failing(
        custom.patchNamespacedCustomObject({
          ...ers,
          name: 'lane-a',
          body: [{ op: 'test', path: '/spec/replicas', value: 42 }],
        }),
      );
      expect(err.code).toBe(422);
      expect(err.reason).toBe('Invalid');
      expect(err.message).toBe('the server rejected our request due to an error in our request');
    },
    { needsCrds: true },
  );

  itOn(
    kind,
    'refuses a strategic merge patch on a custom resource with 415',
    async () => {
      const err = await failing(
        custom.patchNamespacedCustomObject(
          { ...ers, name: 'lane-a', body: { spec: { replicas: 1 } } },
          setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
        ),
      );
      expect(err.code).toBe(415);
      expect(err.reason).toBe('UnsupportedMediaType');
    },
    { needsCrds: true },
  );

  itOn(
    kind,
    'treats a resourceVersion inside a merge patch as a precondition (409 when stale)',
    async () => {
      const err = await failing(
        custom.patchNamespacedCustomObject(
          { ...ers, name: 'lane-a', body: { metadata: { resourceVersion: '1' }, spec: { replicas: 1 } } },
          merge,
        ),
      );
      expect(err).toMatchObject({ code: 409, reason: 'Conflict' });
    },
    { needsCrds: true },
  );

  itOn(
    kind,
    'validates ARC objects against the CRD schema with the API server message',
    async () => {
      const err = await failing(
        custom.patchNamespacedCustomObject(
          { ...ers, name: 'lane-a', body: { spec: { replicas: 'many' } } },
          merge,
        ),
      );
      expect(err.code).toBe(422);
      expect(err.message).toBe(
        'EphemeralRunnerSet.actions.github.com "lane-a" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      );
    },
    { needsCrds: true },
  );

  itOn(
    kind,
    'prunes unknown fields by default and refuses them with fieldValidation=Strict',
    async () => {
      const pruned = (await custom.createNamespacedCustomObject({
        ...ers,
        body: { ...ersBody('pruned'), spec: { replicas: 0, patchID: 0, bogus: true } },
      })) as Meta;
      expect(pruned.spec).toEqual({ replicas: 0, patchID: 0 });
      const strict = await failing(
        custom.createNamespacedCustomObject({
          ...ers,
          fieldValidation: 'Strict',
          body: { ...ersBody('strict'), spec: { replicas: 0, patchID: 0, bogus: true } },
        }),
      );
      expect(strict).toMatchObject({ code: 400, reason: 'BadRequest' });
      expect(strict.message).toBe(
        'EphemeralRunnerSet in version "v1alpha1" cannot be handled as a EphemeralRunnerSet: strict decoding error: unknown field "spec.bogus"',
      );
    },
    { needsCrds: true },
  );

  itOn(
    kind,
    'writes status only through the status subresource and drops status on create',
    async () => {
      const created = (await custom.createNamespacedCustomObject({
        ...ers,
        body: { ...ersBody('with-status'), status: { currentReplicas: 4 } },
      })) as Meta;
      expect(created.status).toBeUndefined();
      await custom.patchNamespacedCustomObject(
        { ...ers, name: 'with-status', body: { status: { currentReplicas: 9 } } },
        merge,
      );
      let obj = (await custom.getNamespacedCustomObject({ ...ers, name: 'with-status' })) as Meta;
      expect(obj.status).toBeUndefined();
      const viaStatus = (await custom.patchNamespacedCustomObjectStatus(
        { ...ers, name: 'with-status', body: { status: { currentReplicas: 3 }, spec: { replicas: 99 } } },
        merge,
      )) as Meta;
      expect(viaStatus.status?.['currentReplicas']).toBe(3);
      expect(viaStatus.metadata.generation).toBe(1);
      obj = (await custom.getNamespacedCustomObject({ ...ers, name: 'with-status' })) as Meta;
      expect(obj.spec?.['replicas']).toBe(0);
      expect(obj.status?.['currentReplicas']).toBe(3);
    },
    { needsCrds: true },
  );

  itOn(
    kind,
    'holds an object with finalizers under a deletionTimestamp until the last finalizer goes',
    async () => {
      await custom.createNamespacedCustomObject({
        ...ers,
        body: { ...ersBody('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } },
      });
      const deleting = (await custom.deleteNamespacedCustomObject({ ...ers, name: 'held' })) as Meta;
      expect(deleting.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const again = (await custom.deleteNamespacedCustomObject({ ...ers, name: 'held' })) as Meta;
      expect(again.metadata.deletionTimestamp).toBe(deleting.metadata.deletionTimestamp);
      const still = (await custom.getNamespacedCustomObject({ ...ers, name: 'held' })) as Meta;
      expect(still.metadata.finalizers).toEqual(['example.com/hold']);
      // Spec changes remain possible while the object is being deleted.
      const changed = (await custom.patchNamespacedCustomObject(
        { ...ers, name: 'held', body: { spec: { replicas: 1 } } },
        merge,
      )) as Meta;
      expect(changed.spec?.['replicas']).toBe(1);
      await custom.patchNamespacedCustomObject(
        { ...ers, name: 'held', body: { metadata: { finalizers: null } } },
        merge,
      );
      expect((await failing(custom.getNamespacedCustomObject({ ...ers, name: 'held' }))).code).toBe(404);
    },
    { needsCrds: true },
  );

  itOn(
    kind,
    'refuses a new finalizer on an object that is being deleted',
    async () => {
      await custom.createNamespacedCustomObject({
        ...ers,
        body: { ...ersBody('closing'), metadata: { name: 'closing', finalizers: ['example.com/hold'] } },
      });
      await custom.deleteNamespacedCustomObject({ ...ers, name: 'closing' });
      const err = await failing(
        custom.patchNamespacedCustomObject(
          {
            ...ers,
            name: 'closing',
            body: { metadata: { finalizers: ['example.com/hold', 'example.com/late'] } },
          },
          merge,
        ),
      );
      expect(err.code).toBe(422);
      expect(err.reason).toBe('Invalid');
      expect(err.message).toBe(
        'EphemeralRunnerSet.actions.github.com "closing" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/late"}',
      );
      await custom.patchNamespacedCustomObject(
        { ...ers, name: 'closing', body: { metadata: { finalizers: null } } },
        merge,
      );
    },
    { needsCrds: true },
  );

  itOn(kind, 'answers the immediate delete of a built-in object with a Success Status', async () => {
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'to-delete' } } });
    const status = (await core.deleteNamespacedConfigMap({ name: 'to-delete', namespace: NS })) as {
      kind?: string;
      status?: string;
      details?: { name?: string; kind?: string };
    };
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'to-delete', kind: 'configmaps' },
    });
  });

  itOn(
    kind,
    'answers the immediate delete of a custom object with a Success Status too',
    async () => {
      await custom.createNamespacedCustomObject({ ...ers, body: ersBody('short-lived') });
      const answer = (await custom.deleteNamespacedCustomObject({ ...ers, name: 'short-lived' })) as {
        kind?: string;
        status?: string;
        details?: { name?: string; group?: string; kind?: string };
      };
      expect(answer).toMatchObject({
        kind: 'Status',
        status: 'Success',
        details: { name: 'short-lived', group: 'actions.github.com', kind: 'ephemeralrunnersets' },
      });
    },
    { needsCrds: true },
  );

  itOn(kind, 'gives a new pod the defaults of the API server and its admission plugins', async () => {
    const pod = await core.createNamespacedPod({
      namespace: NS,
      body: {
        metadata: { name: 'runner-pod' },
        spec: { containers: [{ name: 'runner', image: 'runner:1' }] },
      },
    });
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.spec?.restartPolicy).toBe('Always');
    expect(pod.spec?.serviceAccountName).toBe('default');
    expect(pod.spec?.terminationGracePeriodSeconds).toBe(30);
    expect(pod.spec?.containers[0]?.terminationMessagePath).toBe('/dev/termination-log');
    expect(pod.status?.qosClass).toBe('BestEffort');
  });

  itOn(kind, 'deletes a pod that is bound to no node at once (no kubelet to wait for)', async () => {
    await core.createNamespacedPod({
      namespace: NS,
      body: { metadata: { name: 'unbound' }, spec: { containers: [{ name: 'c', image: 'x' }] } },
    });
    await core.deleteNamespacedPod({ name: 'unbound', namespace: NS });
    expect((await failing(core.readNamespacedPod({ name: 'unbound', namespace: NS }))).code).toBe(404);
  });

  itOn(kind, 'refuses a pod without containers with 422 and the field path', async () => {
    const err = await failing(
      core.createNamespacedPod({
        namespace: NS,
        body: { metadata: { name: 'empty' }, spec: { containers: [] } },
      }),
    );
    expect(err.code).toBe(422);
    expect(err.details?.causes?.map((c) => c.field)).toContain('spec.containers');
  });

  itOn(kind, 'refuses a pod naming a missing ServiceAccount (403) but admits `default` at once', async () => {
    await b.namespace('fresh-sa');
    const err = await failing(
      core.createNamespacedPod({
        namespace: 'fresh-sa',
        body: {
          metadata: { name: 'named' },
          spec: { serviceAccountName: 'nobody', containers: [{ name: 'c', image: 'x:1' }] },
        },
      }),
    );
    expect(err).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'pods "named" is forbidden: error looking up service account fresh-sa/nobody: serviceaccount "nobody" not found',
    });
    const pod = await core.createNamespacedPod({
      namespace: 'fresh-sa',
      body: { metadata: { name: 'plain' }, spec: { containers: [{ name: 'c', image: 'x:1' }] } },
    });
    expect(pod.spec?.serviceAccountName).toBe('default');
    expect(pod.spec?.containers[0]?.imagePullPolicy).toBe('IfNotPresent');
    expect(pod.spec?.containers[0]?.volumeMounts?.[0]?.mountPath).toBe(
      '/var/run/secrets/kubernetes.io/serviceaccount',
    );
  });

  itOn(
    kind,
    'lists several schema errors in one bracketed message, one cause each',
    async () => {
      const err = await failing(
        custom.patchNamespacedCustomObject(
          { ...ers, name: 'lane-a', body: { spec: { replicas: 'x', patchID: true } } },
          merge,
        ),
      );
      const patchId =
        'spec.patchID: Invalid value: "boolean": spec.patchID in body must be of type integer: "boolean"';
      const replicas =
        'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"';
      // The real server's order follows its schema walk and is not stable: compare as a set.
      const prefix = 'EphemeralRunnerSet.actions.github.com "lane-a" is invalid: [';
      expect(err.message.startsWith(prefix) && err.message.endsWith(']')).toBe(true);
      expect(err.message.slice(prefix.length, -1).split(', spec.').length).toBe(2);
      expect(err.message).toContain(patchId);
      expect(err.message).toContain(replicas);
      expect(err.details?.causes?.map((c) => c.field).sort()).toEqual(['spec.patchID', 'spec.replicas']);
    },
    { needsCrds: true },
  );

  itOn(
    kind,
    'holds an object deleted in the foreground under foregroundDeletion even without dependents',
    async () => {
      await custom.createNamespacedCustomObject({ ...ers, body: ersBody('fg-alone') });
      const answer = (await custom.deleteNamespacedCustomObject({
        ...ers,
        name: 'fg-alone',
        propagationPolicy: 'Foreground',
      })) as Meta;
      expect(answer.metadata.finalizers).toEqual(['foregroundDeletion']);
      expect(answer.metadata.generation).toBe(2);
      await eventually('the garbage collector to let it go', async () => {
        const e = await custom.getNamespacedCustomObject({ ...ers, name: 'fg-alone' }).then(
          () => 200,
          (error: { code?: number }) => error.code,
        );
        return e === 404;
      });
    },
    { needsCrds: true, timeout: 120_000 },
  );

  itOn(kind, 'answers 401 Unauthorized to an unknown token', async () => {
    const err = await b
      .stranger()
      .makeApiClient(CoreV1Api)
      .listNamespace()
      .then(
        () => undefined,
        (e: unknown) => e as { code?: number },
      );
    expect(err?.code).toBe(401);
  });
});
