import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '@gloriousflywheel/shared';
import {
  KubeApiServer,
  kubeconfigYaml,
  resourceByKind,
  writeKubeconfig,
} from '@gloriousflywheel/testkit/kube';
import { tofuStandinPath, tofuWorkdir } from '@gloriousflywheel/testkit/tofu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCaps } from '../src/engine/patch-caps';
import { KubeClientGateway, loadKubeConfig } from '../src/kube/client-gateway';
import type { Ars } from '../src/kube/types';
import { steppingClock } from './helpers';

const NS = 'arc-runners';
const ARS_PATH = `/apis/actions.github.com/v1alpha1/namespaces/${NS}/autoscalingrunnersets/`;
let server: KubeApiServer;
let gw: KubeClientGateway;

function seedArs(name: string, min: number, max: number) {
  server.store.create(resourceByKind('AutoscalingRunnerSet'), NS, {
    apiVersion: 'actions.github.com/v1alpha1',
    kind: 'AutoscalingRunnerSet',
    metadata: { name, namespace: NS, labels: { 'app.kubernetes.io/version': '0.14.2' } },
    spec: {
      githubConfigUrl: 'https://github.com/org',
      githubConfigSecret: 'gh',
      minRunners: min,
      maxRunners: max,
    },
  } as never);
}

beforeAll(async () => {
  server = new KubeApiServer({
    identities: [
      { token: 'reader', rules: [{ verbs: ['get', 'list'], apiGroups: ['*'], resources: ['*'] }] },
    ],
  });
  await server.start();
  server.store.create(resourceByKind('Namespace'), undefined, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: NS },
  } as never);
  gw = new KubeClientGateway(
    loadKubeConfig(kubeconfigYaml({ server: server.url, token: server.adminToken })),
  );
  seedArs('nix', 0, 5);
  seedArs('docker', 0, 20);
});
afterAll(() => server.stop());

describe('the client-node gateway on the Kubernetes fake', () => {
  it('lists and reads ARC objects', async () => {
    expect((await gw.list<Ars>('AutoscalingRunnerSet', NS)).map((a) => a.metadata.name).sort()).toEqual([
      'docker',
      'nix',
    ]);
    expect((await gw.get<Ars>('AutoscalingRunnerSet', NS, 'nix'))?.spec?.maxRunners).toBe(5);
    expect(await gw.get('AutoscalingRunnerSet', NS, 'absent')).toBeUndefined();
  });

  it('retries 409s and 500s on a fresh read, one GET per attempt', async () => {
    const before = server.requests('PATCH', `${ARS_PATH}nix`).length;
    const gets = server.requests('GET', `${ARS_PATH}nix`).length;
    server.inject({
      method: 'PATCH',
      path: `${ARS_PATH}nix`,
      status: 409,
      body: { kind: 'Status', code: 409, reason: 'Conflict' },
      times: 1,
    });
    server.inject({
      method: 'PATCH',
      path: `${ARS_PATH}nix`,
      status: 500,
      body: { kind: 'Status', code: 500 },
      times: 1,
    });
    const clock = steppingClock();
    expect(await setCaps(gw, clock, NS, 'nix', { minRunners: 0, maxRunners: 0 })).toBe('patched');
    expect(server.requests('PATCH', `${ARS_PATH}nix`).length - before).toBe(3);
    expect(server.requests('GET', `${ARS_PATH}nix`).length - gets).toBe(3);
    expect((await gw.get<Ars>('AutoscalingRunnerSet', NS, 'nix'))?.spec).toMatchObject({
      minRunners: 0,
      maxRunners: 0,
    });
    expect(await setCaps(gw, clock, NS, 'nix', { minRunners: 0, maxRunners: 0 })).toBe('unchanged');
  });

  it('sends the resourceVersion so a stale patch gets a real 409', async () => {
    const stale = (await gw.get<Ars>('AutoscalingRunnerSet', NS, 'docker'))!.metadata.resourceVersion;
    await gw.patch('AutoscalingRunnerSet', NS, 'docker', { spec: { maxRunners: 19 } });
    await expect(
      gw.patch('AutoscalingRunnerSet', NS, 'docker', { spec: { maxRunners: 18 } }, stale),
    ).rejects.toMatchObject({ code: 'KUBE_CONFLICT' });
    // unset max: a merge patch with null removes the field
    await gw.patch('AutoscalingRunnerSet', NS, 'docker', { spec: { maxRunners: null } });
    expect((await gw.get<Ars>('AutoscalingRunnerSet', NS, 'docker'))?.spec?.maxRunners).toBeUndefined();
  });

  it('creates, replaces and deletes the snapshot ConfigMap', async () => {
    await gw.putConfigMap(NS, 'snap', { a: '1' }, { x: 'y' });
    await gw.putConfigMap(NS, 'snap', { a: '2' }, { x: 'y' });
    expect((await gw.getConfigMap(NS, 'snap'))?.data).toEqual({ a: '2' });
    await gw.deleteConfigMap(NS, 'snap');
    await gw.deleteConfigMap(NS, 'snap');
    expect(await gw.getConfigMap(NS, 'snap')).toBeUndefined();
  });

  it('answers access reviews per identity', async () => {
    const check = {
      verb: 'patch',
      group: 'actions.github.com',
      resource: 'autoscalingrunnersets',
      namespace: NS,
    };
    expect(await gw.canI(check)).toBe(true);
    const reader = new KubeClientGateway(
      loadKubeConfig(kubeconfigYaml({ server: server.url, token: 'reader' })),
    );
    expect(await reader.canI(check)).toBe(false);
    expect(await reader.canI({ ...check, verb: 'list' })).toBe(true);
  });

  it('maps an unreachable server to KUBE_UNREACHABLE', async () => {
    const dead = new KubeClientGateway(
      loadKubeConfig(kubeconfigYaml({ server: 'http://127.0.0.1:9', token: 't' })),
    );
    await expect(dead.list('AutoscalingRunnerSet', NS)).rejects.toMatchObject({ code: 'KUBE_UNREACHABLE' });
  });
});

describe('the tofu stand-in', () => {
  it('plans, shows the documented JSON and applies to the cluster', async () => {
    seedArs('gpu', 0, 1);
    const dir = tofuWorkdir(
      { gpu: { min_runners: 0, max_runners: 3, labels: ['tinyland-nix-gpu'] } },
      { namespace: NS, versionLabel: '0.14.2' },
    );
    const env = {
      ...process.env,
      KUBECONFIG: writeKubeconfig(mkdtempSync(join(tmpdir(), 'kc-')), {
        server: server.url,
        token: server.adminToken,
      }),
    };
    const plan = await runProcess(
      tofuStandinPath,
      ['plan', '-input=false', '-out=p.tfplan', '-var-file=runners.tfvars'],
      { cwd: dir, env },
    );
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    const show = await runProcess(tofuStandinPath, ['show', '-json', 'p.tfplan'], { cwd: dir, env });
    const json = JSON.parse(show.stdout);
    expect(json.format_version).toBe('1.2');
    expect(json.resource_changes[0]).toMatchObject({
      address: 'kubernetes_manifest.runner_set["gpu"]',
      change: { actions: ['update'] },
    });
    expect(json.resource_changes[0].change.before.manifest.spec.maxRunners).toBe(1);
    expect(json.resource_changes[0].change.after.manifest.spec.maxRunners).toBe(3);
    const apply = await runProcess(tofuStandinPath, ['apply', '-input=false', 'p.tfplan'], { cwd: dir, env });
    expect(apply.exitCode).toBe(0);
    expect((await gw.get<Ars>('AutoscalingRunnerSet', NS, 'gpu'))?.spec).toMatchObject({
      maxRunners: 3,
      runnerScaleSetLabels: ['tinyland-nix-gpu'],
    });
    const again = await runProcess(tofuStandinPath, ['plan', '-out=q.tfplan', '-var-file=runners.tfvars'], {
      cwd: dir,
      env,
    });
    expect(again.stdout).toContain('0 to change');
    expect((await runProcess(tofuStandinPath, ['destroy'], { cwd: dir, env })).exitCode).toBe(2);
  });
});
