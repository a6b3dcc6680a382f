import type { KubeObject, StoreEvent } from '../../kube/index';
import type { SimulatedCluster } from '../cluster';
import { LABEL } from '../constants';

/** What one scale set's runners and listener did inside the measured window (simulated time). */
export interface RunnerUsage {
  /** Runner-milliseconds with a registered, ready runner that had no job (the warm pool's cost). */
  idleRunnerMs: number;
  /** Runners created (each a cold start: a new pod). */
  runnersCreated: number;
  /** Listeners created after the first (each ARS spec change recreates it). */
  listenerRecreations: number;
  /** Milliseconds with no running listener pod: jobs are not acquired and nothing scales. */
  listenerDownMs: number;
}

interface RunnerState {
  ready: boolean;
  busy: boolean;
}

/**
 * Watches the simulated cluster's store (every write the controllers make) and integrates the idle
 * runners and the listener's absence over simulated time, inside [from, to).
 */
export class RunnerMeter {
  readonly usage: RunnerUsage = {
    idleRunnerMs: 0,
    runnersCreated: 0,
    listenerRecreations: 0,
    listenerDownMs: 0,
  };
  private readonly runners = new Map<string, RunnerState>();
  private idle = 0;
  private listenerUp = false;
  private listenersSeen = 0;
  private last: number;
  private readonly stopWatching: () => void;

  constructor(
    private readonly cluster: SimulatedCluster,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.last = cluster.clock.now().getTime();
    // The scale set's first listener may already exist: only later ones are recreations.
    this.listenersSeen = cluster.store.list('AutoscalingListener').length;
    this.listenerUp = cluster.store
      .list('Pod')
      .some((p) => isListenerPod(p) && (p.status as { phase?: string } | undefined)?.phase === 'Running');
    // The replayer runs on the fake backend, whose store it subscribes to.
    this.stopWatching = cluster.store.raw!.subscribe((event) => this.onEvent(event));
  }

  /** Adds the time since the last change, clipped to the window. */
  private accrue(now: number): void {
    const a = Math.max(this.last, this.from);
    const b = Math.min(now, this.to);
    if (b > a) {
      this.usage.idleRunnerMs += this.idle * (b - a);
      if (!this.listenerUp) this.usage.listenerDownMs += b - a;
    }
    this.last = Math.max(this.last, now);
  }

  private onEvent(event: StoreEvent): void {
    const kind = event.object.kind;
    if (kind !== 'EphemeralRunner' && kind !== 'Pod' && kind !== 'AutoscalingListener') return;
    const now = this.cluster.clock.now().getTime();
    this.accrue(now);
    if (kind === 'EphemeralRunner') this.runner(event, now);
    else if (kind === 'AutoscalingListener' && event.type === 'ADDED') {
      if (this.listenersSeen++ > 0 && now >= this.from && now < this.to) this.usage.listenerRecreations++;
    } else if (kind === 'Pod' && isListenerPod(event.object)) {
      this.listenerUp =
        event.type !== 'DELETED' &&
        (event.object.status as { phase?: string } | undefined)?.phase === 'Running';
    }
  }

  private runner(event: StoreEvent, now: number): void {
    const name = event.object.metadata.name!;
    const before = this.runners.get(name);
    if (before?.ready && !before.busy) this.idle--;
    if (event.type === 'DELETED' || event.object.metadata.deletionTimestamp) {
      this.runners.delete(name);
      return;
    }
    if (!before && event.type === 'ADDED' && now >= this.from && now < this.to) this.usage.runnersCreated++;
    const status = (event.object.status ?? {}) as { phase?: string; jobId?: string; jobRequestId?: number };
    const state = {
      ready: status.phase === 'Running',
      busy: Boolean(status.jobId) || (status.jobRequestId ?? 0) > 0,
    };
    this.runners.set(name, state);
    if (state.ready && !state.busy) this.idle++;
    if (before?.ready && !before.busy && state.busy) this.refundJobStartedLag(name, now);
  }

  /**
   * The job fields reach a runner when the listener handles JobStarted, after the runner took its
   * job: the runner was busy, not idle, from the job's start (GitHub's view) to this write.
   */
  private refundJobStartedLag(name: string, now: number): void {
    const job = this.cluster.arc.jobs().find((j) => j.runnerName === name && j.startedAt !== undefined);
    if (!job?.startedAt) return;
    const a = Math.max(job.startedAt, this.from);
    const b = Math.min(now, this.to);
    if (b > a) this.usage.idleRunnerMs -= b - a;
  }

  /** Closes the window at `now` and stops watching. */
  finish(now: number): RunnerUsage {
    this.accrue(now);
    this.stopWatching();
    return this.usage;
  }
}

function isListenerPod(pod: KubeObject): boolean {
  return pod.metadata.labels?.[LABEL.component] === 'runner-scale-set-listener';
}
