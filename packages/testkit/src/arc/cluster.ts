import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedRequest } from '../http/fake-server';
import type { Fault } from '../http/faults';
import {
  type ArcCrdRelease,
  arcCrds,
  type Identity,
  installArcCrdObjects,
  KubeApiServer,
  type KubeObject,
  KubeStore,
  kubeconfigYaml,
  kubeTimestamp,
  type RbacRule,
  replaceArcCrdObjects,
  resourceByKind,
  seededRandom,
  writeKubeconfig,
} from '../kube/index';
import type { RealKube } from '../kube-real/index';
import { KubeProxy } from '../kube-real/proxy';
import { RestClient } from '../kube-real/rest-client';
import { FakeBackend } from './backend/fake-backend';
import { RealBackend } from './backend/real-backend';
import type { ClusterBackend, ObservedChange } from './backend/types';
import { SimClock } from './clock';
import { type ArcMinor, DEFAULT_PATCH, type UpdateStrategy } from './constants';
import { type SimTimings, WATCHED } from './context';
import type { ControllerUpgradeOptions } from './controller-upgrade';
import { installController } from './deployment';
import type { SimJob } from './github';
import type { ScaleSetOptions } from './scale-set';
import { ArcSimulator, type EnqueueJobOptions, type SettleResult } from './simulator';
import type { PileUpOptions } from './utility-pods';

/**
 * Timings for end-to-end runs on the real clock: the controller's waits shrunk to fractions of a
 * second, so a program that polls in real time (a bundle, the CLI, a CI job) sees a fleet settle fast.
 */
export const FAST_REAL_TIME_TIMINGS = {
  podStartMs: 200,
  listenerStartMs: 100,
  listenerPollMs: 500,
  messageDelayMs: 50,
  requeueMs: 500,
  listenerCrashMs: 300,
  sessionConflictMs: 100,
} as const;

/** A user of the cluster and what RBAC lets it do (the admin needs no entry). */
export interface ClusterUser {
  /** On the real server, a user declared when it started (`startRealKube({ users })`). */
  user: string;
  /** The fake's bearer token for the user (default `token-<user>`); the real server makes its own. */
  token?: string;
  rules: RbacRule[];
}

export interface SimulatedClusterOptions {
  version?: ArcMinor;
  patch?: number;
  updateStrategy?: UpdateStrategy;
  controllerNamespace?: string;
  runnersNamespace?: string;
  /** `simulated` (default): time moves only when a test advances it. `real`: it follows the wall clock. */
  clock?: 'simulated' | 'real';
  /** In real-time mode, simulated milliseconds per wall-clock millisecond (default 1). */
  speed?: number;
  validateCrds?: boolean;
  seed?: number;
  rbac?: ClusterUser[];
  timings?: Partial<SimTimings>;
  /**
   * Run on this real API server instead of the testkit's fake. The controller and runners
   * namespaces must not exist yet (one server serves many clusters, each in its own namespaces).
   */
  kube?: RealKube;
}

/** The cluster's front door as tests see it: the fake's HTTP server, or the proxy before the real one. */
export interface KubeFront {
  readonly url: string;
  readonly log: RecordedRequest[];
  requests(method?: string, path?: string | RegExp): RecordedRequest[];
  inject(fault: Fault): void;
}

/** Object access for assertions, from the simulator's cache (copies; kinds by name or plural). */
export interface StoreView {
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(kind: string, namespace?: string): KubeObject[];
  /** The fake's store itself (undefined on a real API server). */
  readonly raw: KubeStore | undefined;
}

export interface SimulatedCluster {
  backend: 'fake' | 'real';
  url: string;
  token: string;
  kubeconfig: string;
  kubeconfigPath: string;
  /** A kubeconfig (YAML) for one of the `rbac` users. */
  kubeconfigFor(user: string): string;
  server: KubeFront;
  /** The fake API server itself, for what only a fake can stage (undefined on a real API server). */
  fakeServer: KubeApiServer | undefined;
  store: StoreView;
  /** Every change to what the simulator watches, whoever made it (see ClusterBackend.onChange). */
  onChange(listener: (change: ObservedChange) => void): void;
  sim: ArcSimulator;
  /** The controller version the simulated controllers run as (moves with `arc.upgradeController`). */
  readonly version: string;
  updateStrategy: UpdateStrategy;
  controllerNamespace: string;
  runnersNamespace: string;
  clock: { now(): Date; advance(ms: number): Promise<void> };
  arc: {
    addScaleSet(o: ScaleSetOptions): Promise<void>;
    enqueueJob(o: EnqueueJobOptions): void;
    settle(maxMs?: number): Promise<SettleResult>;
    jobs(scaleSet?: string): SimJob[];
    leakIdleRunners(scaleSet: string, count: number): Promise<string[]>;
    churnListener(scaleSet: string, times: number, everyMs: number): void;
    stickListenerCaps(scaleSet: string): void;
    runnerNeverFinishes(scaleSet: string): void;
    runnerOutdated(scaleSet: string, on?: boolean): void;
    runnerFails(scaleSet: string, on?: boolean): void;
    runnerPodRejected(scaleSet: string, on?: boolean): void;
    killRunnerContainer(scaleSet: string, runner: string, exitCode?: number): Promise<void>;
    runnerStuckTerminating(scaleSet: string, count: number, opts?: { busy?: boolean }): Promise<string[]>;
    staleListener(scaleSet: string): Promise<string>;
    abandonListener(scaleSet: string): Promise<string>;
    listenerCrashLoops(scaleSet: string, on?: boolean): void;
    githubConfigSecretMissing(scaleSet: string): Promise<string>;
    runnerPodsUnschedulable(scaleSet: string, message?: string | false): void;
    pileUpPods(namespace: string, count: number, opts?: PileUpOptions): Promise<string[]>;
    controllerUnavailable(on?: boolean): Promise<void>;
    /** Rolls the controller Deployment to `version` (see ArcSimulator.upgradeController). */
    upgradeController(version: string, opts?: ControllerUpgradeOptions): Promise<void>;
    /** Rollouts to `version` cannot pull the image, by anyone's write (see ArcSimulator.imagePullFailsFor). */
    imagePullFailsFor(version: string, on?: boolean): void;
    /**
     * Replaces ARC's four CRD objects with that release's, as `kubectl replace` of the chart's crds/
     * does (custom resources kept, storedVersions appended to); returns their names. Fake backend
     * only. The fake still validates and prunes ARC objects with the 0.14.2 schemas.
     */
    installCrds(release: ArcCrdRelease): Promise<string[]>;
  };
  stop(): Promise<void>;
}

/** What each backend brings: the simulator's cluster, the front clients use, and its identities. */
interface Setup {
  backend: ClusterBackend;
  front: KubeFront & { stop(): Promise<void> };
  token: string;
  tokenOf(user: string): string;
  raw: KubeStore | undefined;
  fakeServer: KubeApiServer | undefined;
  namespaces: string[];
}

async function fakeSetup(
  opts: SimulatedClusterOptions,
  clock: SimClock,
  namespaces: string[],
): Promise<Setup> {
  const store = new KubeStore({
    ...(opts.validateCrds !== undefined ? { validateCrds: opts.validateCrds } : {}),
    now: () => clock.now(),
    random: seededRandom(opts.seed ?? 1),
    // The simulator's own writes must never carry a field the CRD does not know.
    fieldValidation: 'Strict',
  });
  // The real backend's test bed installs ARC's CRDs; the fake serves them as objects too.
  installArcCrdObjects(store);
  const token = `sim-${randomBytes(12).toString('hex')}`;
  const tokenOf = (user: string) => opts.rbac?.find((r) => r.user === user)?.token ?? `token-${user}`;
  const identities: Identity[] = (opts.rbac ?? []).map((r) => ({
    token: tokenOf(r.user),
    user: r.user,
    rules: r.rules,
  }));
  const server = new KubeApiServer({ store, adminToken: token, identities });
  await server.start();
  return {
    backend: new FakeBackend(store),
    front: server,
    fakeServer: server,
    token,
    tokenOf,
    raw: store,
    // A fake cluster has no namespaces until someone makes them; a real one has its own.
    namespaces: ['default', 'kube-system', ...namespaces],
  };
}

async function realSetup(
  real: RealKube,
  opts: SimulatedClusterOptions,
  namespaces: string[],
  react: () => Promise<void>,
): Promise<Setup> {
  const client = new RestClient(real.url, real.caPem, real.tokenOf());
  for (const ns of namespaces) {
    const found = await client.call('GET', `/api/v1/namespaces/${encodeURIComponent(ns)}`);
    if (found.status !== 404) {
      client.close();
      throw new Error(
        `namespace ${ns} already exists on the real API server: each simulated cluster needs fresh namespaces`,
      );
    }
  }
  const backend = new RealBackend(client, WATCHED);
  const proxy = new KubeProxy(real.url, real.caPem, async (write) => {
    if (backend.clientWrote(write)) await react();
  });
  await proxy.start();
  for (const user of opts.rbac ?? []) await real.grant(user.user, user.rules);
  return {
    backend,
    front: proxy,
    fakeServer: undefined,
    token: real.tokenOf(),
    tokenOf: (user) => real.tokenOf(user),
    raw: undefined,
    namespaces,
  };
}

/**
 * Starts the ARC controller simulator on a Kubernetes API server — the testkit's fake (default)
 * or a real one (`kube`) — with its namespaces, the controller Deployment, a kubeconfig file
 * (0600, in a private temp dir) for clients, and the simulator API.
 */
export async function startSimulatedCluster(opts: SimulatedClusterOptions = {}): Promise<SimulatedCluster> {
  const minor = opts.version ?? '0.14';
  const patch = opts.patch ?? DEFAULT_PATCH[minor];
  const strategy = opts.updateStrategy ?? 'immediate';
  const controllerNamespace = opts.controllerNamespace ?? 'arc-systems';
  const runnersNamespace = opts.runnersNamespace ?? 'arc-runners';
  const realTime = opts.clock === 'real';
  // Simulated time starts at a fixed instant; on a real server, before every creationTimestamp it
  // stamps (the wall clock), so ages read from those stamps are ages since a client first saw them.
  const clock = new SimClock(realTime ? new Date() : undefined);
  const own = [...new Set([controllerNamespace, runnersNamespace])];
  let sim: ArcSimulator | undefined;
  const react = async () => sim?.reactToClientWrite();
  const setup = opts.kube ? await realSetup(opts.kube, opts, own, react) : await fakeSetup(opts, clock, own);
  const { backend, front } = setup;
  const version = `${minor}.${patch}`;
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-sim-'));
  const stop = async () => {
    await sim?.stop();
    await front.stop();
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const ns of setup.namespaces) await backend.ensureNamespace(ns);
    await installController(backend.api, version, strategy, controllerNamespace, kubeTimestamp(clock.now()));
    await backend.sync();
    sim = new ArcSimulator(backend, {
      version: { minor, patch },
      strategy,
      controllerNamespace,
      runnersNamespace,
      clock,
      ...(opts.timings ? { timings: opts.timings } : {}),
    });
    if (realTime) sim.startRealTime(opts.speed ?? 1);
  } catch (error) {
    await stop();
    throw error;
  }
  const kubeconfigPath = writeKubeconfig(dir, { server: front.url, token: setup.token });
  const copy = (o: KubeObject | undefined) => (o ? (structuredClone(o) as KubeObject) : undefined);
  const view: StoreView = {
    raw: setup.raw,
    get: (kind, namespace, name) => copy(backend.cache.get(resourceByKind(kind), namespace, name)),
    list: (kind, namespace) => backend.cache.list(resourceByKind(kind), namespace).map((o) => copy(o)!),
  };
  const s = sim;
  return {
    backend: backend.kind,
    url: front.url,
    token: setup.token,
    kubeconfig: kubeconfigYaml({ server: front.url, token: setup.token }),
    kubeconfigPath,
    kubeconfigFor: (user) => kubeconfigYaml({ server: front.url, token: setup.tokenOf(user) }),
    server: front,
    fakeServer: setup.fakeServer,
    store: view,
    onChange: (listener) => backend.onChange(listener),
    sim: s,
    // The version the controllers run as now (it moves with upgradeController).
    get version() {
      return s.controllerVersion;
    },
    updateStrategy: strategy,
    controllerNamespace,
    runnersNamespace,
    clock: { now: () => clock.now(), advance: (ms) => s.advance(ms) },
    arc: {
      addScaleSet: (o) => s.addScaleSet(o),
      enqueueJob: (o) => s.enqueueJob(o),
      settle: (maxMs) => s.settle(maxMs),
      jobs: (scaleSet) => s.jobs(scaleSet),
      leakIdleRunners: (scaleSet, count) => s.leakIdleRunners(scaleSet, count),
      churnListener: (scaleSet, times, everyMs) => s.churnListener(scaleSet, times, everyMs),
      stickListenerCaps: (scaleSet) => s.stickListenerCaps(scaleSet),
      runnerNeverFinishes: (scaleSet) => s.runnerNeverFinishes(scaleSet),
      runnerOutdated: (scaleSet, on) => s.runnerOutdated(scaleSet, on),
      runnerFails: (scaleSet, on) => s.runnerFails(scaleSet, on),
      runnerPodRejected: (scaleSet, on) => s.runnerPodRejected(scaleSet, on),
      killRunnerContainer: (scaleSet, runner, exitCode) => s.killRunnerContainer(scaleSet, runner, exitCode),
      runnerStuckTerminating: (scaleSet, count, opts) => s.runnerStuckTerminating(scaleSet, count, opts),
      staleListener: (scaleSet) => s.staleListener(scaleSet),
      abandonListener: (scaleSet) => s.abandonListener(scaleSet),
      listenerCrashLoops: (scaleSet, on) => s.listenerCrashLoops(scaleSet, on),
      githubConfigSecretMissing: (scaleSet) => s.githubConfigSecretMissing(scaleSet),
      runnerPodsUnschedulable: (scaleSet, message) => s.runnerPodsUnschedulable(scaleSet, message),
      pileUpPods: (namespace, count, opts) => s.pileUpPods(namespace, count, opts),
      controllerUnavailable: (on) => s.controllerUnavailable(on),
      upgradeController: (version, opts) => s.upgradeController(version, opts),
      imagePullFailsFor: (version, on) => s.imagePullFailsFor(version, on),
      installCrds: async (release) => {
        if (!setup.raw) {
          throw new Error(
            'installCrds runs on the fake backend only: the real test bed installs 0.14.2 CRDs',
          );
        }
        const found = arcCrds(release);
        if ('missing' in found) throw new Error(found.missing);
        return replaceArcCrdObjects(setup.raw, found.crds);
      },
    },
    stop,
  };
}
