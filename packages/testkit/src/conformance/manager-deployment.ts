import { types } from '../arc/context';
import type { ControllerDeploymentManifest } from '../arc/controller-manifest.mjs';
import { CONTROLLER_DEPLOYMENT, controllerStatus } from '../arc/deployment';
import type { KubeObject } from '../kube/index';
import { type RestClient, resourcePath } from '../kube-real/rest-client';
import { startManagerBinary } from './manager-binary';
import type { SupervisedProcess } from './supervised-process';

/** One ARC release's binaries: what its controller image holds at `/manager` and `/ghalistener`. */
export interface ArcRelease {
  version: string;
  manager: string;
  listener: string;
}

const VERSION_LABEL = 'app.kubernetes.io/version';
const POLL_MS = 250;

/**
 * The Deployment controller's and kubelet's part for ARC's controller Deployment on the real API
 * server (which runs neither): the release the Deployment's pod template names runs as that
 * release's real manager binary, with the template's args and env, and the Deployment's status
 * says so. Whoever writes the Deployment — helm, tofu's Helm provider, a test — moves the manager:
 * - deleted (helm uninstall): the manager stops;
 * - another object (installed again) or another template version (helm upgrade): the old manager
 *   stops, then the new one starts. The chart runs one replica; a rolling update would keep the old
 *   pod until the new one is ready, a difference of seconds that no scenario here depends on;
 * - a version with no binary here stays unavailable, as an image that cannot be pulled does.
 * The chart sets no readiness probe unless `flags.healthProbeBindAddress` is set (its default is
 * unset: charts/gha-runner-scale-set-controller/templates/deployment.yaml, values.yaml), so a
 * started manager is available at once.
 */
export class ManagerDeployment {
  private manager: SupervisedProcess | undefined;
  /** What the running manager was started from: the Deployment's uid and template version. */
  private runs: { uid: string; version: string } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private outage = false;
  /** The last reconcile's failure, for a test's timeout message. */
  lastError: string | undefined;

  constructor(
    private readonly o: {
      rest: RestClient;
      namespace: string;
      kubeconfig: string;
      releases: ReadonlyMap<string, ArcRelease>;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), POLL_MS);
  }

  /** The version the manager runs as now, or undefined when none runs. */
  version(): string | undefined {
    return this.manager && this.manager.exitCode() === undefined ? this.runs?.version : undefined;
  }

  output(): string {
    return this.manager?.output() ?? '';
  }

  /**
   * A controller outage: the manager stops and stays stopped, and the Deployment reports no
   * available replica, as it does when its only pod is gone.
   */
  async pause(): Promise<void> {
    this.outage = true;
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
    await this.manager?.stop();
  }

  /** The outage ends: the manager the Deployment names starts again. */
  resume(): void {
    this.outage = false;
    this.runs = undefined;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pause();
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.reconcile();
      this.lastError = undefined;
    } catch (error) {
      this.lastError = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private async reconcile(): Promise<void> {
    const path = resourcePath(types.deployment, this.o.namespace, CONTROLLER_DEPLOYMENT);
    const got = await this.o.rest.call('GET', path);
    if (got.status === 404) {
      if (this.runs) await this.replaceManager(undefined);
      return;
    }
    if (got.status !== 200) throw new Error(`read the controller Deployment: HTTP ${got.status}`);
    const d = got.body as KubeObject & ControllerDeploymentManifest;
    if (d.metadata.deletionTimestamp) return;
    const generation = (d.metadata as KubeObject['metadata']).generation ?? 1;
    if (this.outage) {
      await this.reportStatus(d, false, generation);
      return;
    }
    const version = d.spec.template.metadata.labels[VERSION_LABEL] ?? '';
    const wanted = { uid: (d.metadata as KubeObject['metadata']).uid!, version };
    const same = this.runs?.uid === wanted.uid && this.runs.version === wanted.version;
    if (same && this.manager && this.manager.exitCode() === undefined) {
      await this.reportStatus(d, true, generation);
      return;
    }
    const release = this.o.releases.get(version);
    await this.replaceManager(release ? { deployment: d, release } : undefined);
    this.runs = wanted;
    await this.reportStatus(d, release !== undefined, generation);
  }

  private async replaceManager(
    next: { deployment: ControllerDeploymentManifest; release: ArcRelease } | undefined,
  ): Promise<void> {
    await this.manager?.stop();
    this.manager = undefined;
    this.runs = undefined;
    if (!next) return;
    this.manager = startManagerBinary(
      next.release.manager,
      next.deployment,
      this.o.namespace,
      this.o.kubeconfig,
    );
  }

  /** The status the Deployment controller would write, only when it differs from what is stored. */
  private async reportStatus(d: KubeObject, available: boolean, generation: number): Promise<void> {
    const status = (d.status ?? {}) as { observedGeneration?: number; availableReplicas?: number };
    if (status.observedGeneration === generation && (status.availableReplicas === 1) === available) return;
    const answer = await this.o.rest.call(
      'PATCH',
      resourcePath(types.deployment, this.o.namespace, d.metadata.name, 'status'),
      { status: controllerStatus(available, new Date().toISOString(), generation) },
      'application/merge-patch+json',
    );
    if (answer.status !== 200)
      throw new Error(`report the controller Deployment's status: HTTP ${answer.status}`);
  }
}
