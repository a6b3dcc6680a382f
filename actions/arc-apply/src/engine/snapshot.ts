import { FlywheelError } from '@gloriousflywheel/shared';
import type { ClusterGateway } from '../kube/gateway';
import type { Caps } from '../kube/types';

export const SNAPSHOT_CONFIGMAP = 'gloriousflywheel-arc-apply-snapshot';
export const SNAPSHOT_KEY = 'snapshot.json';

/** What a pause left on a set: the caps it froze it to and the spec generation that froze it. */
export interface PauseMark {
  caps: Caps;
  generation?: number;
  at: string;
  runId: string;
}

export interface SnapshotEntry extends Caps {
  namespace: string;
  name: string;
  /** In the pause record only: set once the pause's freeze of this set is done. */
  paused?: PauseMark;
}

/** The caps before the freeze: the rollback source if this run (or the runner under it) dies. */
export interface CapSnapshot {
  version: 1;
  runId: string;
  createdAt: string;
  controllerVersion?: string;
  sets: SnapshotEntry[];
}

/**
 * Merges a fresh snapshot with one a dead run left behind: for a set in both, the older entry
 * wins, because the live caps of that set are still the dead run's frozen caps.
 */
export function mergeSnapshots(previous: CapSnapshot | undefined, fresh: CapSnapshot): CapSnapshot {
  if (!previous) return fresh;
  const key = (e: SnapshotEntry) => `${e.namespace}/${e.name}`;
  const old = new Map(previous.sets.map((e) => [key(e), e]));
  const sets = fresh.sets.map((e) => old.get(key(e)) ?? e);
  for (const e of previous.sets) if (!sets.some((s) => key(s) === key(e))) sets.push(e);
  return { ...fresh, sets };
}

export function parseSnapshot(text: string): CapSnapshot {
  const value = JSON.parse(text) as CapSnapshot;
  if (value?.version !== 1 || !Array.isArray(value.sets)) {
    throw new FlywheelError('RESTORE_FAILED', 'the cap snapshot is not a version-1 snapshot');
  }
  return value;
}

/** Reads a snapshot: the apply's rollback source, or (`configMap`) the pause record. */
export async function readSnapshot(
  gw: ClusterGateway,
  namespace: string,
  configMap = SNAPSHOT_CONFIGMAP,
): Promise<CapSnapshot | undefined> {
  const cm = await gw.getConfigMap(namespace, configMap);
  const text = cm?.data?.[SNAPSHOT_KEY];
  return text ? parseSnapshot(text) : undefined;
}

/** The label every snapshot and pause record carries, so one list finds them all. */
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'gloriousflywheel-arc-apply' };
const SNAPSHOT_LABEL = 'app.kubernetes.io/managed-by=gloriousflywheel-arc-apply';

/** Every snapshot ConfigMap in the namespace (the apply's and the pause record), by name, in one list. */
export async function readSnapshots(
  gw: ClusterGateway,
  namespace: string,
): Promise<Map<string, CapSnapshot>> {
  const found = new Map<string, CapSnapshot>();
  for (const cm of await gw.listConfigMaps(namespace, SNAPSHOT_LABEL)) {
    const text = cm.data?.[SNAPSHOT_KEY];
    if (text) found.set(cm.metadata.name, parseSnapshot(text));
  }
  return found;
}

export async function writeSnapshot(
  gw: ClusterGateway,
  namespace: string,
  snapshot: CapSnapshot,
  configMap = SNAPSHOT_CONFIGMAP,
): Promise<void> {
  await gw.putConfigMap(
    namespace,
    configMap,
    { [SNAPSHOT_KEY]: JSON.stringify(snapshot, null, 2) },
    MANAGED_BY,
  );
}
