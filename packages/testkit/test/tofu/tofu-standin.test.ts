import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/arc/cluster';
import { CONTROLLER_DEPLOYMENT } from '../../src/arc/deployment';
import {
  setControllerVersionVar,
  tofuWorkdir,
  updateStandinConfig,
  updateTfvars,
} from '../../src/tofu/index';
import { del, spec } from '../arc/helpers';
import { applyPlan, configSecrets, planJson, summary } from './helpers';

/** The tofu stand-in's controller release, -var, -target and -destroy (issue #14's pipeline runs on them). */

let cluster: SimulatedCluster | undefined;
afterEach(async () => {
  expect(cluster?.sim.errors ?? []).toEqual([]);
  await cluster?.stop();
  cluster = undefined;
});

const POD_START = 10_000;
const VERSION = 'app.kubernetes.io/version';
const HELM = 'helm_release.arc_controller';
const SET = (name: string) => `kubernetes_manifest.runner_set["${name}"]`;

async function start(): Promise<SimulatedCluster> {
  cluster = await startSimulatedCluster({ version: '0.13', patch: 1 });
  await configSecrets(cluster, 'a', 'b');
  return cluster;
}

const deploymentPath = (c: SimulatedCluster) =>
  `/apis/apps/v1/namespaces/${c.controllerNamespace}/deployments/${CONTROLLER_DEPLOYMENT}`;
const deployment = (c: SimulatedCluster) =>
  c.store.get('Deployment', c.controllerNamespace, CONTROLLER_DEPLOYMENT);
const ars = (c: SimulatedCluster, name: string) =>
  c.store.get('AutoscalingRunnerSet', c.runnersNamespace, name);

function workdir(c: SimulatedCluster, controller?: string) {
  return tofuWorkdir(
    { a: { min_runners: 0, max_runners: 2 }, b: { min_runners: 1, max_runners: 3 } },
    { namespace: c.runnersNamespace },
    controller ? { arc_controller_version: controller } : {},
  );
}

describe('tofu stand-in: the controller release', () => {
  it('plans it first, no-op / update / create from the controller Deployment, labels the sets with its version', async () => {
    const c = await start();
    const dir = workdir(c, '0.13.1');
    const same = await planJson(dir, c.kubeconfigPath);
    expect(summary(same)).toEqual([
      [HELM, 'no-op'],
      [SET('a'), 'create'],
      [SET('b'), 'create'],
    ]);
    const release = same.resource_changes[0]!;
    expect(release).toMatchObject({ type: 'helm_release', name: 'arc_controller', mode: 'managed' });
    expect(release).not.toHaveProperty('index');
    expect(release.change.before).toEqual({
      name: 'arc',
      namespace: c.controllerNamespace,
      chart: 'gha-runner-scale-set-controller',
      version: '0.13.1',
    });
    const label = (i: number) =>
      (
        same.resource_changes[i]!.change.after as {
          manifest: { metadata: { labels: Record<string, string> } };
        }
      ).manifest.metadata.labels[VERSION];
    expect(label(1)).toBe('0.13.1');

    // -var overrides the tfvars, in both spellings; the sets follow the controller's version.
    setControllerVersionVar(dir, '0.13.1');
    const bump = await planJson(dir, c.kubeconfigPath, ['-var=arc_controller_version=0.14.2']);
    expect(summary(bump)[0]).toEqual([HELM, 'update']);
    expect(bump.resource_changes[0]!.change.before).toMatchObject({ version: '0.13.1' });
    expect(bump.resource_changes[0]!.change.after).toMatchObject({ version: '0.14.2' });
    const spaced = await planJson(dir, c.kubeconfigPath, ['-var', 'arc_controller_version=0.14.2']);
    expect(summary(spaced)[0]).toEqual([HELM, 'update']);
    expect(
      (
        spaced.resource_changes[2]!.change.after as {
          manifest: { metadata: { labels: Record<string, string> } };
        }
      ).manifest.metadata.labels[VERSION],
    ).toBe('0.14.2');

    // Without the Deployment (uninstalled), the release is created.
    expect(await del(c, deploymentPath(c))).toBe(200);
    const fresh = await planJson(dir, c.kubeconfigPath);
    expect(summary(fresh)[0]).toEqual([HELM, 'create']);
    expect(fresh.resource_changes[0]!.change.before).toBeNull();

    // Without the variable there is no release in the plan.
    setControllerVersionVar(dir, undefined);
    expect(summary(await planJson(dir, c.kubeconfigPath)).map(([a]) => a)).toEqual([SET('a'), SET('b')]);
    // Rewriting the sets keeps the variable; a configured versionLabel wins over it.
    setControllerVersionVar(dir, '0.14.2');
    updateTfvars(dir, { a: { max_runners: 4 } });
    updateStandinConfig(dir, { namespace: c.runnersNamespace, versionLabel: '0.13.9' });
    const kept = await planJson(dir, c.kubeconfigPath);
    expect(summary(kept)).toEqual([
      [HELM, 'create'],
      [SET('a'), 'create'],
    ]);
    expect(
      (
        kept.resource_changes[1]!.change.after as {
          manifest: { metadata: { labels: Record<string, string> } };
        }
      ).manifest.metadata.labels[VERSION],
    ).toBe('0.13.9');
  });

  it('-target plans the matching addresses only: exact, or every instance of an unindexed resource', async () => {
    const c = await start();
    const dir = workdir(c, '0.14.2');
    const only = (extra: string[]) => planJson(dir, c.kubeconfigPath, extra).then((p) => summary(p));
    expect(await only([`-target=${SET('a')}`])).toEqual([[SET('a'), 'create']]);
    expect(await only(['-target=kubernetes_manifest.runner_set'])).toEqual([
      [SET('a'), 'create'],
      [SET('b'), 'create'],
    ]);
    expect(await only(['-target', HELM])).toEqual([[HELM, 'update']]);
    expect(await only([`-target=${HELM}`, `-target=${SET('b')}`])).toEqual([
      [HELM, 'update'],
      [SET('b'), 'create'],
    ]);
  });

  it('-destroy deletes what exists and is targeted; the controller is uninstalled after the sets', async () => {
    const c = await start();
    const dir = tofuWorkdir(
      { a: { min_runners: 0, max_runners: 2 } },
      { namespace: c.runnersNamespace },
      { arc_controller_version: '0.13.1' },
    );
    await planJson(dir, c.kubeconfigPath);
    expect((await applyPlan(dir, c.kubeconfigPath)).exitCode).toBe(0);
    await c.arc.settle();
    expect(ars(c, 'a')).toBeDefined();
    // b is configured but was never created: nothing to destroy.
    updateTfvars(dir, { a: { min_runners: 0, max_runners: 2 }, b: { max_runners: 1 } });

    const sets = await planJson(dir, c.kubeconfigPath, [
      '-destroy',
      '-target=kubernetes_manifest.runner_set',
    ]);
    expect(summary(sets)).toEqual([[SET('a'), 'delete']]);
    expect(sets.resource_changes[0]!.change.after).toBeNull();
    expect(sets.resource_changes[0]!.change.before).toMatchObject({
      manifest: { metadata: { name: 'a', namespace: c.runnersNamespace } },
    });

    const all = await planJson(dir, c.kubeconfigPath, ['-destroy']);
    expect(summary(all)).toEqual([
      [HELM, 'delete'],
      [SET('a'), 'delete'],
    ]);
    const applied = await applyPlan(dir, c.kubeconfigPath);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout.indexOf(SET('a'))).toBeLessThan(applied.stdout.indexOf(HELM));
    expect(deployment(c)).toBeUndefined();
  });

  it('apply of an update rolls the controller Deployment to the new image; the simulator completes the rollout', async () => {
    const c = await start();
    const dir = workdir(c, '0.14.2');
    await planJson(dir, c.kubeconfigPath, [`-target=${HELM}`]);
    const applied = await applyPlan(dir, c.kubeconfigPath);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain(`${HELM}: update complete`);
    const rolled = deployment(c)!;
    expect(rolled.metadata.generation).toBe(2);
    expect(rolled.metadata.labels?.[VERSION]).toBe('0.14.2');
    const tpl = spec<{
      template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
    }>(rolled).template;
    expect(tpl.metadata.labels[VERSION]).toBe('0.14.2');
    expect(tpl.spec.containers[0]!.image).toBe('ghcr.io/actions/gha-runner-scale-set-controller:0.14.2');
    await c.arc.settle(POD_START / 2);
    expect(c.version).toBe('0.13.1');
    await c.clock.advance(POD_START);
    expect(c.version).toBe('0.14.2');
  });

  it('failApplyOf fails the apply on reaching that address, after the earlier ones', async () => {
    const c = await start();
    const dir = tofuWorkdir(
      { a: { min_runners: 0, max_runners: 2 }, b: { min_runners: 1, max_runners: 3 } },
      { namespace: c.runnersNamespace, failApplyOf: [SET('b')] },
      { arc_controller_version: '0.13.1' },
    );
    await planJson(dir, c.kubeconfigPath);
    const applied = await applyPlan(dir, c.kubeconfigPath);
    expect(applied.exitCode).toBe(1);
    expect(applied.stderr).toContain(`${SET('b')}: the stand-in was told to fail`);
    expect(ars(c, 'a')).toBeDefined();
    expect(ars(c, 'b')).toBeUndefined();
  });
});
