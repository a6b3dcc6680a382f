import type { ClusterGateway } from '../kube/gateway';
import { type CapSnapshot, readSnapshot, type SnapshotEntry, writeSnapshot } from './snapshot';

/**
 * The pause record: a cap snapshot of its own, beside the apply's. It is kept apart because the
 * apply's snapshot is a rollback source that a finished run deletes and `mode: restore` replays,
 * while a pause must outlive every run until `mode: resume` ends it.
 */
export const PAUSE_CONFIGMAP = 'gloriousflywheel-arc-apply-paused';

export const entryKey = (e: SnapshotEntry) => `${e.namespace}/${e.name}`;

export function readPauseRecord(gw: ClusterGateway, namespace: string): Promise<CapSnapshot | undefined> {
  return readSnapshot(gw, namespace, PAUSE_CONFIGMAP);
}

/** Writes the record, or deletes it once no set is paused. */
export async function writePauseRecord(
  gw: ClusterGateway,
  namespace: string,
  record: CapSnapshot,
): Promise<void> {
  if (record.sets.length === 0) await gw.deleteConfigMap(namespace, PAUSE_CONFIGMAP);
  else await writeSnapshot(gw, namespace, record, PAUSE_CONFIGMAP);
}

/** The keys (namespace/name) of the sets a pause holds. */
export async function pausedKeys(gw: ClusterGateway, namespace: string): Promise<Set<string>> {
  const record = await readPauseRecord(gw, namespace);
  return new Set((record?.sets ?? []).map(entryKey));
}
