import type { KubeObject } from '../../kube/index';
import type { StoreView } from '../cluster';
import { LABEL } from '../constants';
import type { SimJob } from '../github';

/**
 * What the metrics endpoints read from the simulated fleet, and nothing more: the listeners, the
 * runner sets with their runners, and the jobs. Kept narrow so the simulator's controllers can
 * change (async, a real API server) without touching the exporters.
 */
export interface ArcMetricsState {
  listeners(): ListenerState[];
  runnerSets(): RunnerSetState[];
  jobs(): JobState[];
}

export interface ListenerState {
  /** The AutoscalingListener (the controller's `gha_controller_running_listeners` labels). */
  name: string;
  namespace: string;
  /** Its pod is Running: the listener process serves metrics. */
  running: boolean;
  /** `namespace/name` of the AutoscalingRunnerSet it serves. */
  scaleSet: string;
  /**
   * The EphemeralRunnerSet it scales: the listener's own metric labels `name` and `namespace` are
   * these (cmd/ghalistener/main.go passes `EphemeralRunnerSetName`/`…Namespace` to the exporter).
   */
  ersName: string;
  ersNamespace: string;
  githubConfigUrl: string;
  minRunners: number;
  maxRunners: number;
}

export interface RunnerSetState {
  /** The AutoscalingRunnerSet (from the EphemeralRunnerSet's scale-set labels), `namespace/name`. */
  scaleSet: string;
  githubConfigUrl: string;
  runners: RunnerState[];
}

export interface RunnerState {
  name: string;
  /** EphemeralRunner phase; `''` when not yet set. */
  phase: string;
  deleting: boolean;
  /** Registered with GitHub (a runner id). */
  registered: boolean;
}

export interface JobState {
  /** `namespace/name` of the scale set it targets. */
  scaleSet: string;
  repository: string;
  displayName: string;
  state: SimJob['state'];
  runnerName?: string;
  /** Simulated epoch milliseconds. */
  assignedAt?: number;
  startedAt?: number;
  finishedAt?: number;
}

const spec = (o: KubeObject) => (o.spec ?? {}) as Record<string, unknown>;

/** The state of a running simulated cluster, read through its store view and job list. */
export function simulatorState(source: {
  store: Pick<StoreView, 'list'>;
  jobs(): SimJob[];
}): ArcMetricsState {
  const { store } = source;
  return {
    listeners: () =>
      store.list('AutoscalingListener').map((al) => {
        const s = spec(al);
        const pod = store
          .list('Pod', al.metadata.namespace)
          .find((p) => p.metadata.name === al.metadata.name && !p.metadata.deletionTimestamp);
        return {
          name: al.metadata.name!,
          namespace: al.metadata.namespace!,
          running: !al.metadata.deletionTimestamp && (pod?.status as { phase?: string })?.phase === 'Running',
          scaleSet: `${s['autoscalingRunnerSetNamespace']}/${s['autoscalingRunnerSetName']}`,
          ersName: String(s['ephemeralRunnerSetName']),
          ersNamespace: String(s['autoscalingRunnerSetNamespace']),
          githubConfigUrl: String(s['githubConfigUrl'] ?? ''),
          minRunners: Number(s['minRunners'] ?? 0),
          maxRunners: Number(s['maxRunners'] ?? 0),
        };
      }),
    runnerSets: () => {
      const runners = store.list('EphemeralRunner');
      return store.list('EphemeralRunnerSet').map((ers) => {
        const labels = ers.metadata.labels ?? {};
        const owned = runners.filter((er) =>
          er.metadata.ownerReferences?.some((r) => r.controller && r.uid === ers.metadata.uid),
        );
        const runnerSpec = (spec(ers)['ephemeralRunnerSpec'] ?? {}) as Record<string, unknown>;
        return {
          scaleSet: `${labels[LABEL.scaleSetNamespace]}/${labels[LABEL.scaleSetName]}`,
          githubConfigUrl: String(runnerSpec['githubConfigUrl'] ?? ''),
          runners: owned.map((er) => {
            const st = (er.status ?? {}) as { phase?: string; runnerId?: number };
            return {
              name: er.metadata.name!,
              phase: st.phase ?? '',
              deleting: Boolean(er.metadata.deletionTimestamp),
              registered: (st.runnerId ?? 0) > 0,
            };
          }),
        };
      });
    },
    jobs: () =>
      source.jobs().map((j) => ({
        scaleSet: j.scaleSet,
        repository: j.repository,
        displayName: j.displayName,
        state: j.state,
        ...(j.runnerName ? { runnerName: j.runnerName } : {}),
        ...(j.assignedAt !== undefined ? { assignedAt: j.assignedAt } : {}),
        ...(j.startedAt !== undefined ? { startedAt: j.startedAt } : {}),
        ...(j.finishedAt !== undefined ? { finishedAt: j.finishedAt } : {}),
      })),
  };
}

/**
 * ARC's reading of a GitHub config URL (actions.ParseGitHubConfigFromURL): an org URL gives the
 * organization, a repo URL adds the repository, an enterprise URL the enterprise.
 */
export function configUrlLabels(url: string): {
  enterprise: string;
  organization: string;
  repository: string;
} {
  let parts: string[] = [];
  try {
    parts = new URL(url).pathname.split('/').filter(Boolean);
  } catch {
    // An unparsable URL labels nothing, as the controller publishes no metric for it.
  }
  if (parts[0] === 'enterprises') return { enterprise: parts[1] ?? '', organization: '', repository: '' };
  return { enterprise: '', organization: parts[0] ?? '', repository: parts[1] ?? '' };
}
