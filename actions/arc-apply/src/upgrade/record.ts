import { writeFile } from 'node:fs/promises';
import { FlywheelError } from '@gloriousflywheel/shared';
import type { ClusterGateway } from '../kube/gateway';
import type { Caps } from '../kube/types';

/** Where an upgrade's progress lives, beside the cap snapshot (runners namespace). */
export const UPGRADE_CONFIGMAP = 'gloriousflywheel-arc-apply-upgrade';
const UPGRADE_KEY = 'upgrade.json';
/** The snapshot's label, so `kubectl get cm -l` finds every record arc-apply keeps. */
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'gloriousflywheel-arc-apply' };

/**
 * The upgrade's steps, in order. Each is recorded once done, so a re-run resumes after the last
 * one recorded. The state machine (README "Controller upgrades") in short:
 * - before `remove-sets` a failure rolls the caps back from the snapshot: the fleet is as it was;
 * - `remove-sets` and `await-sets-gone` cannot be undone halfway: a failure keeps the record and a
 *   re-run finishes the removal (or `mode: restore` reinstalls the sets at the old version);
 * - a failure from `crds` to `await-controller` rolls back: the old controller is reinstalled,
 *   then the sets at the old version, caps restored and listeners proven;
 * - a failure in `reinstall-sets` or `prove` keeps the new controller and the record: a re-run
 *   rolls forward.
 */
export const UPGRADE_STEPS = [
  'quiesce',
  'remove-sets',
  'await-sets-gone',
  'remove-controller',
  'crds',
  'install-controller',
  'await-controller',
  'reinstall-sets',
  'prove',
] as const;
export type UpgradeStep = (typeof UPGRADE_STEPS)[number];

/** A scale set as it was before the upgrade: what the report's "before" column and a rollback need. */
export interface RecordedSet {
  namespace: string;
  name: string;
  /** The tofu address that manages it (removed with `-target`). */
  address: string;
  version?: string;
  caps: Caps;
}

export interface UpgradeRecord {
  version: 1;
  runId: string;
  startedAt: string;
  /** The controller version before (`from`) and the one being installed (`to`). */
  from: string;
  to: string;
  /** The tfvars variable that pins the version; a rollback plans with `-var <variable>=<from>`. */
  variable: string;
  controllerAddress: string;
  sets: RecordedSet[];
  completed: UpgradeStep[];
  /** CRDs this upgrade created or replaced. */
  crds: string[];
  /** Set while a rollback to `from` is under way, so a re-run finishes the rollback. */
  rollingBack?: boolean;
  lastError?: string;
}

export function nextStep(record: UpgradeRecord): UpgradeStep | undefined {
  return UPGRADE_STEPS.find((s) => !record.completed.includes(s));
}

export async function readUpgradeRecord(
  gw: ClusterGateway,
  namespace: string,
): Promise<UpgradeRecord | undefined> {
  const text = (await gw.getConfigMap(namespace, UPGRADE_CONFIGMAP))?.data?.[UPGRADE_KEY];
  if (!text) return undefined;
  const value = JSON.parse(text) as UpgradeRecord;
  if (value?.version !== 1 || !Array.isArray(value.completed) || !Array.isArray(value.sets)) {
    throw new FlywheelError(
      'RESTORE_FAILED',
      `ConfigMap ${UPGRADE_CONFIGMAP} is not a version-1 upgrade record`,
      {
        hint: `Inspect it with kubectl -n ${namespace} get cm ${UPGRADE_CONFIGMAP} -o yaml.`,
      },
    );
  }
  return value;
}

/** Durable first (the cluster, which a re-run on another runner reads), then the run's own file. */
export async function saveUpgradeRecord(
  gw: ClusterGateway,
  namespace: string,
  record: UpgradeRecord,
  file: string,
): Promise<void> {
  const text = JSON.stringify(record, null, 2);
  await gw.putConfigMap(namespace, UPGRADE_CONFIGMAP, { [UPGRADE_KEY]: text }, MANAGED_BY);
  await writeFile(file, text, { mode: 0o600 });
}

export async function deleteUpgradeRecord(gw: ClusterGateway, namespace: string): Promise<void> {
  await gw.deleteConfigMap(namespace, UPGRADE_CONFIGMAP);
}

/** An apply (or a second upgrade) must not run while an upgrade has removed or is removing sets. */
export async function assertNoUpgradeInProgress(gw: ClusterGateway, namespace: string): Promise<void> {
  const record = await readUpgradeRecord(gw, namespace);
  if (!record) return;
  throw new FlywheelError(
    'UPGRADE_IN_PROGRESS',
    `an ARC controller upgrade ${record.from} → ${record.to} (run ${record.runId}) is not finished`,
    {
      hint: `Re-run mode: upgrade to finish it, or mode: restore to roll it back to ${record.from}; then apply.`,
    },
  );
}
