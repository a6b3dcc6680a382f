import { type KubeObject, kubeTimestamp } from '../kube/index';
import { type ClusterBackend, isConflict } from './backend/types';
import type { SimClock, TimerFn } from './clock';
import type { ArcMinor, UpdateStrategy } from './constants';
import { faultsFor, keyOf, type SimContext, type SimTimings, types } from './context';
import type { Controller } from './controller';
import {
  ControllerRollout,
  type ControllerUpgradeOptions,
  leaveOldListenersBehind,
} from './controller-upgrade';
import { arsController } from './controllers/ars';
import { deploymentController } from './controllers/deployment';
import { erController } from './controllers/er';
import { ersController } from './controllers/ers';
import { listenerController } from './controllers/listener';
import { setControllerAvailable } from './deployment';
import { dispatchController } from './dispatch';
import { churnListener, leakIdleRunners, stickListenerCaps } from './fault-scenarios';
import { SimActionsService, type SimJob } from './github';
import { ListenerProcesses } from './listener-process';
import { type ScaleSetOptions, scaleSetObject } from './scale-set';
import { SerialLock } from './serial-lock';
import {
  abandonListener,
  githubConfigSecretMissing,
  listenerCrashLoops,
  staleListener,
} from './sick-listeners';
import {
  killRunnerContainer,
  runnerStuckTerminating,
  setRunnerPodsUnschedulable,
  TOO_MANY_PODS,
} from './sick-runners';
import { type PileUpOptions, pileUpPods } from './utility-pods';

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
  listenerCrashMs: 5_000,
  sessionConflictMs: 1_000,
};

/** More passes than this at one instant means controllers fight each other: stop and say so. */
const MAX_PASSES = 100;

/**
 * The ARC controller simulator: the ARS, ERS, EphemeralRunner and listener controllers plus the
 * listener processes and GitHub's job dispatch, reconciled on a simulated clock over a cluster
 * backend (the testkit's fake or a real API server). Controllers read the backend's cache and
 * await their writes in a fixed order; on the fake every write is answered at once, so a seeded
 * run reproduces exactly. Controllers, time and settling are serialised by one lock.
 */
export class ArcSimulator {
  readonly ctx: SimContext;
  readonly listeners: ListenerProcesses;
  /** The controllers of a pass, in order (see `use`). */
  readonly controllers: Controller[];
  readonly errors: string[] = [];
  readonly logs: string[] = [];
  private readonly lock = new SerialLock();
  private wakeScheduled = false;
  /** A change by someone else arrived while the lock was held. */
  private dirty = false;
  /** Simulated time is moving (an `advance` holds the lock). */
  private advancing = false;
  private realTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly rollout: ControllerRollout;

  constructor(
    readonly backend: ClusterBackend,
    private readonly options: SimulatorOptions,
  ) {
    const minor = options.version.minor;
    this.ctx = {
      cache: backend.cache,
      api: backend.api,
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
      logError: (message) => {
        this.errors.push(message);
        this.ctx.log(`error: ${message}`);
      },
      poke: (scaleSet) => this.listeners.poke(scaleSet),
      controllerDown: false,
    };
    this.listeners = new ListenerProcesses(this.ctx);
    this.rollout = new ControllerRollout(this.ctx, async (before, after) => {
      await leaveOldListenersBehind(this.ctx, before, after);
    });
    this.controllers = [
      // First: whether ARC's controllers run in this pass follows from the Deployment.
      deploymentController(this.rollout),
      arsController,
      ersController,
      erController,
      listenerController(this.listeners),
      dispatchController(this.listeners),
    ];
    // Writes by clients (and by the cluster's own controllers) wake the controllers, as watch
    // events wake a real controller.
    backend.onExternalChange(() => this.wake());
  }

  get clock(): SimClock {
    return this.ctx.clock;
  }

  get github(): SimActionsService {
    return this.ctx.github;
  }

  /** Adds a controller to every pass, before the named one (default: last). */
  use(controller: Controller, o: { before?: string } = {}): void {
    const at = o.before ? this.controllers.findIndex((c) => c.name === o.before) : -1;
    if (o.before && at < 0) throw new Error(`no controller named ${o.before}`);
    this.controllers.splice(at < 0 ? this.controllers.length : at, 0, controller);
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.lock.busy) {
      this.dirty = true;
      return;
    }
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      if (!this.stopped) void this.reconcile().catch((error: Error) => this.failed('wake-up', error));
    });
  }

  /**
   * A client's write through the real server's proxy, before the client gets the answer: the
   * controllers react at the current instant first, as they do on the fake, whose store wakes them
   * in the same turn of the event loop as the write. While time is moving the step in progress
   * picks the write up instead (so does the fake's).
   */
  async reactToClientWrite(): Promise<void> {
    if (this.stopped) return;
    if (this.advancing) {
      this.dirty = true;
      return;
    }
    // Behind a pass in progress (a wake-up's), then one that sees this write.
    await this.reconcile();
  }

  /** Work nobody awaits (a wake-up, a real-time tick) reports its failure here, never unhandled. */
  private failed(what: string, error: Error): void {
    this.errors.push(`${what}: ${error.message}`);
    this.ctx.log(`error: ${what}: ${error.message}`);
  }

  /** Runs `fn`, logging what it throws under `what` (a function where the name costs a string per call). */
  private async guard(what: string | (() => string), fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      const name = typeof what === 'string' ? what : what();
      // A conflict is a requeue: the write counted, so another pass runs on fresher state.
      if (isConflict(error)) {
        this.ctx.log(`${name}: conflict, requeued`);
        return;
      }
      const message = `${name}: ${(error as Error).message}`;
      this.errors.push(message);
      this.ctx.log(`error: ${message}`);
    }
  }

  /** One pass of every controller; returns how much it did (writes, cluster-controller work). */
  private async pass(): Promise<number> {
    const { ctx } = this;
    const before = ctx.api.writes;
    const clusterWork = this.backend.runClusterControllers();
    for (const controller of this.controllers) {
      if (controller.partOfManager && ctx.controllerDown) continue;
      if (controller.kind === undefined) {
        await this.guard(controller.name, () => controller.reconcile(ctx));
        continue;
      }
      const kind = controller.kind;
      for (const listed of ctx.cache.list(kind)) {
        const obj: KubeObject | undefined = ctx.cache.get(
          kind,
          listed.metadata.namespace,
          listed.metadata.name!,
        );
        if (!obj || obj.metadata.uid !== listed.metadata.uid) continue;
        await this.guard(
          () => `${controller.name}: ${keyOf(obj)}`,
          () => controller.reconcile(ctx, obj),
        );
      }
    }
    return clusterWork + ctx.api.writes - before;
  }

  /** Passes at the current instant until one does nothing; the lock must be held. */
  private async settleInstant(): Promise<void> {
    for (let i = 0; i < MAX_PASSES; i++) {
      // Every pass reads a cache that holds all writes made so far (ours and clients').
      await this.backend.sync();
      this.dirty = false;
      const did = await this.pass();
      if (did === 0 && !this.dirty) return;
    }
    this.errors.push(
      `controllers still writing after ${MAX_PASSES} passes at ${this.clock.now().toISOString()}`,
    );
  }

  /** Runs controller passes at the current instant until nothing changes any more. */
  reconcile(): Promise<void> {
    return this.lock.run(() => this.settleInstant());
  }

  private runTimer = async (fn: TimerFn): Promise<void> => {
    await this.guard('timer', fn);
    // The next timer sees what this one wrote (a listener's first poll, its pod Running).
    await this.backend.sync();
  };

  /** Moves simulated time forward, firing timers in order and reconciling after each. */
  advance(ms: number): Promise<void> {
    return this.lock.run(async () => {
      this.advancing = true;
      try {
        await this.advanceLocked(ms);
      } finally {
        this.advancing = false;
      }
    });
  }

  private async advanceLocked(ms: number): Promise<void> {
    const clock = this.ctx.clock;
    const target = clock.nowMs() + Math.max(0, ms);
    await this.settleInstant();
    let steps = 0;
    for (;;) {
      const next = clock.nextDue(target);
      if (next === undefined) break;
      await clock.runDue(next, this.runTimer);
      await this.settleInstant();
      // Let HTTP clients and watches run during long simulations.
      if (++steps % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    clock.moveTo(target);
    await this.settleInstant();
  }

  /**
   * Advances until a whole listener poll passes with nothing stored by anyone, no pending one-shot
   * timer (pod starts, job ends, requeues, scheduled faults) and no pending garbage-collection or
   * namespace work, or until `maxMs` of simulated time.
   */
  async settle(maxMs = 30 * 60_000): Promise<SettleResult> {
    const clock = this.ctx.clock;
    const start = clock.nowMs();
    const deadline = start + maxMs;
    while (clock.nowMs() < deadline) {
      const seen = this.backend.changeCount();
      await this.advance(Math.min(this.ctx.timings.listenerPollMs, deadline - clock.nowMs()));
      await this.backend.sync();
      if (this.backend.changeCount() === seen && clock.pendingForeground === 0 && this.backend.idle()) {
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
      void this.advance(elapsed)
        .catch((error: Error) => this.failed('real-time tick', error))
        .finally(() => {
          running = false;
        });
    }, tickMs);
  }

  /** Stops the clock and the controllers; resolves once a pass in progress has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.realTimer) clearInterval(this.realTimer);
    await this.lock.run(async () => {});
  }

  resolve(scaleSet: string): { namespace: string; name: string; key: string } {
    const [namespace, name] = scaleSet.includes('/')
      ? (scaleSet.split('/') as [string, string])
      : [this.options.runnersNamespace, scaleSet];
    return { namespace, name, key: `${namespace}/${name}` };
  }

  private ars(scaleSet: string): KubeObject {
    const { namespace, name } = this.resolve(scaleSet);
    const ars = this.ctx.cache.get(types.ars, namespace, name);
    if (!ars) throw new Error(`no AutoscalingRunnerSet ${namespace}/${name} in the simulated cluster`);
    return ars;
  }

  async addScaleSet(o: ScaleSetOptions): Promise<void> {
    const namespace = o.namespace ?? this.options.runnersNamespace;
    await this.backend.ensureNamespace(namespace);
    const { ars, secret } = scaleSetObject({ ...o, namespace }, this.ctx.version.full);
    if (!this.ctx.cache.get(types.secret, namespace, secret.metadata.name!))
      await this.ctx.api.create(types.secret, namespace, secret);
    await this.ctx.api.create(types.ars, namespace, ars);
    await this.reconcile();
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
    const names = await this.lock.run(() => leakIdleRunners(this.ctx, this.ars(scaleSet), count));
    await this.reconcile();
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

  /**
   * Runner pods created from now on are refused with a non-quota 403 Forbidden (a PodSecurity
   * refusal): the EphemeralRunner controller marks each runner Failed (reason `InvalidPod`, message
   * `Failed to create the pod: …`), removes it from GitHub and leaves it; the runner set counts it,
   * so the set stops scaling up (markAsFailed, ephemeralrunner_controller.go 0.14.2).
   */
  runnerPodRejected(scaleSet: string, on = true): void {
    faultsFor(this.ctx, this.resolve(scaleSet).key).podRejected = on;
  }

  /**
   * `count` registered runners (idle, or with `busy` ones holding a running job) lose their pod with
   * their node and are deleted; GitHub's RemoveRunner answers JobStillRunning for them forever, so
   * each stays with its deletionTimestamp and finalizers (the registration finalizer loop, PR #4585).
   * Returns their names; a client that removes their finalizers lets them go.
   */
  async runnerStuckTerminating(
    scaleSet: string,
    count: number,
    opts: { busy?: boolean } = {},
  ): Promise<string[]> {
    const names = await this.lock.run(() =>
      runnerStuckTerminating(this.ctx, this.ars(scaleSet), count, opts.busy ?? false),
    );
    await this.reconcile();
    return names;
  }

  /**
   * The runner container of `runner` (of `scaleSet`) is killed from outside ARC with `exitCode`
   * (default 137, the OOM killer): its pod fails. A runner holding a job is deleted for it, any
   * other gets a new pod after the failure backoff (deleteEphemeralRunnerOrPod, 0.14.2).
   */
  async killRunnerContainer(scaleSet: string, runner: string, exitCode = 137): Promise<void> {
    const { namespace } = this.resolve(scaleSet);
    const killed = await this.lock.run(() => killRunnerContainer(this.ctx, namespace, runner, exitCode));
    if (!killed) throw new Error(`killRunnerContainer: runner ${namespace}/${runner} has no pod`);
    await this.reconcile();
  }

  /**
   * Leaves a listener with the <=0.13.0 name beside the set's live one, pointing at a runner set long
   * gone, as an upgrade across 0.13.0→0.13.1 does (#4346, #4629): no controller cleans it up and its
   * pod keeps failing and being recreated. Returns its name (controller namespace).
   */
  async staleListener(scaleSet: string): Promise<string> {
    const name = await this.lock.run(() => staleListener(this.ctx, this.ars(scaleSet)));
    await this.reconcile();
    return name;
  }

  /**
   * Removes the set's ARS with its finalizer stripped (an uninstall in the wrong order, #2781/#3574):
   * its listener stays and the listener controller fails on every reconcile of it (the ARS is
   * missing) and never cleans it up. Returns the listener's name.
   */
  async abandonListener(scaleSet: string): Promise<string> {
    const name = await this.lock.run(() => abandonListener(this.ctx, this.ars(scaleSet)));
    await this.reconcile();
    return name;
  }

  /**
   * The set's listener container exits 1 shortly after each start (`listenerCrashMs`); the listener
   * controller deletes the terminated pod and makes a new one (autoscalinglistener_controller.go).
   * A crash loop never settles: advance the clock instead of `settle`.
   */
  listenerCrashLoops(scaleSet: string, on = true): void {
    const { namespace, name, key } = this.resolve(scaleSet);
    listenerCrashLoops(this.ctx, key, this.ctx.cache.get(types.ars, namespace, name), on);
  }

  /**
   * Deletes the set's `githubConfigSecret`: the listener controller's GetAppConfig fails from now on
   * (a listener recreated gets no config secret and no pod), and so does every controller call to
   * GitHub (new runners' JIT config, scale-down, deregistration). Returns the secret's name.
   */
  async githubConfigSecretMissing(scaleSet: string): Promise<string> {
    const name = await this.lock.run(() => githubConfigSecretMissing(this.ctx, this.ars(scaleSet)));
    await this.reconcile();
    return name;
  }

  /**
   * Runner pods created from now on stay Pending, unscheduled, with the scheduler's
   * `PodScheduled=False` / `Unschedulable` condition and `message` (default: every node at its
   * pod-count ceiling). `false` lets the scheduler place them again, those waiting included.
   */
  runnerPodsUnschedulable(scaleSet: string, message: string | false = TOO_MANY_PODS): void {
    setRunnerPodsUnschedulable(this.ctx, this.resolve(scaleSet), message);
    this.wake();
  }

  /** Finished utility pods (a CronJob's Job pods, no ARC owner) ended `ageMs` ago; returns their names. */
  async pileUpPods(namespace: string, count: number, opts: PileUpOptions = {}): Promise<string[]> {
    await this.backend.ensureNamespace(namespace);
    const names = await this.lock.run(() => pileUpPods(this.ctx, namespace, count, opts));
    await this.reconcile();
    return names;
  }

  /**
   * The controller manager is down (`true`) or back (`false`): its Deployment reports no available
   * replica (condition Available=False, MinimumReplicasUnavailable) and ARC's controllers stop
   * reconciling; listener pods, runner pods and GitHub go on.
   */
  async controllerUnavailable(on = true): Promise<void> {
    if (!on && this.rollout.pending && this.ctx.controllerDown) {
      throw new Error(
        `the controller rollout to ${this.rollout.pending.full} is in progress: upgradeController to the old version rolls it back`,
      );
    }
    await this.lock.run(async () => {
      this.ctx.controllerDown = on;
      const at = kubeTimestamp(this.clock.now());
      await setControllerAvailable(
        this.ctx.api,
        this.options.controllerNamespace,
        !on,
        at,
        this.rollout.generation,
      );
    });
    await this.reconcile();
  }

  /**
   * Rolls the controller Deployment to `version` (`0.14.2`): its template gets the new image and
   * `app.kubernetes.io/version` (generation bumped), its status reports the rollout, and once the new
   * pod is available (`timings.podStartMs`) the simulated controllers are that version: the version
   * gate deletes every ARS whose label is another major.minor (arcVersionGateAllows, shared with arc-apply), listeners named the
   * old way are left behind where the name hash changed (0.13.0→0.13.1), 0.14 writes `status.phase`
   * and the change-hash annotation. `how: 'rolling'` (helm upgrade; the old pod serves meanwhile) or
   * `'reinstall'` (uninstall and install: nothing reconciles until the new pod is up);
   * `imagePullFails` leaves the new pod Pending (ErrImagePull) until a later call rolls back.
   */
  async upgradeController(version: string, opts: ControllerUpgradeOptions = {}): Promise<void> {
    await this.lock.run(() => this.rollout.start(version, opts));
    await this.reconcile();
  }

  /**
   * Every rollout of the controller Deployment to `version` from now on (by upgradeController or by
   * a client writing the Deployment) behaves as `imagePullFails`: the new pod stays Pending
   * (ErrImagePull), never available, ProgressDeadlineExceeded after 600 s. A later change to
   * another version (a rollback) removes that pod and completes. `false` undoes it.
   */
  imagePullFailsFor(version: string, on = true): void {
    this.rollout.imagePullFailsFor(version, on);
  }

  /** The controller version the simulated controllers run as now. */
  get controllerVersion(): string {
    return this.ctx.version.full;
  }
}

export type { ScaleSetOptions, SimClock };
