import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulatedCluster } from '@gloriousflywheel/testkit/arc';
import {
  type RunnerSetVars,
  type StandinConfig,
  tofuStandinPath,
  tofuWorkdir,
} from '@gloriousflywheel/testkit/tofu';
import type { Clock } from '../src/engine/clock';
import { type ApplyConfig, configFrom, engineSettingsFrom } from '../src/engine/config';
import type { EngineDeps } from '../src/engine/deps';
import { KubeClientGateway, loadKubeConfig } from '../src/kube/client-gateway';
import type { ClusterGateway } from '../src/kube/gateway';
import type { Ars } from '../src/kube/types';
import { inputsOf, memoryLog } from './helpers';

export const RUNNERS = 'arc-runners';
export const CONTROLLER = 'arc-systems';

export interface SetSpec {
  name: string;
  min?: number;
  max?: number;
  labels?: string[];
}

type ClusterOptions = NonNullable<Parameters<typeof startSimulatedCluster>[0]>;

/** A simulated cluster with scale sets, a gateway over HTTP, the simulator's clock and a tofu workdir. */
export async function scenario(
  sets: SetSpec[],
  opts: { cluster?: ClusterOptions; targets?: Record<string, RunnerSetVars>; standin?: StandinConfig } = {},
) {
  const cluster = await startSimulatedCluster({
    clock: 'simulated',
    runnersNamespace: RUNNERS,
    controllerNamespace: CONTROLLER,
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
  const gw: ClusterGateway = new KubeClientGateway(loadKubeConfig(cluster.kubeconfig));
  const clock: Clock = { now: () => cluster.clock.now(), sleep: (ms) => cluster.clock.advance(ms) };
  const log = memoryLog();
  const targets =
    opts.targets ??
    Object.fromEntries(sets.map((s) => [s.name, { min_runners: s.min ?? 0, max_runners: s.max ?? 5 }]));
  const workdir = tofuWorkdir(targets, {
    namespace: RUNNERS,
    versionLabel: opts.standin?.versionLabel ?? undefined,
    ...opts.standin,
  });
  const inputs = inputsOf({
    'scale-sets': sets.map((s) => s.name).join('\n'),
    'runners-namespace': RUNNERS,
    'controller-namespace': CONTROLLER,
    'tofu-bin': tofuStandinPath,
    'working-directory': workdir,
    'var-files': 'runners.tfvars',
  });
  const deps: EngineDeps = { gw, clock, log, ...engineSettingsFrom(inputs) };
  const config = (over: Partial<ApplyConfig> = {}): ApplyConfig => ({
    ...configFrom(inputs, {
      runId: 'run-1',
      workDir: mkdtempSync(join(tmpdir(), 'arc-apply-')),
      tofuEnv: { KUBECONFIG: cluster.kubeconfigPath },
    }),
    retry: { attempts: 6, baseDelayMs: 200 },
    ...over,
  });
  const caps = async (name: string) => {
    const ars = await gw.get<Ars>('AutoscalingRunnerSet', RUNNERS, name);
    return { min: ars?.spec?.minRunners ?? 0, max: ars?.spec?.maxRunners ?? null };
  };
  return { cluster, gw, clock, log, deps, workdir, config, caps };
}
