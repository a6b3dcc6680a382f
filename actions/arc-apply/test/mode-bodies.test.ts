/**
 * Each mode's body through the shared runner, on the simulator's gateway and clock (the runtime
 * seam `mainWith`/`postWith`): inputs in, outputs, summary, result envelope and state out.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '@gloriousflywheel/testkit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../src/engine/clock';
import { readSnapshot, writeSnapshot } from '../src/engine/snapshot';
import { action } from '../src/index';
import type { Ars } from '../src/kube/types';
import type { RawInputs } from './helpers';
import { actionOn, runMode } from './run-mode';
import { CONTROLLER, RUNNERS, scenario } from './scenario';

type S = Awaited<ReturnType<typeof scenario>>;
let current: S | undefined;
const dirs = tempDirs('arc-apply-mode');
afterEach(async () => {
  await current?.cluster.stop();
  current = undefined;
});
afterAll(() => dirs.cleanup());

async function setup(...args: Parameters<typeof scenario>) {
  current = await scenario(...args);
  return current;
}

/** The inputs every run gives: the scenario's namespaces and tofu workdir, a short poll. */
function inputsFor(s: S, more: RawInputs = {}): RawInputs {
  return {
    kubeconfig: s.cluster.kubeconfigPath,
    'runners-namespace': RUNNERS,
    'controller-namespace': CONTROLLER,
    'working-directory': s.workdir,
    'var-files': 'runners.tfvars',
    ...more,
  };
}

const onSimulator = (s: S, clock: Clock = s.clock) => actionOn({ gateway: s.gw, clock });

describe('mode apply', () => {
  it('runs the pipeline and writes every output, the summary and the report; post has nothing to undo', async () => {
    const s = await setup([{ name: 'nix', max: 4, labels: ['tinyland-nix'] }], {
      targets: { nix: { min_runners: 0, max_runners: 6 } },
    });
    const { tofuStandinPath } = await import('@gloriousflywheel/testkit/tofu');
    await s.cluster.arc.leakIdleRunners('nix', 1);
    await s.cluster.arc.settle(30_000);
    const dir = dirs.make();
    const inputs = inputsFor(s, { 'scale-sets': 'tinyland-nix', 'tofu-bin': tofuStandinPath });
    const main = await runMode(onSimulator(s), 'main', inputs, dir);
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs).toMatchObject({
      proven: 'true',
      'frozen-sets': 'arc-runners/nix',
      restored: 'nix',
      'reaped-runners': '1',
    });
    expect(main.summary).toContain('ARC apply: succeeded');
    expect(main.summary).toMatch(/\| arc-runners\/nix \| 0\/4 \| 0\/0 \| 0\/6 \| yes \|/);
    expect(main.data).toMatchObject({ mode: 'apply', outcome: 'succeeded', applied: true });
    expect((await s.caps('nix')).max).toBe(6);

    const post = await runMode(onSimulator(s), 'post', inputs, dir);
    expect(post.exitCode).toBe(0);
    expect(post.data).toEqual({ rolledBack: false });
    expect(post.outputs['restored']).toBeUndefined();
  });

  it('when main dies after the freeze, post restores the caps from the snapshot its run left', async () => {
    const s = await setup([{ name: 'nix', min: 1, max: 4 }]);
    const { tofuStandinPath } = await import('@gloriousflywheel/testkit/tofu');
    s.cluster.arc.enqueueJob({ scaleSet: 'nix', repository: 'org/long', durationMs: 60 * 60_000 });
    await s.cluster.arc.settle(30_000);
    // Once the snapshot is in the cluster, the next wait (the drain) never returns: the runner died.
    let died = false;
    const dying: Clock = {
      now: () => s.clock.now(),
      sleep: async (ms) => {
        if (await readSnapshot(s.gw, RUNNERS)) {
          died = true;
          return new Promise<void>(() => {});
        }
        return s.clock.sleep(ms);
      },
    };
    const dir = dirs.make();
    const inputs = inputsFor(s, { 'scale-sets': 'nix', 'tofu-bin': tofuStandinPath });
    void runMode(onSimulator(s, dying), 'main', inputs, dir);
    for (let i = 0; i < 400 && !died; i++) await new Promise((r) => setTimeout(r, 50));
    expect(died).toBe(true);
    expect(await s.caps('nix')).toEqual({ min: 0, max: 0 });

    const post = await runMode(onSimulator(s), 'post', inputs, dir);
    expect(post.exitCode, post.log).toBe(0);
    expect(post.outputs['restored']).toBe('nix');
    expect(post.summary).toContain('ARC apply post: caps rolled back');
    expect(post.log).toContain('post: main did not finish; restored 1 scale set(s)');
    expect(await s.caps('nix')).toEqual({ min: 1, max: 4 });
    expect(await readSnapshot(s.gw, RUNNERS)).toBeUndefined();
  });

  it('is the only mode with a post phase', async () => {
    const withPost = [];
    for (const [mode, load] of Object.entries(action.modes)) if ((await load()).post) withPost.push(mode);
    expect(withPost).toEqual(['apply']);
  });
});

describe('mode restore', () => {
  it('puts back the caps of any run’s snapshot, then finds nothing more to do', async () => {
    const s = await setup([{ name: 'nix', min: 1, max: 4 }]);
    await writeSnapshot(s.gw, RUNNERS, {
      version: 1,
      runId: 'dead-run',
      createdAt: s.clock.now().toISOString(),
      sets: [{ namespace: RUNNERS, name: 'nix', minRunners: 1, maxRunners: 4 }],
    });
    await s.gw.patch<Ars>('AutoscalingRunnerSet', RUNNERS, 'nix', { spec: { minRunners: 0, maxRunners: 0 } });
    const first = await runMode(onSimulator(s), 'main', inputsFor(s, { mode: 'restore' }), dirs.make());
    expect(first.exitCode, first.log).toBe(0);
    expect(first.outputs['restored']).toBe('nix');
    expect(first.summary).toContain('ARC caps restored from snapshot');
    expect(first.summary).toMatch(/\| arc-runners\/nix \| 1\/4 \| patched \|/);
    expect(await s.caps('nix')).toEqual({ min: 1, max: 4 });

    const again = await runMode(onSimulator(s), 'main', inputsFor(s, { mode: 'restore' }), dirs.make());
    expect(again.exitCode).toBe(0);
    expect(again.outputs['restored']).toBe('');
    expect(again.log).toContain('no cap snapshot in the cluster: nothing to restore');
  });
});

describe('mode restore, proven', () => {
  it('fails with PROOF_FAILED naming the set whose listener did not come back; the caps are back', async () => {
    const s = await setup([{ name: 'nix', min: 1, max: 4 }]);
    await writeSnapshot(s.gw, RUNNERS, {
      version: 1,
      runId: 'dead-run',
      createdAt: s.clock.now().toISOString(),
      sets: [{ namespace: RUNNERS, name: 'nix', minRunners: 1, maxRunners: 4 }],
    });
    await s.gw.patch<Ars>('AutoscalingRunnerSet', RUNNERS, 'nix', { spec: { minRunners: 0, maxRunners: 0 } });
    await s.cluster.arc.settle(60_000);
    // The listener keeps the frozen caps from now on: the controller never recreates it.
    s.cluster.arc.stickListenerCaps('nix');
    const run = await runMode(onSimulator(s), 'main', inputsFor(s, { mode: 'restore' }), dirs.make());
    expect(run.exitCode).toBe(1);
    expect(run.error?.code).toBe('PROOF_FAILED');
    expect(run.error?.message).toContain('the listeners of 1 set(s) did not come back');
    expect(run.error?.message).toContain('nix: stable drift');
    expect(run.outputs).toMatchObject({ restored: 'nix', 'rollback-proven': 'false' });
    expect(run.summary).toContain('rolled back, not proven: the listeners of nix did not come back');
    expect(await s.caps('nix')).toEqual({ min: 1, max: 4 });
  });
});

describe('modes pause and resume', () => {
  it('need scale-sets, refused with INPUT_INVALID', async () => {
    const s = await setup([{ name: 'nix', max: 4 }]);
    for (const mode of ['pause', 'resume']) {
      const run = await runMode(onSimulator(s), 'main', inputsFor(s, { mode }), dirs.make());
      expect(run.error).toMatchObject({ code: 'INPUT_INVALID', message: `mode ${mode} needs scale-sets` });
    }
  });

  it('a dry-run pause shows what it would freeze and changes nothing', async () => {
    const s = await setup([{ name: 'nix', max: 4 }]);
    const before = s.cluster.server.log.length;
    const run = await runMode(
      onSimulator(s),
      'main',
      inputsFor(s, { mode: 'pause', 'scale-sets': 'nix', 'dry-run': 'true' }),
      dirs.make(),
    );
    expect(run.exitCode, run.log).toBe(0);
    expect(run.summary).toContain('ARC pause (dry run)');
    expect(run.summary).toMatch(/\| arc-runners\/nix \| would-pause \| – \| 0\/0 \|/);
    const writes = s.cluster.server.log
      .slice(before)
      .filter((r) => r.method !== 'GET' && !r.path.includes('accessreviews'));
    expect(writes).toEqual([]);
    expect(await s.caps('nix')).toEqual({ min: 0, max: 4 });
  });
});

describe('mode drift', () => {
  it('reads targets by the path rule, writes drift-worst and the summary, and fails at fail-on', async () => {
    const s = await setup([
      { name: 'nix', max: 4 },
      { name: 'docker', max: 4 },
    ]);
    // An absolute targets file outside the working directory stays where it is.
    const elsewhere = join(dirs.make(), 'targets.yaml');
    writeFileSync(elsewhere, 'nix: {minRunners: 0, maxRunners: 4}\ndocker: {minRunners: 0, maxRunners: 8}\n');
    const failing = await runMode(
      onSimulator(s),
      'main',
      inputsFor(s, { mode: 'drift', 'targets-file': elsewhere }),
      dirs.make(),
    );
    expect(failing.exitCode).toBe(1);
    expect(failing.error?.code).toBe('CHECK_FAILED');
    expect(failing.outputs['drift-worst']).toBe('high');
    expect(failing.summary).toContain('ARC drift: worst high');
    expect(failing.summary).toMatch(/\| docker \| high \| caps-differ \|/);

    // A relative one resolves against working-directory; at fail-on critical the same drift passes.
    writeFileSync(
      join(s.workdir, 'targets.yaml'),
      'nix: {minRunners: 0, maxRunners: 4}\ndocker: {minRunners: 0, maxRunners: 8}\n',
    );
    const passing = await runMode(
      onSimulator(s),
      'main',
      inputsFor(s, { mode: 'drift', 'targets-file': 'targets.yaml', 'fail-on': 'critical' }),
      dirs.make(),
    );
    expect(passing.exitCode, passing.log).toBe(0);
    expect(passing.outputs['drift-worst']).toBe('high');
    expect(passing.data).toMatchObject({ mode: 'drift', worst: 'high', counts: { high: 1 } });
  });
});

describe('mode audit', () => {
  it('reports each shared label’s real capacity in the summary and the result', async () => {
    const s = await setup([
      { name: 'nix-org-a', max: 16, labels: ['tinyland-nix'] },
      { name: 'nix-org-b', max: 8, labels: ['tinyland-nix'] },
    ]);
    const run = await runMode(onSimulator(s), 'main', inputsFor(s, { mode: 'audit' }), dirs.make());
    expect(run.exitCode, run.log).toBe(0);
    expect(run.summary).toContain('ARC shared-label capacity audit');
    expect(run.summary).toMatch(/\| tinyland-nix \| nix-org-a, nix-org-b \| 24 \|/);
    expect(run.data).toMatchObject({ mode: 'audit' });
  });
});

describe('mode warm-pool', () => {
  it('needs a schedule and scale sets, each refused with INPUT_INVALID', async () => {
    const s = await setup([{ name: 'nix', max: 4 }]);
    const noSchedule = await runMode(
      onSimulator(s),
      'main',
      inputsFor(s, { mode: 'warm-pool', 'scale-sets': 'nix' }),
      dirs.make(),
    );
    expect(noSchedule.error).toMatchObject({
      code: 'INPUT_INVALID',
      message: 'mode warm-pool needs warm-pool-schedule or warm-pool-plan',
    });
    const noSets = await runMode(
      onSimulator(s),
      'main',
      inputsFor(s, { mode: 'warm-pool', 'warm-pool-schedule': '0 13 * * 1-5 => 1' }),
      dirs.make(),
    );
    expect(noSets.error).toMatchObject({ code: 'INPUT_INVALID', message: 'mode warm-pool needs scale-sets' });
  });

  it('sets minRunners from the schedule and says so in the summary', async () => {
    const s = await setup([{ name: 'nix', max: 4 }]);
    // The simulated clock starts Monday 12:00 UTC; the pool switches on at 13:00.
    await s.cluster.clock.advance(65 * 60_000);
    const run = await runMode(
      onSimulator(s),
      'main',
      inputsFor(s, {
        mode: 'warm-pool',
        'scale-sets': 'nix',
        'warm-pool-schedule': '0 13 * * 1-5 => 1\n0 1 * * * => 0',
      }),
      dirs.make(),
    );
    expect(run.exitCode, run.log).toBe(0);
    expect(run.summary).toContain('Warm pool: minRunners 1');
    expect(run.summary).toMatch(/\| nix \| 0 \| 1 \| patched \|/);
    expect(await s.caps('nix')).toEqual({ min: 1, max: 4 });
  });
});

describe('the kubeconfig written for tofu (issue 11, finding 12)', () => {
  /** Every file under a folder, with its content. */
  function files(dir: string): { path: string; text: string }[] {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  }

  it('is there while tofu runs and gone when main ends: no file with the token stays', async () => {
    const s = await setup([{ name: 'nix', max: 4, labels: ['tinyland-nix'] }], {
      targets: { nix: { min_runners: 0, max_runners: 6 } },
    });
    const { tofuStandinPath } = await import('@gloriousflywheel/testkit/tofu');
    const dir = dirs.make();
    // Content, not a path: this is what the action writes to a file of its own for tofu.
    const inputs = inputsFor(s, {
      kubeconfig: s.cluster.kubeconfig,
      'scale-sets': 'tinyland-nix',
      'tofu-bin': tofuStandinPath,
    });
    const main = await runMode(onSimulator(s), 'main', inputs, dir);
    expect(main.exitCode, main.log).toBe(0);
    // tofu applied through the file (the stand-in reaches the cluster only through KUBECONFIG).
    expect((await s.caps('nix')).max).toBe(6);
    const left = files(dir);
    expect(left.length).toBeGreaterThan(0);
    expect(left.filter((f) => f.path.endsWith('/kubeconfig')).map((f) => f.path)).toEqual([]);
    expect(left.filter((f) => f.text.includes(s.cluster.token)).map((f) => f.path)).toEqual([]);
  });

  it('is removed by post when main was killed before it could', async () => {
    const s = await setup([{ name: 'nix', max: 4 }]);
    const { tofuStandinPath } = await import('@gloriousflywheel/testkit/tofu');
    const dir = dirs.make();
    const inputs = inputsFor(s, {
      kubeconfig: s.cluster.kubeconfig,
      'scale-sets': 'nix',
      'tofu-bin': tofuStandinPath,
    });
    // Main makes the run's temp folder (post finds it through the state); plant in it what a main
    // killed while tofu ran would have left.
    const main = await runMode(onSimulator(s), 'main', { ...inputs, 'dry-run': 'true' }, dir);
    expect(main.exitCode, main.log).toBe(0);
    const runTemps = readdirSync(join(dir, 'flywheel')).filter((n) => n.startsWith('arc-apply-'));
    expect(runTemps).toHaveLength(1);
    const planted = join(dir, 'flywheel', runTemps[0]!, 'kubeconfig');
    writeFileSync(planted, s.cluster.kubeconfig, { mode: 0o600 });
    const post = await runMode(onSimulator(s), 'post', { ...inputs, 'dry-run': 'true' }, dir);
    expect(post.exitCode, post.log).toBe(0);
    expect(existsSync(planted)).toBe(false);
  });
});
