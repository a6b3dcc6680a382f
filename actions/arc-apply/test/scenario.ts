import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAST_REAL_TIME_TIMINGS, startSimulatedCluster } from '@gloriousflywheel/testkit/arc';
import {
  type RunnerSetVars,
  type StandinConfig,
  tofuStandinPath,
  tofuWorkdir,
} from '@gloriousflywheel/testkit/tofu';
import { type Clock, wallClock } from '../src/engine/clock';
import { type ApplyConfig, configFrom, engineSettingsFrom } from '../src/engine/config';
import type { EngineDeps } from '../src/engine/deps';
import { KubeClientGateway, loadKubeConfig } from '../src/kube/client-gateway';
import type { ClusterGateway } from '../src/kube/gateway';
import type { Ars } from '../src/kube/types';
import { backend } from './backend';
import { inputsOf, memoryLog } from './helpers';

/** The namespaces of a cluster on the fake (on a real server each cluster gets fresh ones: use `s.ns`). */
export const RUNNERS = 'arc-runners';
export const CONTROLLER = 'arc-systems';

export interface SetSpec {
  name: string;
  min?: number;
  max?: number;
  labels?: string[];
}

type ClusterOptions = NonNullable<Parameters<typeof startSimulatedCluster>[0]>;

/**
 * A simulated cluster on this file's backend with scale sets, and the engine on it (`engineOn`).
 * `ages`: the scenario reads ages from creationTimestamps, which a real API server stamps with the
 * wall clock; there the cluster runs in real time (fast timings) and the engine's clock is the wall
 * clock, while the fake keeps the simulated clock.
 */
export async function scenario(
  sets: SetSpec[],
  opts: {
    cluster?: ClusterOptions;
    targets?: Record<string, RunnerSetVars>;
    standin?: StandinConfig;
    ages?: boolean;
  } = {},
) {
  const onWallClock = opts.ages === true && backend().kind === 'real';
  const cluster = await startSimulatedCluster({
    ...backend().clusterOptions(),
    clock: onWallClock ? 'real' : 'simulated',
    ...(onWallClock ? { timings: FAST_REAL_TIME_TIMINGS } : {}),
    seed: 1,
    ...opts.cluster,
  });
  for (const s of sets) {
    await cluster.arc.addScaleSet({
      name: s.name,
      minRunners: s.min ?? 0,
      maxRunners: s.max ?? 5,
      ...(s.labels ? { labels: s.labels } : {}),
    });
  }
  await cluster.arc.settle();
  const clock: Clock = onWallClock
    ? wallClock
    : { now: () => cluster.clock.now(), sleep: (ms) => cluster.clock.advance(ms) };
  const engine = engineOn({
    kubeconfig: cluster.kubeconfig,
    kubeconfigPath: cluster.kubeconfigPath,
    runners: cluster.runnersNamespace,
    controller: cluster.controllerNamespace,
    sets,
    clock,
    ...(opts.targets ? { targets: opts.targets } : {}),
    ...(opts.standin ? { standin: opts.standin } : {}),
  });
  return { cluster, ...engine, onWallClock };
}

/**
 * arc-apply's engine wired to a cluster: a gateway over HTTP, a memory log, a tofu stand-in
 * workdir whose tfvars hold `targets` (default: each set's own caps), and the run's config.
 */
export function engineOn(o: {
  kubeconfig: string;
  kubeconfigPath: string;
  runners: string;
  controller: string;
  sets: SetSpec[];
  clock: Clock;
  targets?: Record<string, RunnerSetVars>;
  standin?: StandinConfig;
}) {
  const { sets, runners, controller, clock } = o;
  const gw: ClusterGateway = new KubeClientGateway(loadKubeConfig(o.kubeconfig));
  const log = memoryLog();
  const targets =
    o.targets ??
    Object.fromEntries(sets.map((s) => [s.name, { min_runners: s.min ?? 0, max_runners: s.max ?? 5 }]));
  const workdir = tofuWorkdir(targets, {
    namespace: runners,
    controllerNamespace: controller,
    versionLabel: o.standin?.versionLabel ?? undefined,
    ...o.standin,
  });
  const inputs = inputsOf({
    'scale-sets': sets.map((s) => s.name).join('\n'),
    'runners-namespace': runners,
    'controller-namespace': controller,
    'tofu-bin': tofuStandinPath,
    'working-directory': workdir,
    'var-files': 'runners.tfvars',
  });
  const deps: EngineDeps = { gw, clock, log, ...engineSettingsFrom(inputs) };
  const config = (over: Partial<ApplyConfig> = {}): ApplyConfig => ({
    ...configFrom(inputs, {
      runId: 'run-1',
      workDir: mkdtempSync(join(tmpdir(), 'arc-apply-')),
      tofuEnv: { KUBECONFIG: o.kubeconfigPath },
    }),
    retry: { attempts: 6, baseDelayMs: 200 },
    ...over,
  });
  const caps = async (name: string) => {
    const ars = await gw.get<Ars>('AutoscalingRunnerSet', runners, name);
    return { min: ars?.spec?.minRunners ?? 0, max: ars?.spec?.maxRunners ?? null };
  };
  return { gw, clock, log, deps, workdir, config, caps, ns: deps.ns };
}
