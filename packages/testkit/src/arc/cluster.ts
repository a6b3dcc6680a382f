import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Identity,
  KubeApiServer,
  type KubeObject,
  KubeStore,
  kubeconfigYaml,
  type RbacRule,
  resourceByKind,
  seededRandom,
  writeKubeconfig,
} from '../kube/index';
import { SimClock } from './clock';
import { type ArcMinor, DEFAULT_PATCH, type UpdateStrategy } from './constants';
import type { SimTimings } from './context';
import { installController } from './deployment';
import type { SimJob } from './github';
import type { ScaleSetOptions } from './scale-set';
import { ArcSimulator, type EnqueueJobOptions, type SettleResult } from './simulator';

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
} as const;

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
  rbac?: { token: string; user?: string; rules: RbacRule[] }[];
  timings?: Partial<SimTimings>;
}

/** Direct object access for assertions (copies; kinds by name or plural). */
export interface StoreView {
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(kind: string, namespace?: string): KubeObject[];
  readonly raw: KubeStore;
}

export interface SimulatedCluster {
  url: string;
  token: string;
  kubeconfig: string;
  kubeconfigPath: string;
  server: KubeApiServer;
  store: StoreView;
  sim: ArcSimulator;
  version: string;
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
  };
  stop(): Promise<void>;
}

/**
 * Starts the fake API server with the ARC controller simulator on it: namespaces, the controller
 * Deployment, a kubeconfig file (0600, in a private temp dir) and the simulator API.
 */
export async function startSimulatedCluster(opts: SimulatedClusterOptions = {}): Promise<SimulatedCluster> {
  const minor = opts.version ?? '0.14';
  const patch = opts.patch ?? DEFAULT_PATCH[minor];
  const strategy = opts.updateStrategy ?? 'immediate';
  const controllerNamespace = opts.controllerNamespace ?? 'arc-systems';
  const runnersNamespace = opts.runnersNamespace ?? 'arc-runners';
  const real = opts.clock === 'real';
  const clock = new SimClock(real ? new Date() : undefined);
  const random = seededRandom(opts.seed ?? 1);
  const store = new KubeStore({
    ...(opts.validateCrds !== undefined ? { validateCrds: opts.validateCrds } : {}),
    now: () => clock.now(),
    random,
    // The simulator's own writes must never carry a field the CRD does not know.
    fieldValidation: 'Strict',
  });
  const token = `sim-${randomBytes(12).toString('hex')}`;
  const identities: Identity[] = (opts.rbac ?? []).map((r) => ({ ...r }));
  const server = new KubeApiServer({ store, adminToken: token, identities });
  const url = await server.start();
  const ns = resourceByKind('Namespace');
  for (const name of new Set(['default', 'kube-system', controllerNamespace, runnersNamespace])) {
    store.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  const version = `${minor}.${patch}`;
  installController(store, version, strategy, controllerNamespace);
  const sim = new ArcSimulator(store, {
    version: { minor, patch },
    strategy,
    controllerNamespace,
    runnersNamespace,
    clock,
    ...(opts.timings ? { timings: opts.timings } : {}),
  });
  if (real) sim.startRealTime(opts.speed ?? 1);
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-sim-'));
  const kubeconfigPath = writeKubeconfig(dir, { server: url, token });
  const view: StoreView = {
    raw: store,
    get: (kind, namespace, name) => store.tryGet(resourceByKind(kind), namespace, name),
    list: (kind, namespace) => store.list(resourceByKind(kind), namespace !== undefined ? { namespace } : {}),
  };
  return {
    url,
    token,
    kubeconfig: kubeconfigYaml({ server: url, token }),
    kubeconfigPath,
    server,
    store: view,
    sim,
    version,
    updateStrategy: strategy,
    controllerNamespace,
    runnersNamespace,
    clock: { now: () => clock.now(), advance: (ms) => sim.advance(ms) },
    arc: {
      addScaleSet: (o) => sim.addScaleSet(o),
      enqueueJob: (o) => sim.enqueueJob(o),
      settle: (maxMs) => sim.settle(maxMs),
      jobs: (scaleSet) => sim.jobs(scaleSet),
      leakIdleRunners: (scaleSet, count) => sim.leakIdleRunners(scaleSet, count),
      churnListener: (scaleSet, times, everyMs) => sim.churnListener(scaleSet, times, everyMs),
      stickListenerCaps: (scaleSet) => sim.stickListenerCaps(scaleSet),
      runnerNeverFinishes: (scaleSet) => sim.runnerNeverFinishes(scaleSet),
      runnerOutdated: (scaleSet, on) => sim.runnerOutdated(scaleSet, on),
      runnerFails: (scaleSet, on) => sim.runnerFails(scaleSet, on),
    },
    stop: async () => {
      sim.stop();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
