/**
 * The fleet the arc-apply suites measure on: `sets` scale sets on the simulator, each with `busy`
 * runners on long jobs and `leaked` idle runners the controller never scales down.
 */
import { type SimulatedCluster, startSimulatedCluster } from '@gloriousflywheel/testkit/arc';

export const RUNNERS = 'arc-runners';
export const CONTROLLER = 'arc-systems';

export interface FleetSize {
  sets: number;
  busy: number;
  leaked: number;
  /** How long the busy runners' jobs run (simulated): past any wait the suite makes. */
  jobMs?: number;
}

export function fleetSizeFromEnv(): FleetSize {
  return {
    sets: Number(process.env['ARC_BENCH_SETS'] ?? 200),
    busy: Number(process.env['ARC_BENCH_BUSY'] ?? 20),
    leaked: Number(process.env['ARC_BENCH_LEAKED'] ?? 5),
  };
}

export async function buildFleet(size: FleetSize): Promise<{
  cluster: SimulatedCluster;
  targets: Record<string, { min_runners: number; max_runners: number }>;
}> {
  const cluster = await startSimulatedCluster({
    clock: 'simulated',
    runnersNamespace: RUNNERS,
    controllerNamespace: CONTROLLER,
    validateCrds: false,
  });
  const targets: Record<string, { min_runners: number; max_runners: number }> = {};
  for (let i = 0; i < size.sets; i++) {
    const name = `set-${String(i).padStart(3, '0')}`;
    await cluster.arc.addScaleSet({
      name,
      minRunners: 0,
      maxRunners: size.busy + size.leaked,
      labels: [`label-${i % 20}`],
    });
    targets[name] = { min_runners: 0, max_runners: size.busy + size.leaked + (i % 2) };
  }
  await cluster.arc.settle(60_000);
  for (const name of Object.keys(targets)) {
    for (let j = 0; j < size.busy; j++)
      cluster.arc.enqueueJob({
        scaleSet: name,
        repository: `org/repo-${j % 7}`,
        durationMs: size.jobMs ?? 5 * 60_000,
      });
  }
  await cluster.arc.settle(60_000);
  for (const name of Object.keys(targets)) await cluster.arc.leakIdleRunners(name, size.leaked);
  await cluster.arc.settle(30_000);
  return { cluster, targets };
}
