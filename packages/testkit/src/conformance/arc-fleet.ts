import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeActionsService } from '../actions-service/index';
import type { JobRecord } from '../actions-service/jobs';
import type { UpdateStrategy } from '../arc/constants';
import { types } from '../arc/context';
import { controllerDeployment } from '../arc/deployment';
import { type ScaleSetOptions, scaleSetObject } from '../arc/scale-set';
import type { KubeObject } from '../kube/index';
import { kubeconfigYaml, writeKubeconfig } from '../kube/kubeconfig';
import { type RealKube, startRealKube } from '../kube-real/index';
import { KubeProxy } from '../kube-real/proxy';
import { RestClient, resourcePath } from '../kube-real/rest-client';
import type { ArcBinaries } from './arc-binaries';
import { type ArcRelease, ManagerDeployment } from './manager-deployment';
import { ProcessKubelet } from './process-kubelet';

/**
 * A fleet on ARC's real controller: a fresh real API server, the fake GitHub + Actions service,
 * ARC's real manager (run with the chart Deployment's args, the Deployment itself stored as the
 * record clients read the version and update strategy from) and the process kubelet running ARC's
 * real listener. Scale sets are created as the gha-runner-scale-set chart renders them, pointed at
 * the fake service. Namespaces: `arc-runners` and `arc-systems`, as the platform uses them.
 * Clients under test (arc-apply, tofu) reach the server through a plain-HTTP front that logs
 * their requests; ARC's binaries talk to it directly over TLS.
 */
export interface ArcFleetOptions {
  binaries: ArcBinaries & { manager: string };
  /**
   * An older release the fleet starts at (its controller Deployment, manager and scale sets), for
   * an upgrade to `binaries`. The listener binary follows each listener pod's image.
   */
  from?: ArcRelease;
  updateStrategy?: UpdateStrategy;
  sets: FleetScaleSet[];
  /** Test bed users besides the admin (RBAC cases). */
  users?: string[];
  /** How long a job runs once a runner took it, when `queueJob` names none (default 3 s). */
  jobDurationMs?: number;
}

/** A scale set of the fleet; `resources`: the runner container's (an invalid pair makes ARC refuse its pods). */
export interface FleetScaleSet {
  name: string;
  min?: number;
  max?: number;
  versionLabel?: string | null;
  resources?: ScaleSetOptions['resources'];
}

export const FLEET_RUNNERS = 'arc-runners';
export const FLEET_CONTROLLER = 'arc-systems';
const PAT = 'ghp_conformance_fleet';
const ORG = 'tinyland';

export interface ArcFleet {
  kube: RealKube;
  service: FakeActionsService;
  kubelet: ProcessKubelet;
  /** The GitHub config URL the fleet's scale sets use (the fake service's organisation). */
  configUrl: string;
  /** The front clients under test use: its `requests(method, prefix)` are what they did. */
  front: KubeProxy;
  /** A kubeconfig (YAML) through the front, for a test bed user (default the admin). */
  kubeconfig(user?: string): string;
  /** The admin's kubeconfig through the front as a file (for tofu); removed by `stop`. */
  kubeconfigPath: string;
  /** A controller outage: the manager stops; listeners keep running, as their pods would. */
  stopManager(): Promise<void>;
  startManager(): void;
  /** The version ARC's manager runs as now (it follows the controller Deployment), or undefined. */
  managerVersion(): string | undefined;
  /**
   * Creates a scale set as the chart renders it, pointed at the fake service; its version label is
   * the fleet's version unless `versionLabel` says otherwise (`null`: none).
   */
  addScaleSet(set: FleetScaleSet): Promise<void>;
  /** A workflow job for the set, running `durationMs` once a runner takes it. */
  queueJob(set: string, durationMs?: number): JobRecord;
  /** Objects of a kind in the runners namespace (or `namespace`). */
  list(kind: keyof typeof types, namespace?: string): Promise<KubeObject[]>;
  /** Polls until `check` holds (every 200 ms), failing with `what` and the manager's last lines. */
  until(what: string, check: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** Until each set has its listener running and its minRunners runners idle and Running. */
  settled(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startArcFleet(o: ArcFleetOptions): Promise<ArcFleet> {
  const target: ArcRelease = { ...o.binaries };
  const releases = new Map([target, ...(o.from ? [o.from] : [])].map((r) => [r.version, r]));
  const { version } = o.from ?? target;
  const strategy = o.updateStrategy ?? 'immediate';
  const kube = await startRealKube({ users: o.users ?? [] });
  const service = new FakeActionsService({ pat: PAT, orgs: [ORG], longPollMs: 2_000 });
  const rest = new RestClient(kube.url, kube.caPem, kube.tokenOf());
  const front = new KubeProxy(kube.url, kube.caPem);
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-arc-fleet-'));
  const durations = new Map<number, number>();
  const kubelet = new ProcessKubelet({
    kube,
    service,
    // A listener pod's image is the controller image that made it (CONTROLLER_MANAGER_CONTAINER_IMAGE).
    listenerBin: (image) => releases.get(image.slice(image.lastIndexOf(':') + 1))?.listener,
    controllerNamespace: FLEET_CONTROLLER,
    runnersNamespace: FLEET_RUNNERS,
    jobDurationMs: (job) => durations.get(job.requestId) ?? o.jobDurationMs ?? 3_000,
  });
  const deployment = controllerDeployment(version, strategy, FLEET_CONTROLLER);
  const manager = new ManagerDeployment({
    rest,
    namespace: FLEET_CONTROLLER,
    kubeconfig: kube.kubeconfig(),
    releases,
  });
  const create = async (type: (typeof types)[keyof typeof types], ns: string | undefined, body: unknown) => {
    const answer = await rest.call('POST', resourcePath(type, ns), body);
    if (answer.status !== 201)
      throw new Error(`create ${type.kind}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as KubeObject;
  };
  const list = async (kind: keyof typeof types, namespace = FLEET_RUNNERS) => {
    const answer = await rest.call('GET', resourcePath(types[kind], namespace));
    if (answer.status !== 200) throw new Error(`list ${kind}: HTTP ${answer.status}`);
    return (answer.body as { items: KubeObject[] }).items;
  };
  const managerTail = () => manager.output().split('\n').slice(-15).join('\n');
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end)
        throw new Error(
          `${what}: not within ${timeoutMs} ms${kubelet.lastError ? ` (kubelet: ${kubelet.lastError})` : ''}${manager.lastError ? ` (controller Deployment: ${manager.lastError})` : ''}\nmanager's last lines:\n${managerTail()}`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const stop = async () => {
    await manager.stop();
    await kubelet.stop();
    await service.stop();
    await front.stop();
    rest.close();
    await kube.stop();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await service.start();
    await front.start();
    const kubeconfig = (user?: string) => kubeconfigYaml({ server: front.url, token: kube.tokenOf(user) });
    const kubeconfigPath = writeKubeconfig(dir, { server: front.url, token: kube.tokenOf() });
    await kube.createNamespace(FLEET_CONTROLLER);
    await kube.createNamespace(FLEET_RUNNERS);
    await create(types.deployment, FLEET_CONTROLLER, deployment);
    manager.start();
    await until('the controller Deployment available', async () => manager.version() === version);
    kubelet.start();
    const addScaleSet: ArcFleet['addScaleSet'] = async (set) => {
      const { ars, secret } = scaleSetObject(
        {
          name: set.name,
          namespace: FLEET_RUNNERS,
          minRunners: set.min ?? 0,
          maxRunners: set.max ?? 4,
          githubConfigUrl: service.configUrl(ORG),
          ...(set.versionLabel !== undefined ? { versionLabel: set.versionLabel } : {}),
          ...(set.resources ? { resources: set.resources } : {}),
        },
        version,
      );
      await create(types.secret, FLEET_RUNNERS, {
        ...secret,
        data: { github_token: Buffer.from(PAT).toString('base64') },
      });
      await create(types.ars, FLEET_RUNNERS, ars);
    };
    for (const set of o.sets) await addScaleSet(set);
    const fleet: ArcFleet = {
      kube,
      service,
      kubelet,
      configUrl: service.configUrl(ORG),
      front,
      kubeconfig,
      kubeconfigPath,
      stopManager: () => manager.pause(),
      startManager: () => manager.resume(),
      managerVersion: () => manager.version(),
      addScaleSet,
      queueJob: (set, durationMs) => {
        const job = service.queueJob(set);
        if (durationMs !== undefined) durations.set(job.requestId, durationMs);
        return job;
      },
      list,
      until,
      settled: (timeoutMs = 90_000) =>
        until(
          'every scale set settled at minRunners with a running listener',
          async () => {
            const [sets, runners, listeners] = await Promise.all([
              list('ers'),
              list('er'),
              list('listener', FLEET_CONTROLLER),
            ]);
            const running = new Set(kubelet.runningListeners());
            return o.sets.every((s) => settledAtMin(s.name, s.min ?? 0, sets, runners, listeners, running));
          },
          timeoutMs,
        ),
      stop,
    };
    return fleet;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The set's listener process runs, and its runner set holds exactly minRunners runners, all Running. */
function settledAtMin(
  name: string,
  min: number,
  runnerSets: KubeObject[],
  runners: KubeObject[],
  listeners: KubeObject[],
  runningListeners: Set<string>,
): boolean {
  const set = runnerSets.find((e) => e.metadata.labels?.['actions.github.com/scale-set-name'] === name);
  if (!set) return false;
  // A replicas of 0 is absent from the stored object (the listener patches it to null).
  const replicas = (set.spec as { replicas?: number }).replicas ?? 0;
  const own = runners.filter((r) => r.metadata.ownerReferences?.[0]?.uid === set.metadata.uid);
  const up = own.filter((r) => (r.status as { phase?: string } | undefined)?.phase === 'Running');
  const listenerUp = listeners.some(
    (l) =>
      (l.spec as { autoscalingRunnerSetName?: string }).autoscalingRunnerSetName === name &&
      runningListeners.has(l.metadata.name!),
  );
  return listenerUp && replicas === min && own.length === min && up.length === min;
}
