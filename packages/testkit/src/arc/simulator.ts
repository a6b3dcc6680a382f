import type { KubeObject, KubeStore } from '../kube/index';
import { SimClock } from './clock';
import type { ArcMinor, UpdateStrategy } from './constants';
import { controllerOf, faultsFor, keyOf, type SimContext, type SimTimings, types } from './context';
import { reconcileArs } from './controllers/ars';
import { reconcileEr } from './controllers/er';
import { reconcileErs } from './controllers/ers';
import { reconcileListener } from './controllers/listener';
import { dispatchJobs } from './dispatch';
import { churnListener, leakIdleRunners, stickListenerCaps } from './fault-scenarios';
import { SimActionsService, type SimJob } from './github';
import { ListenerProcesses } from './listener-process';
import { type ScaleSetOptions, scaleSetObject } from './scale-set';

export interface SimulatorOptions {
  version: { minor: ArcMinor; patch: number };
  strategy: UpdateStrategy;
  controllerNamespace: string;
  runnersNamespace: string;
  timings?: Partial<SimTimings>;
  clock: SimClock;
}

export interface EnqueueJobOptions {
  /** The ARS name (in the runners namespace) or `namespace/name`. */
  scaleSet: string;
  repository?: string;
  durationMs: number;
  /** Delay in simulated milliseconds from now before the job is queued (default 0). */
  at?: number;
  workflowRef?: string;
  displayName?: string;
}

export interface SettleResult {
  settled: boolean;
  /** Simulated milliseconds it took. */
  elapsedMs: number;
}

const DEFAULT_TIMINGS: SimTimings = {
  podStartMs: 10_000,
  listenerStartMs: 2_000,
  listenerPollMs: 50_000,
  messageDelayMs: 1_000,
  requeueMs: 30_000,
};

/**
 * The ARC controller simulator: the ARS, ERS, EphemeralRunner and listener controllers plus the
 * listener processes and GitHub's job dispatch, reconciled over the shared store on a simulated
 * clock. Every write goes through the store (validation, resourceVersion, watch events).
 */
export class ArcSimulator {
  readonly ctx: SimContext;
  readonly listeners: ListenerProcesses;
  readonly errors: string[] = [];
  readonly logs: string[] = [];
  private busy = false;
  private scheduled = false;
  private realTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly store: KubeStore,
    private readonly options: SimulatorOptions,
  ) {
    const minor = options.version.minor;
    this.ctx = {
      store,
      clock: options.clock,
      github: new SimActionsService(),
      version: { minor, patch: options.version.patch, full: `${minor}.${options.version.patch}` },
      strategy: options.strategy,
      controllerNamespace: options.controllerNamespace,
      timings: { ...DEFAULT_TIMINGS, ...options.timings },
      faults: new Map(),
      log: (message) => {
        this.logs.push(`${options.clock.now().toISOString()} ${message}`);
        if (this.logs.length > 5000) this.logs.splice(0, 1000);
      },
      poke: (scaleSet) => this.listeners.poke(scaleSet),
    };
    this.listeners = new ListenerProcesses(this.ctx);
    // Writes from clients (over HTTP) wake the controllers, as watches wake a real controller.
    store.subscribe(() => {
      if (this.busy || this.scheduled || this.stopped) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        if (!this.stopped) this.reconcile();
      });
    });
  }

  get clock(): SimClock {
    return this.ctx.clock;
  }

  get github(): SimActionsService {
    return this.ctx.github;
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      const message = `${what}: ${(error as Error).message}`;
      this.errors.push(message);
      this.ctx.log(`error: ${message}`);
    }
  }

  private fresh(obj: KubeObject, type: (typeof types)[keyof typeof types]): KubeObject | undefined {
    return this.store.peek(type, obj.metadata.namespace, obj.metadata.name!);
  }

  /** One pass of every controller over every object. */
  private pass(): void {
    const { ctx } = this;
    for (const ars of this.store.scan(types.ars)) {
      const cur = this.fresh(ars, types.ars);
      if (cur) this.guard(`reconcile ${keyOf(cur)}`, () => reconcileArs(ctx, cur));
    }
    const runnersByOwner = new Map<string, KubeObject[]>();
    for (const er of this.store.scan(types.er)) {
      const owner = controllerOf(er);
      if (owner) runnersByOwner.set(owner, [...(runnersByOwner.get(owner) ?? []), er]);
    }
    for (const ers of this.store.scan(types.ers)) {
      const cur = this.fresh(ers, types.ers);
      if (cur)
        this.guard(`reconcile ${keyOf(cur)}`, () =>
          reconcileErs(ctx, cur, runnersByOwner.get(cur.metadata.uid!) ?? []),
        );
    }
    for (const er of this.store.scan(types.er)) {
      const cur = this.fresh(er, types.er);
      if (cur) this.guard(`reconcile ${keyOf(cur)}`, () => reconcileEr(ctx, cur));
    }
    for (const al of this.store.scan(types.listener)) {
      const cur = this.fresh(al, types.listener);
      if (cur)
        this.guard(`reconcile ${keyOf(cur)}`, () =>
          reconcileListener(ctx, cur, (a) => this.listeners.start(a)),
        );
    }
    this.guard('dispatch jobs', () => dispatchJobs(ctx, this.listeners));
  }

  /** Runs controller passes at the current instant until nothing changes any more. */
  reconcile(): void {
    const wasBusy = this.busy;
    this.busy = true;
    try {
      for (let i = 0; i < 100; i++) {
        const before = this.store.resourceVersion;
        this.pass();
        if (this.store.resourceVersion === before) break;
      }
    } finally {
      this.busy = wasBusy;
    }
  }

  /** Moves simulated time forward, firing timers in order and reconciling after each. */
  async advance(ms: number): Promise<void> {
    const clock = this.ctx.clock;
    const target = clock.nowMs() + Math.max(0, ms);
    this.reconcile();
    let steps = 0;
    for (;;) {
      const next = clock.nextDue(target);
      if (next === undefined) break;
      this.busy = true;
      try {
        clock.runDue(next);
      } finally {
        this.busy = false;
      }
      this.reconcile();
      // Let HTTP clients and watches run during long simulations.
      if (++steps % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    clock.moveTo(target);
    this.reconcile();
  }

  /**
   * Advances until a whole listener poll passes with no write and no pending one-shot timer (pod
   * starts, job ends, requeues, scheduled faults), or until `maxMs` of simulated time.
   */
  async settle(maxMs = 30 * 60_000): Promise<SettleResult> {
    const clock = this.ctx.clock;
    const start = clock.nowMs();
    const deadline = start + maxMs;
    while (clock.nowMs() < deadline) {
      const rv = this.store.resourceVersion;
      await this.advance(Math.min(this.ctx.timings.listenerPollMs, deadline - clock.nowMs()));
      if (this.store.resourceVersion === rv && clock.pendingForeground === 0) {
        return { settled: true, elapsedMs: clock.nowMs() - start };
      }
    }
    return { settled: false, elapsedMs: clock.nowMs() - start };
  }

  /** Real-time mode (the demo): simulated time follows the wall clock, `speed` times faster. */
  startRealTime(speed = 1, tickMs = 100): void {
    let last = Date.now();
    let running = false;
    this.realTimer = setInterval(() => {
      if (running) return;
      running = true;
      const now = Date.now();
      const elapsed = (now - last) * speed;
      last = now;
      void this.advance(elapsed).finally(() => {
        running = false;
      });
    }, tickMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.realTimer) clearInterval(this.realTimer);
  }

  resolve(scaleSet: string): { namespace: string; name: string; key: string } {
    const [namespace, name] = scaleSet.includes('/')
      ? (scaleSet.split('/') as [string, string])
      : [this.options.runnersNamespace, scaleSet];
    return { namespace, name, key: `${namespace}/${name}` };
  }

  private ars(scaleSet: string): KubeObject {
    const { namespace, name } = this.resolve(scaleSet);
    const ars = this.store.peek(types.ars, namespace, name);
    if (!ars) throw new Error(`no AutoscalingRunnerSet ${namespace}/${name} in the simulated cluster`);
    return ars;
  }

  async addScaleSet(o: ScaleSetOptions): Promise<void> {
    const namespace = o.namespace ?? this.options.runnersNamespace;
    if (!this.store.peek(types.namespace, undefined, namespace)) {
      this.store.create(types.namespace, undefined, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      });
    }
    const { ars, secret } = scaleSetObject({ ...o, namespace }, this.ctx.version.full);
    if (!this.store.peek(types.secret, namespace, secret.metadata.name!))
      this.store.create(types.secret, namespace, secret);
    this.store.create(types.ars, namespace, ars);
    this.reconcile();
  }

  enqueueJob(o: EnqueueJobOptions): void {
    const { key } = this.resolve(o.scaleSet);
    const queue = () => {
      this.ctx.github.enqueue({
        scaleSet: key,
        repository: o.repository ?? 'tinyland/example',
        workflowRef:
          o.workflowRef ?? `${o.repository ?? 'tinyland/example'}/.github/workflows/ci.yml@refs/heads/main`,
        workflowRunId: 900_000 + this.ctx.github.jobs.length,
        displayName: o.displayName ?? 'build',
        durationMs: o.durationMs,
      });
      this.listeners.poke(key);
    };
    if (!o.at) queue();
    else this.ctx.clock.schedule(o.at, queue);
  }

  jobs(scaleSet?: string): SimJob[] {
    if (!scaleSet) return [...this.ctx.github.jobs];
    return this.ctx.github.jobsOf(this.resolve(scaleSet).key);
  }

  /** Creates idle runners the controller never scales down (as in the reported leaks); a client delete removes them. */
  async leakIdleRunners(scaleSet: string, count: number): Promise<string[]> {
    const names = leakIdleRunners(this.ctx, this.ars(scaleSet), count);
    this.reconcile();
    return names;
  }

  /** Deletes the scale set's listener `times` times, every `everyMs` (the ARS controller recreates it). */
  churnListener(scaleSet: string, times: number, everyMs: number): void {
    const { namespace, name } = this.resolve(scaleSet);
    churnListener(this.ctx, namespace, name, times, everyMs);
  }

  /** From now on the listener keeps its current min/max: it is not recreated on ARS spec changes. */
  stickListenerCaps(scaleSet: string): void {
    stickListenerCaps(this.ctx, this.ars(scaleSet));
  }

  /** Runners created from now on exit with code 7 (outdated runner version): the 0.14 Outdated path. */
  runnerOutdated(scaleSet: string, on = true): void {
    faultsFor(this.ctx, this.resolve(scaleSet).key).outdated = on;
  }

  /** Runner pods created from now on fail at start (exit 1): retried, then deleted after 5 failures. */
  runnerFails(scaleSet: string, on = true): void {
    faultsFor(this.ctx, this.resolve(scaleSet).key).failing = on;
  }

  /** Jobs that start on this scale set's runners from now on never end. */
  runnerNeverFinishes(scaleSet: string): void {
    faultsFor(this.ctx, this.resolve(scaleSet).key).neverFinishes = true;
  }
}

export type { ScaleSetOptions };
export { SimClock };
