import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arcCrds } from '../../src/kube/index';
import { type RealKube, realKubeUnavailable, startRealKube } from '../../src/kube-real/index';
import { RestClient } from '../../src/kube-real/rest-client';
import { ARC } from './helpers';

/**
 * What a 0.14 controller's status writes meet when the cluster still has 0.13.1's CRDs (issue #14:
 * an upgrade that skips the CRD replacement): the real API server's structural schema prunes
 * `status.phase`, which 0.13.1's AutoscalingRunnerSet schema does not have (it has `state`).
 * controller-runtime sends no fieldValidation, so the server default (Warn) applies: the write
 * succeeds and the field is dropped. A Strict write is refused (422).
 */

const unavailable = realKubeUnavailable();
const found = arcCrds('0.13.1');
const skip = unavailable ?? ('missing' in found ? found.missing : undefined);

let real: RealKube | undefined;
let client: RestClient | undefined;
beforeAll(async () => {
  if (skip) return;
  real = await startRealKube();
  client = new RestClient(real.url, real.caPem, real.tokenOf());
}, 300_000);
afterAll(async () => {
  client?.close();
  await real?.stop();
}, 120_000);

const CRD =
  '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/autoscalingrunnersets.actions.github.com';

describe.skipIf(skip !== undefined)(`0.13.1 CRDs on a real API server${skip ? ` (${skip})` : ''}`, () => {
  it('prunes the status.phase a 0.14 controller writes; Strict refuses it', async () => {
    const api = client!;
    const crds = 'crds' in found ? found.crds : [];
    const ars = crds.find((c) => c.metadata.name === 'autoscalingrunnersets.actions.github.com')!;
    const current = await api.call('GET', CRD);
    expect(current.status).toBe(200);
    const live = current.body as { metadata: { resourceVersion: string } };
    const put = await api.call('PUT', CRD, {
      ...ars,
      metadata: { ...ars.metadata, resourceVersion: live.metadata.resourceVersion },
    });
    expect(put.status).toBe(200);
    const ns = 'crd-replacement';
    expect((await api.call('POST', '/api/v1/namespaces', { metadata: { name: ns } })).status).toBe(201);
    const path = `${ARC}/namespaces/${ns}/autoscalingrunnersets`;
    const body = {
      apiVersion: 'actions.github.com/v1alpha1',
      kind: 'AutoscalingRunnerSet',
      metadata: { name: 'lane' },
      spec: { githubConfigUrl: 'https://github.com/tinyland', githubConfigSecret: 'secret' },
    };
    let created = await api.call('POST', path, body);
    for (let i = 0; created.status !== 201 && i < 60; i++) {
      await new Promise((r) => setTimeout(r, 500));
      created = await api.call('POST', path, body);
    }
    expect(created.status).toBe(201);
    const status = `${path}/lane/status`;
    const merge = 'application/merge-patch+json';
    // The server serves a replaced schema once its CRD handler has reloaded (the create above
    // passes under either schema): until then the 0.14.2 schema still accepts status.phase.
    const strictPatch = () =>
      api.call('PATCH', `${status}?fieldValidation=Strict`, { status: { phase: 'Running' } }, merge);
    let strict = await strictPatch();
    for (let i = 0; strict.status === 200 && i < 60; i++) {
      await new Promise((r) => setTimeout(r, 500));
      strict = await strictPatch();
    }
    // A patch refused by strict decoding is 422 Invalid (field "patch"), not 400.
    expect(strict.status).toBe(422);
    expect((strict.body as { message: string }).message).toContain(
      'strict decoding error: unknown field "status.phase"',
    );
    const plain = await api.call('PATCH', status, { status: { phase: 'Running', currentRunners: 2 } }, merge);
    expect(plain.status).toBe(200);
    const read = (await api.call('GET', `${path}/lane`)).body as { status?: Record<string, unknown> };
    expect(read.status).toEqual({ currentRunners: 2 });
  }, 180_000);
});
