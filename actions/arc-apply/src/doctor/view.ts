import type { EngineDeps } from '../engine/deps';
import { type FleetView, readFleet } from '../engine/fleet';
import { entryKey, PAUSE_CONFIGMAP } from '../engine/pause-record';
import { type ControllerInfo, controllerAmong } from '../engine/preflight';
import { type PauseMark, readSnapshots, SNAPSHOT_CONFIGMAP } from '../engine/snapshot';
import type { Targets } from '../engine/targets';
import { statusOf } from '../kube/errors';
import { ARC_GROUP, type KubeObject, type Listener, type Pod } from '../kube/types';
import { listenerPodOf, podRunningAndReady } from './pod-state';

/** The thresholds a doctor pass judges by. */
export interface DoctorSettings {
  now: Date;
  /** A listener or set younger than this is still settling. */
  graceMs: number;
  /** How long a condition may last before it is a finding (stuck terminating, Pending, stalled). */
  stuckAfterMs: number;
  /** An idle registered runner beyond the warm pool older than this was never picked up. */
  idleAfterMs: number;
  /** Completed and failed pods older than this have piled up. */
  podAgeMs: number;
}

/** The CRDs of ARC's four kinds, by name; `unreadable` when the token may not read CRDs. */
export type CrdRead = { crds: Map<string, KubeObject | undefined> } | { unreadable: string };

/** Stale assigned-job counts from the listeners' metrics (see metrics.ts). */
export interface StaleAssigned {
  /** The listener's `name` label: its EphemeralRunnerSet's name. */
  runnerSet: string;
  namespace: string;
  /** The smallest excess of gha_assigned_jobs over gha_running_jobs + gha_idle_runners in the window. */
  excess: number;
}
export type MetricsRead = { stale: StaleAssigned[]; windowMs: number } | { unavailable: string };

/** Everything one doctor pass reads, once: a list per kind, joined locally by the checks. */
export interface DoctorView extends FleetView {
  settings: DoctorSettings;
  ns: EngineDeps['ns'];
  runnerPods: Pod[];
  controllerPods: Pod[];
  deployments: KubeObject[];
  controller: (ControllerInfo & { object: KubeObject }) | undefined;
  /** namespace/name of the sets a pause holds (with the pause), and of those an apply run has frozen. */
  paused: Map<string, PauseMark | undefined>;
  frozen: Set<string>;
  crds: CrdRead;
  /** `namespace/name` → whether the secret exists: read only for listeners that are not running. */
  secrets: Map<string, boolean>;
  metrics: MetricsRead;
  /** The source targets, when var-files or targets-file name them. */
  targets: Targets | undefined;
}

export const ARC_CRDS = [
  'autoscalingrunnersets',
  'ephemeralrunnersets',
  'ephemeralrunners',
  'autoscalinglisteners',
].map((plural) => `${plural}.${ARC_GROUP}`);

/** The CRDs by name; a token that may not read CRDs (cluster-scoped) skips that check only. */
async function readCrds(deps: EngineDeps): Promise<CrdRead> {
  try {
    const read = await Promise.all(ARC_CRDS.map(async (name) => [name, await deps.gw.getCrd(name)] as const));
    return { crds: new Map(read) };
  } catch (error) {
    if (statusOf(error) === 403)
      return { unreadable: 'the kubeconfig may not get customresourcedefinitions (a cluster-scoped read)' };
    throw error;
  }
}

/**
 * The secrets a listener needs (existence only: a get, never a list of secret values), read only for listeners whose pod is not running and ready: its
 * config secret (`<listener>-config`, written by the listener controller) and its set's GitHub
 * config secret (without which the controller cannot build that config). A healthy listener
 * proves both exist, so a healthy fleet costs no reads here.
 */
async function readListenerSecrets(
  deps: EngineDeps,
  view: FleetView & { controllerPods: Pod[] },
): Promise<Map<string, boolean>> {
  const wanted = new Set<string>();
  for (const al of view.listeners) {
    if (al.metadata.deletionTimestamp || podRunningAndReady(listenerPodOf(view.controllerPods, al))) continue;
    wanted.add(`${al.metadata.namespace}/${al.metadata.name}-config`);
    const ars = arsOfListener(view, al);
    const secret = (ars?.spec as { githubConfigSecret?: string } | undefined)?.githubConfigSecret;
    if (ars && secret) wanted.add(`${ars.metadata.namespace}/${secret}`);
  }
  const found = await Promise.all(
    [...wanted].map(async (key) => {
      const [namespace, name] = key.split('/') as [string, string];
      try {
        return [[key, await deps.gw.secretExists(namespace, name)] as const];
      } catch (error) {
        // May not read secrets there (the runners namespace): the evidence then says less.
        if (statusOf(error) === 403) return [];
        throw error;
      }
    }),
  );
  return new Map(found.flat());
}

export function arsOfListener(view: FleetView, al: Listener) {
  return view.ars.find(
    (a) =>
      a.metadata.name === al.spec?.autoscalingRunnerSetName &&
      a.metadata.namespace === (al.spec?.autoscalingRunnerSetNamespace ?? a.metadata.namespace),
  );
}

export interface ReadOptions {
  settings: DoctorSettings;
  targets: Targets | undefined;
  metrics: () => Promise<MetricsRead>;
}

/** One pass over the fleet: the lists in parallel, then the few reads only a sick listener needs. */
export async function readDoctorView(deps: EngineDeps, options: ReadOptions): Promise<DoctorView> {
  const { gw, ns } = deps;
  const [fleet, runnerPods, controllerPods, deployments, snapshots, crds, metrics] = await Promise.all([
    readFleet(gw, ns),
    gw.listPods(ns.runners),
    gw.listPods(ns.controller),
    gw.listDeployments(ns.controller),
    readSnapshots(gw, ns.runners),
    readCrds(deps),
    options.metrics(),
  ]);
  const secrets = await readListenerSecrets(deps, { ...fleet, controllerPods });
  const pauses = snapshots.get(PAUSE_CONFIGMAP);
  const applySnapshot = snapshots.get(SNAPSHOT_CONFIGMAP);
  return {
    ...fleet,
    settings: options.settings,
    ns,
    runnerPods,
    controllerPods,
    deployments,
    controller: controllerAmong(deployments),
    paused: new Map((pauses?.sets ?? []).map((e) => [entryKey(e), e.paused])),
    frozen: new Set((applySnapshot?.sets ?? []).map(entryKey)),
    crds,
    secrets,
    metrics,
    targets: options.targets,
  };
}
