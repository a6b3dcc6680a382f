import type { ClusterGateway } from '../kube/gateway';
import {
  type Ars,
  type Er,
  type Ers,
  keyOf,
  type Listener,
  SCALE_SET_NAME_LABEL,
  SCALE_SET_NAMESPACE_LABEL,
} from '../kube/types';

/**
 * One read of the fleet: a list per kind, joined locally. Every phase works from a view like this,
 * so the request count stays at one list per kind per phase however many runners there are.
 */
export interface FleetView {
  ars: Ars[];
  ers: Ers[];
  runners: Er[];
  listeners: Listener[];
}

export interface Namespaces {
  runners: string;
  controller: string;
}

export async function readFleet(
  gw: ClusterGateway,
  ns: Namespaces,
  kinds: { ers?: boolean; runners?: boolean; listeners?: boolean } = {},
): Promise<FleetView> {
  const { ers = true, runners = true, listeners = true } = kinds;
  const [a, e, r, l] = await Promise.all([
    gw.list<Ars>('AutoscalingRunnerSet', ns.runners),
    ers ? gw.list<Ers>('EphemeralRunnerSet', ns.runners) : Promise.resolve([]),
    runners ? gw.list<Er>('EphemeralRunner', ns.runners) : Promise.resolve([]),
    listeners ? gw.list<Listener>('AutoscalingListener', ns.controller) : Promise.resolve([]),
  ]);
  return { ars: a, ers: e, runners: r, listeners: l };
}

function ownerName(obj: Ers | Er, kind: string): string | undefined {
  const refs = obj.metadata.ownerReferences ?? [];
  return (refs.find((o) => o.kind === kind && o.controller) ?? refs.find((o) => o.kind === kind))?.name;
}

function belongsTo(obj: Ers | Er, ars: Ars): boolean {
  if (obj.metadata.namespace !== ars.metadata.namespace) return false;
  const name = obj.metadata.labels?.[SCALE_SET_NAME_LABEL];
  if (name !== undefined) {
    const ns = obj.metadata.labels?.[SCALE_SET_NAMESPACE_LABEL] ?? obj.metadata.namespace;
    return (
      ns === ars.metadata.namespace && (name === ars.metadata.name || name === ars.spec?.runnerScaleSetName)
    );
  }
  return obj.metadata.name.startsWith(`${ars.metadata.name}-`);
}

export function runnerSetsOf(view: FleetView, ars: Ars): Ers[] {
  return view.ers.filter(
    (e) => ownerName(e, 'AutoscalingRunnerSet') === ars.metadata.name || belongsTo(e, ars),
  );
}

/** The ERS with the newest creationTimestamp, the one the controller treats as current. */
export function latestRunnerSet(sets: Ers[]): Ers | undefined {
  return [...sets].sort((a, b) =>
    (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''),
  )[0];
}

export function runnersOfSet(view: FleetView, ers: Ers): Er[] {
  return view.runners.filter((r) => {
    const owner = ownerName(r, 'EphemeralRunnerSet');
    return owner ? owner === ers.metadata.name : r.metadata.name.startsWith(`${ers.metadata.name}-runner-`);
  });
}

/**
 * The runners of a scale set: by the scale-set labels every runner carries (so no runner-set list
 * is needed), else through the owning runner set.
 */
export function runnersOf(view: FleetView, ars: Ars): Er[] {
  let sets: Set<string> | undefined;
  return view.runners.filter((r) => {
    if (r.metadata.labels?.[SCALE_SET_NAME_LABEL] !== undefined) return belongsTo(r, ars);
    const owner = ownerName(r, 'EphemeralRunnerSet');
    if (!owner) return belongsTo(r, ars);
    sets ??= new Set(runnerSetsOf(view, ars).map((e) => e.metadata.name));
    return sets.has(owner) && r.metadata.namespace === ars.metadata.namespace;
  });
}

/** The listener found by its spec's scale-set name and namespace (its name embeds a hash we cannot compute). */
export function listenerOf(view: FleetView, ars: Ars): Listener | undefined {
  return view.listeners.find(
    (l) =>
      l.spec?.autoscalingRunnerSetName === ars.metadata.name &&
      (l.spec?.autoscalingRunnerSetNamespace ?? ars.metadata.namespace) === ars.metadata.namespace &&
      !l.metadata.deletionTimestamp,
  );
}

export function findArs(view: FleetView, key: string): Ars | undefined {
  return view.ars.find((a) => keyOf(a) === key);
}
