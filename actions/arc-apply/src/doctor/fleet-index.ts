import { runnersOf } from '../engine/fleet';
import type { Ars, Er, Pod } from '../kube/types';
import type { DoctorView } from './view';

/** Lookups the checks share, built once per view: which set a runner belongs to, pods by name. */
export interface FleetIndex {
  setOfRunner: Map<Er, Ars>;
  runnerPods: Map<string, Pod>;
}

const built = new WeakMap<DoctorView, FleetIndex>();

export function fleetIndex(view: DoctorView): FleetIndex {
  let index = built.get(view);
  if (index) return index;
  const setOfRunner = new Map<Er, Ars>();
  for (const ars of view.ars) for (const er of runnersOf(view, ars)) setOfRunner.set(er, ars);
  const runnerPods = new Map(view.runnerPods.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
  index = { setOfRunner, runnerPods };
  built.set(view, index);
  return index;
}

/** The runner's pod: same name as the EphemeralRunner, in its namespace (arc-facts §3). */
export function podOfRunner(view: DoctorView, er: Er): Pod | undefined {
  return fleetIndex(view).runnerPods.get(`${er.metadata.namespace}/${er.metadata.name}`);
}
