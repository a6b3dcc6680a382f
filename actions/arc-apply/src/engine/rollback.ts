import type { ProofSettings } from './config';
import type { EngineDeps } from './deps';
import type { RetryPolicy } from './patch-caps';
import type { ControllerInfo } from './preflight';
import { proveRestored, type RestoredProof } from './prove-restored';
import { applyCaps, type RestoreEntry } from './restore';
import { type CapSnapshot, readSnapshot, SNAPSHOT_CONFIGMAP } from './snapshot';

export interface RollbackResult {
  source: 'memory' | 'cluster' | 'none';
  runId?: string;
  restored: RestoreEntry[];
  /** Whether the rolled-back sets' listeners came back (absent when nothing was rolled back). */
  proof?: RestoredProof;
}

export interface RollbackOptions {
  snapshot?: CapSnapshot;
  onlyRunId?: string;
  retry?: RetryPolicy;
}

/**
 * Puts every set of the snapshot back to its pre-freeze caps and then removes the snapshot.
 * Idempotent: a set already at its snapshot caps is not patched, and with no snapshot left in the
 * cluster there is nothing to do. `onlyRunId` keeps a post phase from undoing another run's freeze.
 */
export async function rollback(deps: EngineDeps, opts: RollbackOptions): Promise<RollbackResult> {
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

/**
 * A rollback, then the listener proof of every set it put back, on the proof's own deadline: a
 * rollback is only done when the listeners are back (the caps alone say nothing of that).
 */
export async function provenRollback(
  deps: EngineDeps,
  opts: RollbackOptions & { proof: ProofSettings; controller?: Pick<ControllerInfo, 'version'> },
): Promise<RollbackResult> {
  const result = await rollback(deps, opts);
  if (result.restored.length === 0) return result;
  return { ...result, proof: await proveRestored(deps, result.restored, opts.proof, opts.controller) };
}
