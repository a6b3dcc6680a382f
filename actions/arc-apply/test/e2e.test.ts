import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referencePath } from '@gloriousflywheel/testkit';
import { FAST_REAL_TIME_TIMINGS, startSimulatedCluster } from '@gloriousflywheel/testkit/arc';
import { runAction } from '@gloriousflywheel/testkit/harness';
import { CRD_DIR } from '@gloriousflywheel/testkit/kube';
import { tofuStandinPath, tofuWorkdir } from '@gloriousflywheel/testkit/tofu';
import Ajv from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { readSnapshot } from '../src/engine/snapshot';
import { KubeClientGateway, loadKubeConfig } from '../src/kube/client-gateway';
import type { Ars } from '../src/kube/types';
import { CONTROLLER, RUNNERS } from './scenario';
import { upgradeResultErrors } from './upgrade/upgrade-scenario';

const actionDir = join(import.meta.dirname, '..');
const bundle = join(actionDir, 'dist/index.js');
const missing = !existsSync(bundle);

type Cluster = Awaited<ReturnType<typeof startSimulatedCluster>>;
let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

/** A cluster on the wall clock with short controller timings, as the bundle waits in real time. */
async function realCluster() {
  cluster = await startSimulatedCluster({
    clock: 'real',
    runnersNamespace: RUNNERS,
    controllerNamespace: CONTROLLER,
    timings: FAST_REAL_TIME_TIMINGS,
  });
  await cluster.arc.addScaleSet({ name: 'nix', minRunners: 0, maxRunners: 4, labels: ['tinyland-nix'] });
  await cluster.arc.addScaleSet({
    name: 'docker',
    minRunners: 0,
    maxRunners: 4,
    labels: ['tinyland-docker'],
  });
  const gw = new KubeClientGateway(loadKubeConfig(cluster.kubeconfig));
  return { cluster, gw };
}

function inputs(c: Cluster, workdir: string) {
  return {
    kubeconfig: c.kubeconfigPath,
    'scale-sets': 'tinyland-nix\ndocker',
    'tofu-bin': tofuStandinPath,
    'working-directory': workdir,
    'var-files': 'runners.tfvars',
    grace: '1s',
    'poll-interval': '500ms',
    'prove-timeout': '60s',
    'drain-timeout': '30s',
  };
}

describe.skipIf(missing)(
  `the arc-apply bundle (${missing ? 'not built: run node scripts/build.mjs' : 'built'})`,
  () => {
    it('runs the pipeline end to end: outputs, summary and result file', async () => {
      const { cluster: c, gw } = await realCluster();
      const workdir = tofuWorkdir(
        { nix: { min_runners: 0, max_runners: 6 }, docker: { min_runners: 1, max_runners: 4 } },
        { namespace: RUNNERS },
      );
      const run = await runAction({
        actionDir,
        inputs: inputs(c, workdir),
        env: { KUBECONFIG: c.kubeconfigPath },
        timeoutMs: 120_000,
      });
      expect(run.main.exitCode, run.main.stdout + run.main.stderr).toBe(0);
      expect(run.outputs['proven']).toBe('true');
      expect(run.outputs['frozen-sets']?.split(',').sort()).toEqual([
        'arc-runners/docker',
        'arc-runners/nix',
      ]);
      expect(run.outputs['restored']?.split(',').sort()).toEqual(['docker', 'nix']);
      expect(run.summary).toContain('gantt');
      expect(run.summary).toMatch(/\| arc-runners\/docker \| 0\/4 \| 0\/0 \| 1\/4 \| yes \|/);
      expect(run.groups).toEqual(expect.arrayContaining(['preflight', 'freeze', 'drain', 'prove']));
      const result = JSON.parse(readFileSync(run.outputs['result-file']!, 'utf8'));
      expect(result.data.outcome).toBe('succeeded');
      expect(result.data.phases.map((p: { name: string }) => p.name)).toContain('apply');
      expect((await gw.get<Ars>('AutoscalingRunnerSet', RUNNERS, 'nix'))?.spec?.maxRunners).toBe(6);
      // A successful main leaves nothing for post to do.
      expect(run.post?.exitCode).toBe(0);
      expect(run.postOutputs?.['restored']).toBeUndefined();
    });

    it('when the runner dies mid-apply, the post phase restores the caps from the cluster snapshot', async () => {
      const { cluster: c, gw } = await realCluster();
      const workdir = tofuWorkdir(
        { nix: { min_runners: 0, max_runners: 6 }, docker: { min_runners: 0, max_runners: 4 } },
        { namespace: RUNNERS, killParentOnApply: true },
      );
      const run = await runAction({
        actionDir,
        inputs: inputs(c, workdir),
        env: { KUBECONFIG: c.kubeconfigPath },
        timeoutMs: 120_000,
      });
      expect(run.main.exitCode).not.toBe(0);
      expect(run.post?.exitCode, run.post?.stdout).toBe(0);
      expect(run.postOutputs?.['restored']?.split(',').sort()).toEqual(['docker', 'nix']);
      // The rollback is proven: the listeners came back with the snapshot caps.
      expect(run.postOutputs?.['rollback-proven']).toBe('true');
      expect(run.postSummary).toContain('rolled back, proven');
      expect((await gw.get<Ars>('AutoscalingRunnerSet', RUNNERS, 'nix'))?.spec).toMatchObject({
        minRunners: 0,
        maxRunners: 4,
      });
      expect(await readSnapshot(gw, RUNNERS)).toBeUndefined();
    });

    it('pauses and resumes through the bundle: idempotent both ways, the listeners proven on resume', async () => {
      const { cluster: c, gw } = await realCluster();
      const caps = async (name: string) =>
        (await gw.get<Ars>('AutoscalingRunnerSet', RUNNERS, name))?.spec?.maxRunners;
      const step = (mode: string) =>
        runAction({
          actionDir,
          inputs: { ...inputs(c, '.'), mode, 'scale-sets': 'tinyland-nix' },
          env: { KUBECONFIG: c.kubeconfigPath },
          timeoutMs: 120_000,
        });
      const paused = await step('pause');
      expect(paused.main.exitCode, paused.main.stdout + paused.main.stderr).toBe(0);
      expect(paused.outputs['frozen-sets']).toBe('arc-runners/nix');
      expect(paused.summary).toMatch(/ARC pause: succeeded/);
      expect(paused.summary).toMatch(/\| arc-runners\/nix \| paused \| 0\/4 \| 0\/0 \|/);
      expect(await caps('nix')).toBe(0);
      expect(await caps('docker')).toBe(4);
      expect(paused.post?.exitCode).toBe(0);
      // The pause outlives the job: its post phase does not undo it.
      expect(await caps('nix')).toBe(0);

      const again = await step('pause');
      expect(again.main.exitCode).toBe(0);
      expect(again.summary).toMatch(/\| arc-runners\/nix \| already-paused \|/);

      const resumed = await step('resume');
      expect(resumed.main.exitCode, resumed.main.stdout + resumed.main.stderr).toBe(0);
      expect(resumed.outputs).toMatchObject({ restored: 'nix', proven: 'true' });
      expect(resumed.summary).toMatch(/\| arc-runners\/nix \| resumed \| 0\/4 \| 0\/0 \| yes \|/);
      const result = JSON.parse(readFileSync(resumed.outputs['result-file']!, 'utf8'));
      expect(result.data).toMatchObject({ mode: 'resume', outcome: 'succeeded', proof: { proven: true } });
      expect(await caps('nix')).toBe(4);

      const noop = await step('resume');
      expect(noop.main.exitCode).toBe(0);
      expect(noop.summary).toMatch(/\| arc-runners\/nix \| not-paused \|/);
    });

    it('doctor through the bundle: finds, repairs with fix: true, writes JUnit and a result the schema accepts', async () => {
      const { cluster: c } = await realCluster();
      c.arc.runnerPodRejected('docker');
      c.arc.enqueueJob({ scaleSet: 'docker', durationMs: 60_000 });
      const piled = await c.arc.pileUpPods(RUNNERS, 3, { phase: 'Succeeded', ageMs: 3 * 60 * 60_000 });
      const failed = async () =>
        c.store
          .list('EphemeralRunner', RUNNERS)
          .filter((r) => (r.status as { phase?: string })?.phase === 'Failed').length;
      for (let i = 0; i < 100 && (await failed()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await failed()).toBeGreaterThan(0);
      const run = await runAction({
        actionDir,
        inputs: { kubeconfig: c.kubeconfigPath, mode: 'doctor', fix: 'true', 'fail-on': 'none', grace: '1s' },
        env: { KUBECONFIG: c.kubeconfigPath },
        timeoutMs: 120_000,
      });
      expect(run.main.exitCode, run.main.stdout + run.main.stderr).toBe(0);
      expect(Number(run.outputs['repaired'])).toBeGreaterThanOrEqual(piled.length + 1);
      expect(run.summary).toMatch(/ARC fleet doctor: /);
      expect(readFileSync(run.outputs['junit-file']!, 'utf8').match(/<testcase /g)).toHaveLength(17);
      const result = JSON.parse(readFileSync(run.outputs['result-file']!, 'utf8'));
      const schema = JSON.parse(
        readFileSync(join(actionDir, 'schemas/doctor-result.v1.schema.json'), 'utf8'),
      );
      const validate = new Ajv({ strict: true, validateFormats: false }).compile(schema);
      expect(validate(result.data), JSON.stringify(validate.errors)).toBe(true);
      expect(result.data.repairs.filter((r: { outcome: string }) => r.outcome === 'done').length).toBe(
        Number(run.outputs['repaired']),
      );
      for (const pod of piled) expect(c.store.get('Pod', RUNNERS, pod)).toBeUndefined();
    });

    it.skipIf(!referencePath(CRD_DIR))(
      'upgrades the controller 0.13.1 → 0.14.2 through the bundle: outputs, summary, a result the schema accepts',
      async () => {
        cluster = await startSimulatedCluster({
          clock: 'real',
          version: '0.13',
          patch: 1,
          runnersNamespace: RUNNERS,
          controllerNamespace: CONTROLLER,
          timings: FAST_REAL_TIME_TIMINGS,
        });
        const c = cluster;
        await c.arc.addScaleSet({ name: 'nix', minRunners: 0, maxRunners: 4 });
        const workdir = tofuWorkdir(
          { nix: { min_runners: 0, max_runners: 4 } },
          { namespace: RUNNERS, controllerNamespace: CONTROLLER, crdsDir: referencePath(CRD_DIR)! },
          { arc_controller_version: '0.14.2' },
        );
        const run = await runAction({
          actionDir,
          inputs: {
            kubeconfig: c.kubeconfigPath,
            mode: 'upgrade',
            'tofu-bin': tofuStandinPath,
            'working-directory': workdir,
            'var-files': 'runners.tfvars',
            'crds-dir': referencePath(CRD_DIR)!,
            grace: '1s',
            'poll-interval': '300ms',
            'prove-timeout': '60s',
          },
          env: { KUBECONFIG: c.kubeconfigPath },
          timeoutMs: 180_000,
        });
        expect(run.main.exitCode, run.main.stdout + run.main.stderr).toBe(0);
        expect(run.outputs['controller-version']).toBe('0.14.2');
        expect(run.outputs['proven']).toBe('true');
        expect(run.summary).toContain('ARC controller upgrade 0.13.1 → 0.14.2: succeeded');
        expect(run.summary).toContain('gantt');
        expect(run.summary).toMatch(
          /\| arc-runners\/nix \| 0\.13\.1 0\/4 \| frozen 0\/0, removed \| 0\.14\.2 0\/4 \| yes \|/,
        );
        const result = JSON.parse(readFileSync(run.outputs['result-file']!, 'utf8'));
        expect(upgradeResultErrors(result.data)).toBeUndefined();
        expect(result.data.phases.map((p: { name: string }) => p.name)).toContain('install-controller');
        expect(c.version).toBe('0.14.2');
      },
    );

    it('resume with nothing paused fails with RESUME_NO_SNAPSHOT in the result file', async () => {
      const { cluster: c } = await realCluster();
      await c.arc.addScaleSet({ name: 'off', minRunners: 0, maxRunners: 0 });
      const run = await runAction({
        actionDir,
        inputs: { ...inputs(c, '.'), mode: 'resume', 'scale-sets': 'off' },
        env: { KUBECONFIG: c.kubeconfigPath },
        timeoutMs: 60_000,
      });
      expect(run.main.exitCode).toBe(1);
      const result = JSON.parse(readFileSync(run.outputs['result-file']!, 'utf8'));
      expect(result.error.code).toBe('RESUME_NO_SNAPSHOT');
      expect(run.main.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
    });

    it('fails with KUBE_UNREACHABLE in the result file when the cluster is unreachable', async () => {
      const { cluster: c } = await realCluster();
      const bad = c.kubeconfig.replace(c.url, 'http://127.0.0.1:9');
      // The files the run reads are checked before the cluster: give it real ones.
      const workdir = tofuWorkdir({ nix: { min_runners: 0, max_runners: 6 } }, { namespace: RUNNERS });
      const run = await runAction({
        actionDir,
        inputs: { ...inputs(c, workdir), kubeconfig: bad },
        timeoutMs: 60_000,
      });
      expect(run.main.exitCode).toBe(1);
      const result = JSON.parse(readFileSync(run.outputs['result-file']!, 'utf8'));
      expect(result.error.code).toBe('KUBE_UNREACHABLE');
      // The kubeconfig is a secret input: its token is masked on its own, and nothing but the
      // ::add-mask:: commands (which the runner consumes) carries it.
      expect(run.masks).toContain(c.token);
      const shown = run.main.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
      expect(shown.join('\n')).toContain('KUBE_UNREACHABLE');
      expect(shown.join('\n')).not.toContain(c.token);
    });
  },
);
