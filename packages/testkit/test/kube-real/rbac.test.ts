import {
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { arc, ersBody } from './arc-objects';
import { BACKENDS, type Backend, failing, itOn, startBackend } from './backends';

const NS = 'arc-runners';
const G = 'actions.github.com';
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

describe.each(BACKENDS)('RBAC on the %s backend', (kind) => {
  let b: Backend;
  let reader: CustomObjectsApi;
  let readerAuthz: AuthorizationV1Api;
  const ers = arc('ephemeralrunnersets', NS);

  beforeAll(async () => {
    b = await startBackend(kind);
    await b.namespace(NS);
    await b.namespace('elsewhere');
    const kc = await b.user('arc-reader', [
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: [G],
        resources: ['ephemeralrunnersets'],
        namespaces: [NS],
      },
    ]);
    reader = kc.makeApiClient(CustomObjectsApi);
    readerAuthz = kc.makeApiClient(AuthorizationV1Api);
  }, 300_000);
  afterAll(() => b?.stop(), 60_000);

  itOn(
    kind,
    'lets a restricted user read where a Role allows it and answers 403 with the API server message elsewhere',
    async () => {
      await b.admin
        .makeApiClient(CustomObjectsApi)
        .createNamespacedCustomObject({ ...ers, body: ersBody('lane-a') });
      const list = (await reader.listNamespacedCustomObject(ers)) as { items: unknown[] };
      expect(list.items).toHaveLength(1);
      const denied = await failing(
        reader.patchNamespacedCustomObject(
          { ...ers, name: 'lane-a', body: { spec: { replicas: 1 } } },
          merge,
        ),
      );
      expect(denied).toMatchObject({
        code: 403,
        reason: 'Forbidden',
        message:
          'ephemeralrunnersets.actions.github.com "lane-a" is forbidden: User "arc-reader" cannot patch resource "ephemeralrunnersets" in API group "actions.github.com" in the namespace "arc-runners"',
      });
      const otherNs = await failing(
        reader.listNamespacedCustomObject(arc('ephemeralrunnersets', 'elsewhere')),
      );
      expect(otherNs.message).toBe(
        'ephemeralrunnersets.actions.github.com is forbidden: User "arc-reader" cannot list resource "ephemeralrunnersets" in API group "actions.github.com" in the namespace "elsewhere"',
      );
      const clusterWide = await failing(
        reader.listClusterCustomObject({ group: G, version: 'v1alpha1', plural: 'ephemeralrunnersets' }),
      );
      expect(clusterWide.message).toBe(
        'ephemeralrunnersets.actions.github.com is forbidden: User "arc-reader" cannot list resource "ephemeralrunnersets" in API group "actions.github.com" at the cluster scope',
      );
    },
    { needsCrds: true },
  );

  itOn(kind, 'answers 403 for core resources the user has no rule for', async () => {
    const core = (
      await b.user('arc-operator', [{ verbs: ['get'], resources: ['configmaps'], namespaces: [NS] }])
    ).makeApiClient(CoreV1Api);
    const denied = await failing(core.listNamespacedSecret({ namespace: NS }));
    expect(denied).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'secrets is forbidden: User "arc-operator" cannot list resource "secrets" in API group "" in the namespace "arc-runners"',
    });
  });

  itOn(kind, 'answers a SelfSubjectAccessReview with what RBAC allows the caller', async () => {
    const ask = async (verb: string, namespace: string) =>
      (
        await readerAuthz.createSelfSubjectAccessReview({
          body: {
            spec: { resourceAttributes: { verb, group: G, resource: 'ephemeralrunnersets', namespace } },
          },
        })
      ).status;
    expect((await ask('list', NS))?.allowed).toBe(true);
    expect((await ask('patch', NS))?.allowed).toBe(false);
    expect((await ask('list', 'elsewhere'))?.allowed).toBe(false);
  });

  itOn(kind, 'names the granting binding in an allowed review, as the RBAC authorizer does', async () => {
    const review = await readerAuthz.createSelfSubjectAccessReview({
      body: {
        spec: {
          resourceAttributes: { verb: 'get', group: G, resource: 'ephemeralrunnersets', namespace: NS },
        },
      },
    });
    expect(review.status?.reason).toMatch(
      /^RBAC: allowed by RoleBinding "[^"]+\/arc-runners" of Role "[^"]+" to User "arc-reader"$/,
    );
  });

  itOn(
    kind,
    'answers a SelfSubjectRulesReview with the namespace rules and the self-review rights',
    async () => {
      const rules = await readerAuthz.createSelfSubjectRulesReview({ body: { spec: { namespace: NS } } });
      const arcRule = rules.status?.resourceRules.find((r) => r.apiGroups?.includes(G));
      expect(arcRule?.verbs).toEqual(['get', 'list', 'watch']);
      expect(
        rules.status?.resourceRules.some(
          (r) => r.resources?.includes('selfsubjectaccessreviews') && r.verbs.includes('create'),
        ),
      ).toBe(true);
      const elsewhere = await readerAuthz.createSelfSubjectRulesReview({
        body: { spec: { namespace: 'elsewhere' } },
      });
      expect(elsewhere.status?.resourceRules.some((r) => r.apiGroups?.includes(G))).toBe(false);
    },
  );
});
