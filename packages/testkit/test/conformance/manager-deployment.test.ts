/**
 * The conformance fleet's Deployment controller for ARC's manager, on the real API server, in
 * `npm test`: the release the controller Deployment names runs, and its status says so, whoever
 * writes the Deployment. ARC's manager itself runs only in the conformance suites; here each
 * release's "manager" is a script that prints the image it was given and waits, as the manager
 * would run until stopped.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controllerDeployment } from '../../src/arc/deployment';
import { type ArcRelease, ManagerDeployment } from '../../src/conformance/manager-deployment';
import type { KubeObject } from '../../src/kube/index';
import { type RealKube, startRealKube } from '../../src/kube-real/index';
import { RestClient } from '../../src/kube-real/rest-client';

const NS = 'manager-controller';
const PATH = `/apis/apps/v1/namespaces/${NS}/deployments`;
let kube: RealKube;
let rest: RestClient;
let controller: ManagerDeployment;
let dir: string;

beforeAll(async () => {
  kube = await startRealKube({ arcCrds: false });
  rest = new RestClient(kube.url, kube.caPem, kube.tokenOf());
  await kube.createNamespace(NS);
  dir = mkdtempSync(join(tmpdir(), 'manager-deployment-'));
  const script = join(dir, 'manager');
  writeFileSync(
    script,
    '#!/bin/sh\necho "manager for $CONTROLLER_MANAGER_CONTAINER_IMAGE"\nexec sleep 600\n',
  );
  chmodSync(script, 0o755);
  const release = (version: string): [string, ArcRelease] => [
    version,
    { version, manager: script, listener: '/nonexistent/ghalistener' },
  ];
  controller = new ManagerDeployment({
    rest,
    namespace: NS,
    kubeconfig: kube.kubeconfig(),
    releases: new Map([release('0.13.1'), release('0.14.2')]),
  });
  controller.start();
}, 300_000);

afterAll(async () => {
  await controller?.stop();
  rest?.close();
  await kube?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within 30 s (${controller.lastError ?? 'no error'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function deployment(): Promise<KubeObject> {
  const got = await rest.call('GET', `${PATH}/arc-gha-rs-controller`);
  expect(got.status).toBe(200);
  return got.body as KubeObject;
}

const available = (d: KubeObject) =>
  (d.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.find(
    (c) => c.type === 'Available',
  )?.status;

/** A `helm upgrade` of the controller chart: the template's version label and image move. */
async function helmUpgrade(version: string): Promise<void> {
  const template = controllerDeployment(version, 'immediate', NS);
  const answer = await rest.call(
    'PATCH',
    `${PATH}/arc-gha-rs-controller`,
    { metadata: { labels: template.metadata.labels }, spec: { template: template.spec.template } },
    'application/merge-patch+json',
  );
  expect(answer.status).toBe(200);
}

describe('the conformance fleet runs the manager its controller Deployment names', () => {
  it('installed: that release runs, with the Deployment’s env, and the Deployment is available', async () => {
    const made = await rest.call('POST', PATH, controllerDeployment('0.13.1', 'immediate', NS));
    expect(made.status).toBe(201);
    await until('0.13.1 running', () => controller.version() === '0.13.1');
    await until('reported available', async () => available(await deployment()) === 'True');
    expect((await deployment()).status).toMatchObject({ observedGeneration: 1, availableReplicas: 1 });
    await until('the manager printed its image', () => controller.output().includes('controller:0.13.1'));
  });

  it('helm upgrade: the old manager stops, the new one runs, status observed at the new generation', async () => {
    await helmUpgrade('0.14.2');
    await until('0.14.2 running', () => controller.version() === '0.14.2');
    await until(
      'generation 2 observed',
      async () => (await deployment()).status?.['observedGeneration'] === 2,
    );
    expect(available(await deployment())).toBe('True');
  });

  it('a release with no binary here stays unavailable, as an image that cannot be pulled', async () => {
    await helmUpgrade('0.14.99');
    await until('no manager running', () => controller.version() === undefined);
    await until('reported unavailable', async () => available(await deployment()) === 'False');
    await helmUpgrade('0.14.2');
    await until('0.14.2 running again', () => controller.version() === '0.14.2');
  });

  it('an outage stops the manager until it ends; helm uninstall stops it for good', async () => {
    await controller.pause();
    expect(controller.version()).toBeUndefined();
    await until('unavailable during the outage', async () => available(await deployment()) === 'False');
    controller.resume();
    await until('back after the outage', () => controller.version() === '0.14.2');
    await until('available again', async () => available(await deployment()) === 'True');
    const gone = await rest.call('DELETE', `${PATH}/arc-gha-rs-controller`);
    expect(gone.status).toBe(200);
    await until('stopped once uninstalled', () => controller.version() === undefined);
  });
});
