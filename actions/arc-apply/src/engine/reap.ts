import { mapLimit } from '@gloriousflywheel/shared';
import { statusOf } from '../kube/errors';
import { type Ars, type Er, keyOf } from '../kube/types';
import { API_CONCURRENCY } from './concurrency';
import type { EngineDeps } from './deps';
import { listenerOf, readFleet } from './fleet';
import { type ReapCandidate, selectReapCandidates, selectStalePods, stillReapable } from './reap-select';

export interface ReapOptions {
  dryRun: boolean;
  podMaxAgeMs: number;
  settleTimeoutMs: number;
}

export interface ReapResult {
  reaped: { name: string; scaleSet: string; reason: ReapCandidate['reason'] }[];
  skipped: { name: string; why: string }[];
  wouldReap: { name: string; scaleSet: string; reason: ReapCandidate['reason'] }[];
  podsDeleted: string[];
  settled: boolean;
}

/**
 * Deletes provably leaked idle runners of the sets in scope: one list per kind to choose, then a
 * fresh read of each candidate right before its conditional delete, so a runner that got a job in
 * between is left alone.
 */
export async function reapLeakedRunners(
  deps: EngineDeps,
  scope: Ars[],
  opts: ReapOptions,
): Promise<ReapResult> {
  const { gw, ns, log } = deps;
  const view = await readFleet(gw, ns, { listeners: false });
  const candidates = selectReapCandidates(view, scope);
  const result: ReapResult = { reaped: [], skipped: [], wouldReap: [], podsDeleted: [], settled: true };
  await mapLimit(candidates, API_CONCURRENCY, async (c) => {
    const entry = { name: c.runner.metadata.name, scaleSet: c.scaleSet, reason: c.reason };
    if (opts.dryRun) {
      result.wouldReap.push(entry);
      return;
    }
    const fresh = await gw.get<Er>('EphemeralRunner', ns.runners, c.runner.metadata.name);
    const check = stillReapable(c.runner, fresh);
    if (!check.ok) {
      result.skipped.push({ name: entry.name, why: check.why ?? 'changed' });
      return;
    }
    try {
      await gw.delete('EphemeralRunner', ns.runners, entry.name, fresh!.metadata.resourceVersion);
      result.reaped.push(entry);
    } catch (error) {
      // 409: the precondition failed, the runner changed after the re-read; never force it.
      if (statusOf(error) === 409) result.skipped.push({ name: entry.name, why: 'changed before delete' });
      else throw error;
    }
  });
  const pods = await gw.listPods(ns.runners, 'actions-ephemeral-runner=True');
  for (const pod of selectStalePods(pods, deps.clock.now(), opts.podMaxAgeMs)) {
    if (opts.dryRun) continue;
    if ((await gw.deletePod(ns.runners, pod.metadata.name)) === 'deleted')
      result.podsDeleted.push(pod.metadata.name);
  }
  for (const r of result.reaped) log.info(`reaped idle runner ${r.name} (${r.scaleSet}, ${r.reason})`);
  for (const s of result.skipped) log.info(`left runner ${s.name} alone: ${s.why}`);
  if (result.reaped.length > 0)
    result.settled = await waitForSettle(
      deps,
      scope,
      result.reaped.map((r) => r.name),
      opts.settleTimeoutMs,
    );
  return result;
}

/** Bounded wait until the reaped runners are gone and every set that had a listener has one again. */
async function waitForSettle(
  deps: EngineDeps,
  scope: Ars[],
  names: string[],
  timeoutMs: number,
): Promise<boolean> {
  const deadline = deps.clock.now().getTime() + timeoutMs;
  const gone = new Set(names);
  const keys = new Set(scope.map(keyOf));
  for (;;) {
    const view = await readFleet(deps.gw, deps.ns, { ers: false });
    const lingering = view.runners.filter((r) => gone.has(r.metadata.name));
    const noListener = view.ars.filter((a) => keys.has(keyOf(a)) && !listenerOf(view, a));
    if (lingering.length === 0 && noListener.length === 0) return true;
    if (deps.clock.now().getTime() >= deadline) {
      deps.log.warning(
        `reap: not settled after ${Math.round(timeoutMs / 1000)}s (${lingering.length} runner(s) still terminating, ` +
          `${noListener.length} set(s) without a listener); continuing`,
      );
      return false;
    }
    await deps.clock.sleep(deps.pollMs);
  }
}
