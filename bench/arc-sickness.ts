/**
 * Makes a built fleet sick the ways ARC fleets get sick (the simulator's fault switches, each
 * standing for a behaviour of the real controller), spread over the sets, and returns what it did.
 */
import type { SimulatedCluster } from '@gloriousflywheel/testkit/arc';
import { CONTROLLER, RUNNERS } from './arc-fleet';

const HOUR = 60 * 60_000;

export async function makeFleetSick(cluster: SimulatedCluster): Promise<Record<string, number>> {
  const sets = cluster.store.list('AutoscalingRunnerSet', RUNNERS).map((a) => a.metadata.name!);
  const pick = (i: number) => sets[i % sets.length]!;
  const arc = cluster.arc;
  // Pods refused at creation: the runners created from now on are Failed and stay.
  for (let i = 0; i < 4; i++) arc.runnerPodRejected(pick(10 + i));
  for (let i = 0; i < 4; i++) arc.enqueueJob({ scaleSet: pick(10 + i), durationMs: 60_000 });
  let stuck = 0;
  for (let i = 0; i < 5; i++) stuck += (await arc.runnerStuckTerminating(pick(20 + i), 2)).length;
  for (let i = 0; i < 3; i++) await arc.staleListener(pick(30 + i));
  arc.listenerCrashLoops(pick(40));
  const piled =
    (await arc.pileUpPods(RUNNERS, 150, { phase: 'Succeeded', ageMs: 3 * HOUR })).length +
    (await arc.pileUpPods(CONTROLLER, 50, { phase: 'Failed', ageMs: 5 * HOUR })).length;
  await arc.settle(60_000);
  // Stuck runners count as stuck once they have been terminating longer than stuck-after.
  await cluster.clock.advance(20 * 60_000);
  return {
    refusedSets: 4,
    stuckRunners: stuck,
    staleListeners: 3,
    crashLoopingListeners: 1,
    piledPods: piled,
  };
}
