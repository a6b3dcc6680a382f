import type { FakeActionsService } from '../actions-service/index';
import type { JobRecord } from '../actions-service/jobs';
import { types } from '../arc/context';
import { type KubeletPhase, kubeletPodStatus } from '../arc/controllers/pods';
import type { KubeObject } from '../kube/index';
import type { RealKube } from '../kube-real/index';
import { RestClient, resourcePath } from '../kube-real/rest-client';
import { type ListenerConfig, startListenerBinary } from './listener-binary';
import type { SupervisedProcess } from './supervised-process';

/**
 * The kubelet's part around ARC's real controller, on the real API server (which has no nodes):
 * - a listener pod (label `app.kubernetes.io/component=runner-scale-set-listener`, ARC
 *   resourcebuilder.go newScaleSetListenerPod) runs as ARC's real listener process, with the
 *   config from the secret its `listener-config` volume names and the token of its service
 *   account (a TokenRequest, as a projected volume gives it); its exit is reported as the
 *   container terminated, which makes ARC's listener controller replace the pod;
 * - a runner pod (label `actions-ephemeral-runner=True`) goes Pending → Running, then its
 *   "runner" takes a job assigned to its scale set on the fake Actions service, runs it for the
 *   job's duration, completes it and exits 0 (Succeeded), as an ephemeral runner does.
 * A runner pod deleted while its job ran is a job killed: it is recorded, and the job fails.
 */
export interface ProcessKubeletOptions {
  kube: RealKube;
  service: FakeActionsService;
  /** The listener binary: one, or the one for a listener pod's image (undefined: not pullable here). */
  listenerBin: string | ((image: string) => string | undefined);
  controllerNamespace: string;
  runnersNamespace: string;
  /** How long a job runs once a runner took it (default 3 s). */
  jobDurationMs?: (job: JobRecord) => number;
  /** How often pods are looked at (default 200 ms). */
  pollMs?: number;
}

interface RunnerPod {
  uid: string;
  name: string;
  job?: JobRecord;
  endsAt?: number;
}

export interface KilledJob {
  runner: string;
  requestId: number;
}

const LISTENER_SELECTOR = 'app.kubernetes.io/component=runner-scale-set-listener';
const RUNNER_SELECTOR = 'actions-ephemeral-runner=True';

export class ProcessKubelet {
  /** Jobs whose runner pod was deleted while they ran. */
  readonly killed: KilledJob[] = [];
  /** Jobs that ran to their end on a runner. */
  readonly completed: JobRecord[] = [];
  /** Every listener process started (a replaced pod starts another). */
  readonly listenerStarts: { pod: string; at: number }[] = [];
  private readonly rest: RestClient;
  private readonly listeners = new Map<string, { pod: string; process: SupervisedProcess }>();
  private readonly runners = new Map<string, RunnerPod>();
  private readonly released = new Set<string>();
  private holding = false;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  /** The last failure of a pass (a pass that fails is retried on the next tick, as a kubelet syncs). */
  lastError: string | undefined;

  constructor(private readonly o: ProcessKubeletOptions) {
    this.rest = new RestClient(o.kube.url, o.kube.caPem, o.kube.tokenOf());
  }

  start(): void {
    const every = this.o.pollMs ?? 200;
    const loop = () => {
      if (this.stopped) return;
      this.ticking = this.tick()
        .catch((error: Error) => {
          this.lastError = error.message;
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, every);
        });
    };
    loop();
  }

  /** From now on runners take no job (a runner process still starting) until `release`d. */
  hold(): void {
    this.holding = true;
    this.released.clear();
  }

  /** The runner named (or, without a name, every runner) takes jobs again. */
  release(runner?: string): void {
    if (runner) this.released.add(runner);
    else this.holding = false;
  }

  /** The listener processes alive now, by pod name. */
  runningListeners(): string[] {
    return [...this.listeners.values()].filter((l) => l.process.exitCode() === undefined).map((l) => l.pod);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.all([...this.listeners.values()].map((l) => l.process.stop()));
    this.rest.close();
  }

  private async tick(): Promise<void> {
    await this.syncListeners();
    await this.syncRunners();
  }

  private async list(namespace: string, selector: string): Promise<KubeObject[]> {
    const path = `${resourcePath(types.pod, namespace)}?labelSelector=${encodeURIComponent(selector)}`;
    const answer = await this.rest.call('GET', path);
    if (answer.status !== 200) throw new Error(`list pods in ${namespace}: HTTP ${answer.status}`);
    return (answer.body as { items: KubeObject[] }).items;
  }

  private async report(pod: KubeObject, phase: KubeletPhase, exitCode = 0): Promise<void> {
    const path = resourcePath(types.pod, pod.metadata.namespace, pod.metadata.name, 'status');
    // The uid precondition: a report never lands on a newer pod of the same name.
    const body = {
      metadata: { uid: pod.metadata.uid },
      status: kubeletPodStatus(pod, phase, new Date().toISOString(), exitCode),
    };
    const answer = await this.rest.call('PATCH', path, body, 'application/merge-patch+json');
    if (answer.status !== 200 && answer.status !== 404 && answer.status !== 409)
      throw new Error(`report pod ${pod.metadata.name} ${phase}: HTTP ${answer.status}`);
  }

  private async syncListeners(): Promise<void> {
    const pods = await this.list(this.o.controllerNamespace, LISTENER_SELECTOR);
    const live = new Set(pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.uid!));
    for (const [uid, l] of this.listeners)
      if (!live.has(uid)) {
        await l.process.stop();
        this.listeners.delete(uid);
      }
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp || this.listeners.has(pod.metadata.uid!)) continue;
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      await this.startListener(pod);
    }
  }

  private async startListener(pod: KubeObject): Promise<void> {
    const spec = pod.spec as {
      serviceAccountName?: string;
      volumes?: { name: string; secret?: { secretName: string } }[];
      containers?: { image?: string }[];
    };
    const image = spec.containers?.[0]?.image ?? '';
    const bin = typeof this.o.listenerBin === 'string' ? this.o.listenerBin : this.o.listenerBin(image);
    if (!bin) throw new Error(`listener pod ${pod.metadata.name}: no listener binary for image ${image}`);
    const secretName = spec.volumes?.find((v) => v.name === 'listener-config')?.secret?.secretName;
    if (!secretName) throw new Error(`listener pod ${pod.metadata.name} mounts no listener-config secret`);
    const ns = pod.metadata.namespace!;
    const secret = await this.rest.call('GET', resourcePath(types.secret, ns, secretName));
    if (secret.status !== 200) return; // not written yet: a kubelet waits for the volume's secret
    const data = (secret.body as { data?: Record<string, string> }).data ?? {};
    const config = JSON.parse(Buffer.from(data['config.json'] ?? '', 'base64').toString()) as ListenerConfig;
    const token = await this.serviceAccountToken(ns, spec.serviceAccountName ?? 'default');
    const process = startListenerBinary(bin, this.o.kube, config, { token });
    this.listeners.set(pod.metadata.uid!, { pod: pod.metadata.name!, process });
    this.listenerStarts.push({ pod: pod.metadata.name!, at: Date.now() });
    void process.exited.then((code) => {
      if (!this.stopped && this.listeners.get(pod.metadata.uid!)?.process === process)
        this.report(pod, 'Failed', code ?? 137).catch(() => undefined);
    });
    await this.report(pod, 'Running');
  }

  private async serviceAccountToken(namespace: string, account: string): Promise<string> {
    const path = `${resourcePath(types.serviceAccount, namespace, account)}/token`;
    const answer = await this.rest.call('POST', path, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 3600 },
    });
    if (answer.status !== 201 && answer.status !== 200)
      throw new Error(`token for service account ${namespace}/${account}: HTTP ${answer.status}`);
    return (answer.body as { status: { token: string } }).status.token;
  }

  private async syncRunners(): Promise<void> {
    const pods = await this.list(this.o.runnersNamespace, RUNNER_SELECTOR);
    const present = new Map(pods.map((p) => [p.metadata.uid!, p]));
    for (const [uid, runner] of this.runners) {
      const pod = present.get(uid);
      if (pod && !pod.metadata.deletionTimestamp) continue;
      this.runners.delete(uid);
      if (runner.job && runner.endsAt !== undefined) this.kill(runner);
    }
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) continue;
      const uid = pod.metadata.uid!;
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      const runner = this.runners.get(uid);
      if (!runner) {
        if (phase === 'Succeeded' || phase === 'Failed') continue;
        this.runners.set(uid, { uid, name: pod.metadata.name! });
        await this.report(pod, 'Pending');
      } else if (phase === 'Pending') {
        await this.report(pod, 'Running');
      } else if (phase === 'Running') {
        await this.runJob(pod, runner);
      }
    }
  }

  private async runJob(pod: KubeObject, runner: RunnerPod): Promise<void> {
    if (!runner.job) {
      if (this.holding && !this.released.has(runner.name)) return;
      const job = this.takeJob(runner.name);
      if (!job) return;
      runner.job = job;
      runner.endsAt = Date.now() + (this.o.jobDurationMs?.(job) ?? 3_000);
      return;
    }
    if (Date.now() < runner.endsAt!) return;
    this.completed.push(this.o.service.completeJob(runner.name));
    runner.endsAt = undefined;
    await this.report(pod, 'Succeeded', 0);
  }

  /** The runner asks the service for a job; one not registered (yet, or any more) gets none. */
  private takeJob(name: string): JobRecord | undefined {
    try {
      return this.o.service.startJob(name);
    } catch {
      return undefined;
    }
  }

  private kill(runner: RunnerPod): void {
    this.killed.push({ runner: runner.name, requestId: runner.job!.requestId });
    try {
      this.o.service.completeJob(runner.name, 'Failed');
    } catch {
      // The service already lost the runner: the job is gone with it.
    }
  }
}
