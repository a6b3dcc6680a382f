import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { action as arcApply } from '@gloriousflywheel/arc-apply';
import { runActionPhase, TerminalPlatform } from '@gloriousflywheel/shared';
import {
  demoFleet,
  fleetStatus,
  formatFleetStatus,
  type SimulatedCluster,
} from '@gloriousflywheel/testkit/arc';
import { runnerSetsTfvars, tofuStandinPath } from '@gloriousflywheel/testkit/tofu';
import { demoOptions } from './flags';

/** Where the demo writes: the terminal and the environment it runs in (the CLI's own io fits). */
export interface DemoIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Print the apply's result envelope on stdout (the CLI decides: --json, or stdout not a terminal). */
  json: boolean;
}

/** The change the demo applies: two shared lanes get more headroom, one is only re-proven. */
const DEMO_TARGETS = {
  'tinyland-nix': { min_runners: 0, max_runners: 20, labels: ['tinyland-nix'] },
  'tinyland-docker': { min_runners: 0, max_runners: 24, labels: ['tinyland-docker'] },
  'tinyland-dind': { min_runners: 0, max_runners: 20, labels: ['tinyland-dind'] },
};

/**
 * `flywheel demo`: the project's main job — the managed ARC apply pipeline (freeze, drain, plan,
 * guard, apply, restore, prove) — run for real against an embedded simulated cluster shaped like
 * the platform's fleet, with jobs arriving while it works. Nothing is faked but the cluster and
 * `tofu` (the testkit's stand-in, a separate program as the real one is).
 */
export async function runDemo(args: string[], flags: Record<string, string>, io: DemoIo): Promise<number> {
  const scenario = flags['scenario'] ?? 'apply';
  if (scenario === 'warm-pool') return (await import('./warm-pool')).runWarmPoolDemo(flags, io);
  if (scenario === 'doctor') return (await import('./doctor')).runDoctorDemo(args, flags, io);
  if (scenario === 'upgrade') return (await import('./upgrade')).runUpgradeDemo(args, flags, io);
  if (scenario !== 'apply' && scenario !== 'rollback') {
    io.stderr(
      `flywheel demo: --scenario is \`apply\` (default), \`rollback\`, \`doctor\`, \`upgrade\` or \`warm-pool\`, not \`${scenario}\`\n`,
    );
    return 2;
  }
  // rollback: the same change, but tofu's apply fails; arc-apply rolls the caps back and proves it.
  const failApply = scenario === 'rollback';
  const { speed, drainTimeout } = demoOptions(args, flags);
  io.stderr(`Starting a simulated ARC cluster (controller 0.14, immediate updates, ${speed}× real time)…\n`);
  const cluster = await demoFleet({ speed, validateCrds: false });
  const workdir = mkdtempSync(join(tmpdir(), 'flywheel-demo-'));
  try {
    // Let the listeners come up and the first jobs land before the change starts.
    await new Promise((r) => setTimeout(r, 2000));
    io.stderr(`\nThe fleet before the change:\n${formatFleetStatus(fleetStatus(cluster))}\n\n`);
    writeFileSync(join(workdir, 'runners.tfvars'), runnerSetsTfvars(DEMO_TARGETS));
    writeFileSync(
      join(workdir, 'tofu-standin.json'),
      JSON.stringify({ namespace: cluster.runnersNamespace, ...(failApply ? { failApply: true } : {}) }),
    );
    io.stderr(
      `Applying new caps from ${join(workdir, 'runners.tfvars')}: tinyland-nix max 16→20, tinyland-docker max 20→24.\n\n`,
    );
    const platform = arcApplyOnDemoCluster(cluster, workdir, io, {
      mode: 'apply',
      'scale-sets': Object.keys(DEMO_TARGETS).join(','),
      'tofu-bin': tofuStandinPath,
      'working-directory': workdir,
      'var-files': 'runners.tfvars',
      'drain-timeout': drainTimeout,
      grace: '2s',
      'poll-interval': '500ms',
      'prove-timeout': '2m',
    });
    if (failApply) io.stderr('This time tofu apply fails (staged): watch the rollback and its proof.\n\n');
    const outcome = await runActionPhase(arcApply, 'main', { platform });
    io.stderr(`\nThe fleet after the change:\n${formatFleetStatus(fleetStatus(cluster))}\n`);
    if (!failApply) return outcome.exitCode;
    // The staged failure is the point: the demo succeeds when the rollback was proven.
    const proven = platform.output('rollback-proven');
    io.stderr(
      proven === 'true'
        ? '\nThe apply failed as staged; the caps are back and every listener was proven: "rolled back, proven".\n'
        : `\nThe rollback was not proven (rollback-proven: ${proven ?? 'unset'}).\n`,
    );
    return outcome.exitCode === 1 && proven === 'true' ? 0 : 1;
  } finally {
    await cluster.stop();
    rmSync(workdir, { recursive: true, force: true });
  }
}

/**
 * arc-apply on a terminal, against the demo cluster, with these inputs: its temp files, state and
 * result file go to `workdir`, which the demo removes at the end.
 */
export function arcApplyOnDemoCluster(
  cluster: SimulatedCluster,
  workdir: string,
  io: DemoIo,
  flags: Record<string, string>,
): TerminalPlatform {
  return new TerminalPlatform({
    action: arcApply.definition.name,
    env: {
      ...io.env,
      KUBECONFIG: cluster.kubeconfigPath,
      FLYWHEEL_QUIET: 'false',
      RUNNER_TEMP: workdir,
      FLYWHEEL_STATE_FILE: join(workdir, 'state.json'),
    },
    flags: { kubeconfig: cluster.kubeconfigPath, ...flags },
    stdout: io.stdout,
    stderr: io.stderr,
    json: io.json,
  });
}
