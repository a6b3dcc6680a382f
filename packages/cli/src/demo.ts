import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ActionModule, runActionPhase, TerminalPlatform } from '@gloriousflywheel/shared';
import type { CliIo } from './run-cli';

/** The change the demo applies: two shared lanes get more headroom, one is only re-proven. */
const DEMO_TARGETS = {
  'tinyland-nix': { min_runners: 0, max_runners: 20, labels: ['tinyland-nix'] },
  'tinyland-docker': { min_runners: 0, max_runners: 24, labels: ['tinyland-docker'] },
  'tinyland-dind': { min_runners: 0, max_runners: 20, labels: ['tinyland-dind'] },
};

/**
 * The tofu stand-in is a script of the testkit, run as a separate program by the pipeline; it is
 * found beside the source checkout the CLI was built from.
 */
function findTofuStandin(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'packages', 'testkit', 'src', 'tofu', 'tofu-standin.mjs');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

/**
 * `flywheel demo`: the project's main job — the managed ARC apply pipeline (freeze, drain, plan,
 * guard, apply, restore, prove) — run for real against an embedded simulated cluster shaped like
 * the platform's fleet, with jobs arriving while it works. Nothing is faked but the cluster.
 */
export function makeDemoCommand(arcApply: ActionModule) {
  return async (_args: string[], flags: Record<string, string>, io: CliIo): Promise<number> => {
    const speed = Number(flags['speed'] ?? '30');
    if (!Number.isFinite(speed) || speed < 1 || speed > 600) {
      io.stderr(
        'flywheel demo: --speed must be a number from 1 to 600 (simulated seconds per real second)\n',
      );
      return 2;
    }
    const tofuBin = findTofuStandin();
    if (!tofuBin) {
      io.stderr(
        'flywheel demo runs from a source checkout (it needs the testkit tofu stand-in): run `npm run demo` there.\n',
      );
      return 2;
    }
    chmodSync(tofuBin, 0o755);
    const arc = await import('@gloriousflywheel/testkit/arc');
    const tofu = await import('@gloriousflywheel/testkit/tofu');
    io.stderr(
      `Starting a simulated ARC cluster (controller 0.14, immediate updates, ${speed}× real time)…\n`,
    );
    const cluster = await arc.demoFleet({ speed, validateCrds: false });
    try {
      // Let the listeners come up and the first jobs land before the change starts.
      await new Promise((r) => setTimeout(r, 2000));
      io.stderr(`\nThe fleet before the change:\n${arc.formatFleetStatus(arc.fleetStatus(cluster))}\n\n`);
      const workdir = mkdtempSync(join(tmpdir(), 'flywheel-demo-'));
      writeFileSync(join(workdir, 'runners.tfvars'), tofu.runnerSetsTfvars(DEMO_TARGETS));
      writeFileSync(
        join(workdir, 'tofu-standin.json'),
        JSON.stringify({ namespace: cluster.runnersNamespace }),
      );
      io.stderr(
        `Applying new caps from ${join(workdir, 'runners.tfvars')}: tinyland-nix max 16→20, tinyland-docker max 20→24.\n\n`,
      );
      const platform = new TerminalPlatform({
        action: arcApply.definition.name,
        env: { ...io.env, KUBECONFIG: cluster.kubeconfigPath, FLYWHEEL_QUIET: 'false' },
        flags: {
          mode: 'apply',
          kubeconfig: cluster.kubeconfigPath,
          'scale-sets': Object.keys(DEMO_TARGETS).join(','),
          'tofu-bin': tofuBin,
          'working-directory': workdir,
          'var-files': 'runners.tfvars',
          'drain-timeout': flags['drain-timeout'] ?? '2m',
          grace: '2s',
          'poll-interval': '500ms',
          'prove-timeout': '2m',
        },
        stdout: io.stdout,
        stderr: io.stderr,
      });
      const outcome = await runActionPhase(arcApply, 'main', { platform });
      io.stderr(`\nThe fleet after the change:\n${arc.formatFleetStatus(arc.fleetStatus(cluster))}\n`);
      return outcome.exitCode;
    } finally {
      await cluster.stop();
    }
  };
}
