import { writeFile } from 'node:fs/promises';
import { mapLimit } from '@gloriousflywheel/shared';
import type { Ars, Caps, Ers } from '../kube/types';
import { capsOf, keyOf, listenerCapsOf, sameCaps } from '../kube/types';
import { API_CONCURRENCY } from './concurrency';
import type { EngineDeps } from './deps';
import { type FleetView, listenerOf, readFleet, runnerSetsOf, runnersOf } from './fleet';
import { type FreezeMode, frozenCaps } from './freeze-caps';
import { type RetryPolicy, setCaps, zeroRunnerSet } from './patch-caps';
import type { UpdateStrategy } from './preflight';
import {
  type CapSnapshot,
  mergeSnapshots,
  readSnapshot,
  SNAPSHOT_CONFIGMAP,
  writeSnapshot,
} from './snapshot';
import { isBusy, type SemVer } from './version';

export interface FreezeOptions {
  mode: FreezeMode;
  runId: string;
  snapshotFile: string;
  controller: { version: SemVer | undefined; versionText?: string; updateStrategy: UpdateStrategy };
  retry?: RetryPolicy;
  /** How long to wait for the listener to go before the #4432 workaround. */
  listenerGoneTimeoutMs: number;
  /** Called once the snapshot is durable and before the first cap change. */
  onSnapshot?(snapshot: CapSnapshot): void;
  /** The ConfigMap the snapshot goes to: the apply's rollback source unless a pause names its record. */
  snapshotConfigMap?: string;
}

export interface FrozenSet {
  key: string;
  namespace: string;
  name: string;
  before: Caps;
  frozen: Caps;
  /** `unchanged` when the set already had its frozen caps (no spec write, its listener kept). */
  outcome: 'patched' | 'unchanged';
}

export interface FreezeResult {
  snapshot: CapSnapshot;
  sets: FrozenSet[];
  /** Runner sets scaled to 0 by hand under the eventual strategy. */
  zeroedRunnerSets: string[];
}

/**
 * Records the caps durably (a ConfigMap in the runners namespace, then a file) before touching
 * anything, then patches each set to its frozen caps.
 */
export async function freeze(deps: EngineDeps, inScope: Ars[], opts: FreezeOptions): Promise<FreezeResult> {
  const { gw, ns, clock } = deps;
  const view = await readFleet(gw, ns, { ers: false, listeners: false });
  // The caps as they are now (the reap may have taken time), from this phase's one list.
  const keys = new Set(inScope.map(keyOf));
  const scope = view.ars.filter((a) => keys.has(keyOf(a)));
  const fresh: CapSnapshot = {
    version: 1,
    runId: opts.runId,
    createdAt: clock.now().toISOString(),
    ...(opts.controller.versionText ? { controllerVersion: opts.controller.versionText } : {}),
    sets: scope.map((a) => ({
      namespace: a.metadata.namespace ?? ns.runners,
      name: a.metadata.name,
      ...capsOf(a),
    })),
  };
  const store = opts.snapshotConfigMap ?? SNAPSHOT_CONFIGMAP;
  const previous = await readSnapshot(gw, ns.runners, store);
  if (previous && store === SNAPSHOT_CONFIGMAP) {
    deps.log.warning(
      `a cap snapshot from run ${previous.runId} is still in the cluster: its caps are kept as the rollback source`,
    );
  }
  const snapshot = mergeSnapshots(previous, fresh);
  await writeSnapshot(gw, ns.runners, snapshot, store);
  await writeFile(opts.snapshotFile, JSON.stringify(snapshot, null, 2), { mode: 0o600 });
  opts.onSnapshot?.(snapshot);

  const before = new Map(
    snapshot.sets.map((e) => [
      `${e.namespace}/${e.name}`,
      { minRunners: e.minRunners, maxRunners: e.maxRunners },
    ]),
  );
  const sets = await mapLimit(scope, API_CONCURRENCY, async (ars): Promise<FrozenSet> => {
    const key = keyOf(ars);
    const busy = runnersOf(view, ars).filter((r) => isBusy(r, opts.controller.version)).length;
    const frozen = frozenCaps(capsOf(ars), busy, opts.mode);
    const outcome = await setCaps(
      gw,
      clock,
      ars.metadata.namespace ?? ns.runners,
      ars.metadata.name,
      frozen,
      opts.retry,
      ars,
    );
    return {
      key,
      namespace: ars.metadata.namespace ?? ns.runners,
      name: ars.metadata.name,
      before: before.get(key) ?? capsOf(ars),
      frozen,
      outcome,
    };
  });
  const zeroedRunnerSets =
    opts.controller.updateStrategy === 'eventual' ? await breakEventualDeadlock(deps, scope, opts) : [];
  return { snapshot, sets, zeroedRunnerSets };
}

/** What the freeze would set, for a dry run: the same strategy on the same reads, nothing written. */
export async function previewFreeze(
  deps: EngineDeps,
  inScope: Ars[],
  mode: FreezeMode,
  version: SemVer | undefined,
): Promise<Omit<FrozenSet, 'before' | 'outcome'>[]> {
  const keys = new Set(inScope.map(keyOf));
  const view = await readFleet(deps.gw, deps.ns, { ers: false, listeners: false });
  return view.ars
    .filter((a) => keys.has(keyOf(a)))
    .map((ars) => {
      const busy = runnersOf(view, ars).filter((r) => isBusy(r, version)).length;
      return {
        key: keyOf(ars),
        namespace: ars.metadata.namespace ?? deps.ns.runners,
        name: ars.metadata.name,
        frozen: frozenCaps(capsOf(ars), busy, mode),
      };
    });
}

/**
 * Under `eventual` the listener stays deleted while the runner set has running or pending runners,
 * and idle minRunners count as running: nothing would ever scale them down. Once the listener is
 * gone (so nothing overwrites it) scale the runner sets to 0 at patchID 0 ourselves (#4432).
 */
async function breakEventualDeadlock(deps: EngineDeps, scope: Ars[], opts: FreezeOptions): Promise<string[]> {
  const { clock } = deps;
  const deadline = clock.now().getTime() + opts.listenerGoneTimeoutMs;
  const pending = new Set(scope.map(keyOf));
  const zeroed: string[] = [];
  for (;;) {
    const view: FleetView = await readFleet(deps.gw, deps.ns, { runners: false });
    for (const ars of view.ars) {
      if (!pending.has(keyOf(ars))) continue;
      const listener = listenerOf(view, ars);
      const frozenListener = listener && sameCaps(listenerCapsOf(listener), capsOf(ars));
      if (frozenListener) {
        pending.delete(keyOf(ars)); // a listener with the frozen caps scales idle runners down itself
        continue;
      }
      if (listener) continue; // the old listener is still there: wait for the controller to delete it
      for (const ers of runnerSetsOf(view, ars) as Ers[]) {
        if (
          (await zeroRunnerSet(
            deps.gw,
            clock,
            ers.metadata.namespace ?? deps.ns.runners,
            ers.metadata.name,
            opts.retry,
          )) === 'patched'
        ) {
          zeroed.push(`${ers.metadata.namespace}/${ers.metadata.name}`);
        }
      }
      pending.delete(keyOf(ars));
    }
    if (pending.size === 0) return zeroed;
    if (clock.now().getTime() >= deadline) {
      deps.log.warning(
        `eventual strategy: listener of ${[...pending].join(', ')} still present after the freeze`,
      );
      return zeroed;
    }
    await clock.sleep(deps.pollMs);
  }
}
