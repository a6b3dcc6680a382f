import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { action as arcApply } from '@gloriousflywheel/arc-apply';

import { type Ars, KubeClientGateway, loadKubeConfig } from '@gloriousflywheel/arc-apply/kube';
import { runActionPhase } from '@gloriousflywheel/shared';
import { demoFleet, type SimulatedCluster } from '@gloriousflywheel/testkit/arc';
import { arcApplyOnDemoCluster, type DemoIo } from './demo';
import { demoOptions } from './flags';
import { sleepReal, until } from './wait';

const HOUR = 60 * 60_000;

/** Runs arc-apply's doctor mode once against the demo cluster, as a terminal user would. */
async function doctorPass(
  cluster: SimulatedCluster,
  workdir: string,
  io: DemoIo,
  flags: Record<string, string>,
): Promise<number> {
  const platform = arcApplyOnDemoCluster(cluster, workdir, io, {
    mode: 'doctor',
    grace: '2s',
    // The doctor judges ages by its own clock, so the demo fleet runs in real time (speed 1) and
    // the thresholds are seconds.
    'stuck-after': '5s',
    ...flags,
  });
  return (await runActionPhase(arcApply, 'main', { platform })).exitCode;
}

/** What the operator does for an Outdated set: a supported runner image (any spec change recreates the set). */
async function newRunnerImage(cluster: SimulatedCluster, name: string, image: string): Promise<void> {
  const gw = new KubeClientGateway(loadKubeConfig(cluster.kubeconfig));
  const ars = await gw.get<Ars>('AutoscalingRunnerSet', cluster.runnersNamespace, name);
  const template = structuredClone(ars?.spec?.template ?? {}) as {
    spec?: { containers?: { name: string; image?: string }[] };
  };
  for (const c of template.spec?.containers ?? []) if (c.name === 'runner') c.image = image;
  await gw.patch('AutoscalingRunnerSet', cluster.runnersNamespace, name, { spec: { template } });
}

/** Registered runners of a set without a job: what a node loss can leave stuck terminating. */
function idleRegistered(cluster: SimulatedCluster, set: string): number {
  return cluster.store
    .list('EphemeralRunner', cluster.runnersNamespace)
    .filter((r) => r.metadata.name?.startsWith(`${set}-`) && !r.metadata.deletionTimestamp)
    .filter((r) => {
      const st = (r.status ?? {}) as { runnerId?: number; jobId?: string; phase?: string };
      return (st.runnerId ?? 0) > 0 && !st.jobId && st.phase === 'Running';
    }).length;
}

function runnerSetsOf(cluster: SimulatedCluster, set: string): number {
  return cluster.store
    .list('EphemeralRunnerSet', cluster.runnersNamespace)
    .filter((e) =>
      e.metadata.ownerReferences?.some((o) => o.kind === 'AutoscalingRunnerSet' && o.name === set),
    ).length;
}

function outdatedSets(cluster: SimulatedCluster): string[] {
  return cluster.store
    .list('AutoscalingRunnerSet')
    .filter((a) => (a.status as { phase?: string } | undefined)?.phase === 'Outdated')
    .map((a) => a.metadata.name!);
}

/**
 * `flywheel demo --scenario doctor`: the simulated fleet made sick the ways ARC fleets get sick
 * (an Outdated set, Failed and stuck runners, a left-over listener, piled-up pods), diagnosed
 * read-only; the causes only an operator can remove removed by hand (a new runner image, the
 * admission policy); the rest repaired with `fix: true`; and diagnosed healthy.
 */
export async function runDoctorDemo(
  args: string[],
  flags: Record<string, string>,
  io: DemoIo,
): Promise<number> {
  demoOptions(args, flags);
  io.stderr('Starting a simulated ARC cluster (controller 0.14, in real time)…\n');
  const cluster = await demoFleet({ speed: 1, validateCrds: false });
  const workdir = mkdtempSync(join(tmpdir(), 'flywheel-demo-'));
  const arc = cluster.arc;
  try {
    await sleepReal(2000);
    io.stderr('\nMaking the fleet sick:\n');
    io.stderr('- tinyland-dind: its runners exit with code 7 (runner version too old) → Outdated\n');
    arc.runnerOutdated('tinyland-dind');
    arc.enqueueJob({ scaleSet: 'tinyland-dind', durationMs: 30_000 });
    io.stderr('- tinyland-docker: an admission policy refuses its new runner pods → Failed runners\n');
    arc.runnerPodRejected('tinyland-docker');
    for (let i = 0; i < 2; i++) arc.enqueueJob({ scaleSet: 'tinyland-docker', durationMs: 30_000 });
    await arc.leakIdleRunners('tinyland-nix', 2);
    await until(() => idleRegistered(cluster, 'tinyland-nix') >= 2, 20_000);
    const stuck = await arc.runnerStuckTerminating('tinyland-nix', 2);
    io.stderr(
      `- tinyland-nix: ${stuck.length} runners lose their node while being deleted → stuck terminating\n`,
    );
    const stale = await arc.staleListener('tinyland-nix');
    io.stderr(`- a listener left over from a 0.13.0 → 0.13.1 upgrade: ${stale}\n`);
    const piled = await arc.pileUpPods(cluster.runnersNamespace, 40, { phase: 'Succeeded', ageMs: 3 * HOUR });
    io.stderr(`- ${piled.length} finished utility pods piling up in ${cluster.runnersNamespace}\n`);
    // Let the sickness set in: the Outdated path runs, the stuck runners pass stuck-after.
    await until(() => outdatedSets(cluster).length > 0, 20_000);
    await sleepReal(6000);

    io.stderr('\n== 1. Diagnose (read-only)\n\n');
    await doctorPass(cluster, workdir, io, { 'fail-on': 'none' });

    io.stderr(
      '\n== 2. What only an operator can do, as the findings say: a supported runner image for tinyland-dind, the admission policy fixed for tinyland-docker\n',
    );
    arc.runnerOutdated('tinyland-dind', false);
    arc.runnerPodRejected('tinyland-docker', false);
    // The controller's clean-up of an Outdated set waits for its busy runners; a spec change
    // before it ends finds the old runner set still Outdated and the set goes Outdated again.
    await until(() => runnerSetsOf(cluster, 'tinyland-dind') === 0, 60_000);
    await newRunnerImage(cluster, 'tinyland-dind', 'ghcr.io/actions/actions-runner:2.330.0');
    const recovered = await until(() => outdatedSets(cluster).length === 0, 20_000);
    io.stderr(
      recovered
        ? 'tinyland-dind is no longer Outdated: the controller recreated its scale set.\n'
        : 'tinyland-dind is still Outdated.\n',
    );

    io.stderr('\n== 3. Repair what is safe to repair (fix: true)\n\n');
    await doctorPass(cluster, workdir, io, { fix: 'true', 'fail-on': 'none' });
    await arc.settle(60_000);

    io.stderr('\n== 4. Diagnose again\n\n');
    return await doctorPass(cluster, workdir, io, {});
  } finally {
    await cluster.stop();
    rmSync(workdir, { recursive: true, force: true });
  }
}
