import type { EngineDeps } from './deps';
import type { RetryPolicy } from './patch-caps';
import { applyCaps, type RestoreEntry } from './restore';
import { type CapSnapshot, readSnapshot, SNAPSHOT_CONFIGMAP } from './snapshot';

export interface RollbackResult {
  source: 'memory' | 'cluster' | 'none';
  runId?: string;
  restored: RestoreEntry[];
}

/**
 * Puts every set of the snapshot back to its pre-freeze caps and then removes the snapshot.
 * Idempotent: a set already at its snapshot caps is not patched, and with no snapshot left in the
 * cluster there is nothing to do. `onlyRunId` keeps a post phase from undoing another run's freeze.
 */
export async function rollback(
  deps: EngineDeps,
  opts: { snapshot?: CapSnapshot; onlyRunId?: string; retry?: RetryPolicy },
): Promise<RollbackResult> {
  const stored = await readSnapshot(deps.gw, deps.ns.runners);
  const snapshot = stored ?? opts.snapshot;
  if (!snapshot) return { source: 'none', restored: [] };
  if (opts.onlyRunId && snapshot.runId !== opts.onlyRunId) {
    deps.log.warning(
      `the cap snapshot belongs to run ${snapshot.runId}, not this one; leaving it for mode: restore`,
    );
    return { source: 'none', restored: [] };
  }
  const plan = snapshot.sets.map((e) => ({
    key: `${e.namespace}/${e.name}`,
    namespace: e.namespace,
    name: e.name,
    caps: { minRunners: e.minRunners, maxRunners: e.maxRunners },
    source: 'snapshot' as const,
  }));
  const restored = await applyCaps(deps, plan, opts.retry);
  await deps.gw.deleteConfigMap(deps.ns.runners, SNAPSHOT_CONFIGMAP);
  for (const r of restored)
    deps.log.info(`rollback: ${r.key} → ${r.caps.minRunners}/${r.caps.maxRunners ?? '∞'} (${r.outcome})`);
  return { source: stored ? 'cluster' : 'memory', runId: snapshot.runId, restored };
}
