import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeApiServer, resourceByKind, writeKubeconfig } from '../../src/kube/index';
import { CRD_DIR } from '../../src/kube/validation';
import { referenceMissingReason, referencePath } from '../../src/reference';
import { tempDirs } from '../../src/temp-dirs';
import { tofuWorkdir } from '../../src/tofu/index';
import { applyPlan, planJson, summary } from './helpers';

/** Helm installs a chart's crds/ only when they are missing; it never upgrades or deletes them. */

const crdsDir = referencePath(CRD_DIR);
const dirs = tempDirs('tofu-crds');
let server: KubeApiServer;
let kubeconfig: string;
const CRD = resourceByKind('CustomResourceDefinition');
const DEPLOYMENT = resourceByKind('Deployment');

beforeAll(async () => {
  server = new KubeApiServer();
  await server.start();
  server.store.create(resourceByKind('Namespace'), undefined, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'arc-systems' },
  } as never);
  kubeconfig = writeKubeconfig(dirs.make(), { server: server.url, token: server.adminToken });
});
afterAll(async () => {
  await server.stop();
  dirs.cleanup();
});

describe.skipIf(!crdsDir)(
  `tofu stand-in: CRDs on install (${crdsDir ? CRD_DIR : referenceMissingReason(CRD_DIR)})`,
  () => {
    it('installs the missing CRDs with the controller, leaves present ones alone, keeps them on uninstall', async () => {
      const files = readdirSync(crdsDir!).filter((f) => f.endsWith('.yaml'));
      expect(files.length).toBe(4);
      const dir = tofuWorkdir({}, { crdsDir: crdsDir! }, { arc_controller_version: '0.14.2' });
      expect(summary(await planJson(dir, kubeconfig))).toEqual([['helm_release.arc_controller', 'create']]);
      const first = await applyPlan(dir, kubeconfig);
      expect(first.exitCode).toBe(0);
      const installed = server.store.list(CRD).map((o) => o.metadata.name!);
      expect(installed.sort()).toEqual([
        'autoscalinglisteners.actions.github.com',
        'autoscalingrunnersets.actions.github.com',
        'ephemeralrunners.actions.github.com',
        'ephemeralrunnersets.actions.github.com',
      ]);
      const deployment = server.store.get(DEPLOYMENT, 'arc-systems', 'arc-gha-rs-controller');
      expect(deployment?.metadata.labels?.['app.kubernetes.io/version']).toBe('0.14.2');
      expect(
        (deployment!.spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec
          .containers[0]!.args,
      ).toContain('--update-strategy=immediate');

      // Uninstall: the Deployment goes, the CRDs stay.
      const destroy = await planJson(dir, kubeconfig, ['-destroy']);
      expect(summary(destroy)).toEqual([['helm_release.arc_controller', 'delete']]);
      expect((await applyPlan(dir, kubeconfig)).exitCode).toBe(0);
      expect(server.store.list(DEPLOYMENT, { namespace: 'arc-systems' })).toEqual([]);
      expect(server.store.list(CRD)).toHaveLength(4);

      // One CRD removed by hand: the next install creates that one only; the others keep their uid.
      const uids = new Map(server.store.list(CRD).map((o) => [o.metadata.name!, o.metadata.uid!]));
      server.store.delete(CRD, undefined, 'ephemeralrunners.actions.github.com');
      await planJson(dir, kubeconfig);
      const again = await applyPlan(dir, kubeconfig);
      expect(again.exitCode).toBe(0);
      expect(again.stdout.match(/CRD \S+ installed/g)).toEqual([
        'CRD ephemeralrunners.actions.github.com installed',
      ]);
      for (const crd of server.store.list(CRD)) {
        if (crd.metadata.name === 'ephemeralrunners.actions.github.com') {
          expect(crd.metadata.uid).not.toBe(uids.get(crd.metadata.name));
        } else expect(crd.metadata.uid).toBe(uids.get(crd.metadata.name!));
      }
    });
  },
);
