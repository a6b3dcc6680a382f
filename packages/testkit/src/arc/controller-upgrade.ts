import { type KubeObject, kubeTimestamp } from '../kube/index';
import type { ArcMinor } from './constants';
import { faultsFor, keyOf, type SimContext, types } from './context';
import { setPodPhase } from './controllers/pods';
import { CONTROLLER_DEPLOYMENT, controllerDeployment } from './deployment';
import { fnv32a, listenerName, safeEncode } from './hash';

export type ControllerVersion = SimContext['version'];

/**
 * How the new controller replaces the old one.
 * - `rolling`: `helm upgrade` of the controller chart in place. The chart sets no Deployment strategy
 *   (gha-runner-scale-set-0.14.2 charts/gha-runner-scale-set-controller/templates/deployment.yaml,
 *   `replicas: 1`), so Kubernetes' default RollingUpdate applies: maxSurge 25% rounds up to 1,
 *   maxUnavailable 25% rounds down to 0; the old pod serves (at the old version) until the new one
 *   is available.
 * - `reinstall`: the official procedure (uninstall, then install; arc-facts §7): no old pod, so no
 *   controller reconciles until the new one is up.
 */
export type ControllerReplacement = 'rolling' | 'reinstall';

export interface ControllerUpgradeOptions {
  how?: ControllerReplacement;
  /**
   * The new image cannot be pulled: the new pod stays Pending (`ErrImagePull`, then
   * `ImagePullBackOff`), the rollout never completes and, after `progressDeadlineSeconds` (600 s,
   * the Deployment default; the chart sets none), `Progressing` turns False `ProgressDeadlineExceeded`.
   */
  imagePullFails?: boolean;
}

/** Kubernetes' default `spec.progressDeadlineSeconds`, in milliseconds. */
export const PROGRESS_DEADLINE_MS = 600_000;
/** How long the kubelet's pull of an image that does not exist fails before it backs off. */
const BACK_OFF_AFTER_MS = 10_000;

const KNOWN: readonly ArcMinor[] = ['0.12', '0.13', '0.14'];

/** `0.14.2` → the simulator's version record; only the minors the simulator models. */
export function parseControllerVersion(version: string): ControllerVersion {
  const m = /^(\d+\.\d+)\.(\d+)$/.exec(version);
  const minor = m?.[1] as ArcMinor | undefined;
  if (!m || !minor || !KNOWN.includes(minor)) {
    throw new Error(
      `the simulator models ARC controllers ${KNOWN.map((k) => `${k}.x`).join(', ')}; not ${version}`,
    );
  }
  return { minor, patch: Number(m[2]), full: `${minor}.${m[2]}` };
}

/** What observe compares: the object's uid and its pod template's version label. */
function seenOf(d: KubeObject | undefined): { uid: string; version: string } | undefined {
  if (!d || d.metadata.deletionTimestamp) return undefined;
  const template = (d.spec as { template?: { metadata?: { labels?: Record<string, string> } } }).template;
  return { uid: d.metadata.uid!, version: template?.metadata?.labels?.['app.kubernetes.io/version'] ?? '' };
}

function condition(type: string, status: string, reason: string, message: string, at: string) {
  return { type, status, reason, message, lastUpdateTime: at, lastTransitionTime: at };
}

/**
 * The ReplicaSet name a template gets: `<deployment>-<pod-template-hash>`, the hash an FNV-32a of
 * the template, safe-encoded, as the Deployment controller names them (controller.ComputeHash).
 */
export function replicaSetName(deployment: KubeObject): string {
  const template = (deployment.spec as { template?: unknown }).template;
  return `${CONTROLLER_DEPLOYMENT}-${safeEncode(String(fnv32a(JSON.stringify(template))))}`;
}

type RolloutPhase = 'progressing' | 'complete' | 'timedOut';

/**
 * The Deployment controller's status for the controller Deployment during and after a rollout
 * (kubernetes pkg/controller/deployment/sync.go calculateStatus and progress.go; reasons from
 * deployment/util): counts over every ReplicaSet's pods, zero counts absent (`omitempty`).
 */
export function rolloutStatus(
  o: { generation: number; rs: string; phase: RolloutPhase; oldPodServing: boolean },
  at: string,
) {
  const newReady = o.phase === 'complete';
  const oldPods = !newReady && o.oldPodServing ? 1 : 0;
  const replicas = 1 + oldPods;
  const available = (newReady ? 1 : 0) + oldPods;
  const nz = (n: number) => (n > 0 ? n : null);
  // Available compares available pods with replicas − maxUnavailable (1 − 0 for this chart).
  const minimum = available >= 1;
  const progressing =
    o.phase === 'complete'
      ? condition(
          'Progressing',
          'True',
          'NewReplicaSetAvailable',
          `ReplicaSet "${o.rs}" has successfully progressed.`,
          at,
        )
      : o.phase === 'timedOut'
        ? condition(
            'Progressing',
            'False',
            'ProgressDeadlineExceeded',
            `ReplicaSet "${o.rs}" has timed out progressing.`,
            at,
          )
        : condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${o.rs}" is progressing.`, at);
  return {
    observedGeneration: o.generation,
    replicas,
    updatedReplicas: 1,
    readyReplicas: nz(available),
    availableReplicas: nz(available),
    unavailableReplicas: nz(replicas - available),
    conditions: [
      minimum
        ? condition(
            'Available',
            'True',
            'MinimumReplicasAvailable',
            'Deployment has minimum availability.',
            at,
          )
        : condition(
            'Available',
            'False',
            'MinimumReplicasUnavailable',
            'Deployment does not have minimum availability.',
            at,
          ),
      progressing,
    ],
  };
}

/**
 * What follows from the version switch, all through the existing controllers reading `ctx.version`
 * (ARC gha-runner-scale-set-0.14.2 controllers/actions.github.com/):
 * - the version gate: autoscalingrunnerset_controller.go:139 deletes an ARS whose
 *   `app.kubernetes.io/version` is not allowed (apis/actions.github.com/v1alpha1/version.go
 *   IsVersionAllowed: same major.minor);
 * - 0.14 only: the change-hash annotation and `status.phase` Pending (lines 167-178), Running at the
 *   end of a reconcile (line 326); 0.13.1 has neither;
 * - the listener name: resourcebuilder.go:772 scaleSetListenerName hashes namespace, runner group
 *   and config URL; 0.13.0 resourcebuilder.go:693 hashed the namespace only (see
 *   leaveOldListenersBehind);
 * - an existing listener is remade only when the values hash or the ARS spec hash changes
 *   (lines 271-273): the controller's image is in neither, so listeners keep the old image.
 *
 * A controller Deployment rollout on the simulated clock: the Deployment's template moves to the new
 * image and version label (a generation bump), its status reports the rollout, and once the new
 * pod is available the simulated controllers run as the new version. The new pod takes
 * `timings.podStartMs` to become ready; a pod whose image cannot be pulled never does.
 */
export class ControllerRollout {
  private timers: number[] = [];
  /** The pod of a rollout that cannot pull its image (only such a pod is an object: see README). */
  private failingPod: string | undefined;
  /** Versions whose image cannot be pulled (imagePullFailsFor): every rollout to them stalls. */
  private readonly unpullable = new Set<string>();
  /**
   * The controller Deployment as last seen (uid and template version), or undefined when it is
   * gone: a change by a client is one that differs from this (see observe).
   */
  private seen: { uid: string; version: string } | undefined;
  /** The controller Deployment's generation after the last rollout (1 as installed). */
  generation = 1;
  /** A rollout is in progress: `version` is what the controllers become when it completes. */
  pending: ControllerVersion | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly onVersion: (before: ControllerVersion, after: ControllerVersion) => Promise<void>,
  ) {
    this.seen = seenOf(ctx.cache.get(types.deployment, ctx.controllerNamespace, CONTROLLER_DEPLOYMENT));
  }

  /** Rollouts to `version` from now on cannot pull its image (as `imagePullFails`); false undoes it. */
  imagePullFailsFor(version: string, on = true): void {
    if (on) this.unpullable.add(parseControllerVersion(version).full);
    else this.unpullable.delete(parseControllerVersion(version).full);
  }

  /** Writes the controller Deployment for `version` (helm upgrade or reinstall), then rolls it out. */
  async start(version: string, opts: ControllerUpgradeOptions): Promise<void> {
    const { ctx } = this;
    const target = parseControllerVersion(version);
    const ns = ctx.controllerNamespace;
    const how = opts.how ?? 'rolling';
    const template = controllerDeployment(target.full, ctx.strategy, ns);
    let deployment: KubeObject;
    if (how === 'reinstall') {
      await this.cancel();
      // A delete of what is gone resolves quietly.
      await ctx.api.delete(types.deployment, ns, CONTROLLER_DEPLOYMENT);
      deployment = await ctx.api.create(types.deployment, ns, template as never);
    } else {
      const patched = await ctx.api.patch(types.deployment, ns, CONTROLLER_DEPLOYMENT, {
        metadata: { labels: template.metadata.labels },
        spec: { template: template.spec.template },
      });
      if (!patched) throw new Error(`no controller Deployment ${ns}/${CONTROLLER_DEPLOYMENT} to upgrade`);
      deployment = patched;
    }
    await this.run(deployment, target, how, opts.imagePullFails ?? false);
  }

  /**
   * The Deployment controller's side of a controller Deployment written by anyone (the simulator's
   * `start` or a client such as tofu's Helm provider), called on every pass:
   * - gone (uninstalled): no controller pod, so ARC's controllers stop; a rollout in progress ends;
   * - a new object (another uid: installed again): a `reinstall` rollout to its template's version,
   *   the same version included (down until the new pod is ready);
   * - its template's version changed: a `rolling` rollout; the template is left as the writer made it.
   */
  async observe(): Promise<void> {
    const { ctx } = this;
    const d = ctx.cache.get(types.deployment, ctx.controllerNamespace, CONTROLLER_DEPLOYMENT);
    const now = seenOf(d);
    const was = this.seen;
    if (!now) {
      if (!was) return;
      this.seen = undefined;
      await this.cancel();
      ctx.controllerDown = true;
      ctx.log(`controller Deployment ${CONTROLLER_DEPLOYMENT} deleted: the controller is down`);
      return;
    }
    if (was && was.uid === now.uid && was.version === now.version) return;
    // Seen before anything below can throw: an unmodelled version is reported once, not every pass.
    this.seen = now;
    let target: ControllerVersion;
    try {
      target = parseControllerVersion(now.version);
    } catch (error) {
      ctx.logError(`controller Deployment: ${(error as Error).message}`);
      return;
    }
    const how: ControllerReplacement = was?.uid === now.uid ? 'rolling' : 'reinstall';
    await this.run(d!, target, how, false);
  }

  /** The rollout of a Deployment already written: its status on the simulated clock, then the switch. */
  private async run(
    deployment: KubeObject,
    target: ControllerVersion,
    how: ControllerReplacement,
    imagePullFails: boolean,
  ): Promise<void> {
    const { ctx } = this;
    const ns = ctx.controllerNamespace;
    // A newer template scales the previous new ReplicaSet to zero: its (failing) pod goes.
    await this.cancel();
    const failing = imagePullFails || this.unpullable.has(target.full);
    this.seen = seenOf(deployment);
    // Reinstalled: no old pod serves until the new one is up.
    if (how === 'reinstall') ctx.controllerDown = true;
    this.pending = target;
    const rs = replicaSetName(deployment);
    const generation = deployment.metadata.generation ?? 1;
    this.generation = generation;
    const oldPodServing = how === 'rolling' && !ctx.controllerDown;
    const report = async (phase: RolloutPhase): Promise<void> => {
      await ctx.api.patch(
        types.deployment,
        ns,
        CONTROLLER_DEPLOYMENT,
        { status: rolloutStatus({ generation, rs, phase, oldPodServing }, kubeTimestamp(ctx.clock.now())) },
        { subresource: 'status' },
      );
    };
    await report('progressing');
    ctx.log(`controller Deployment rolling to ${target.full} (${how}${failing ? ', image pull fails' : ''})`);
    const template = (deployment.spec as { template: { metadata: { labels: Record<string, string> } } })
      .template;
    if (failing) {
      await this.createFailingPod(rs, template);
      this.timers.push(ctx.clock.schedule(PROGRESS_DEADLINE_MS, () => report('timedOut')));
      return;
    }
    this.timers.push(
      ctx.clock.schedule(ctx.timings.podStartMs, async () => {
        this.timers = [];
        this.pending = undefined;
        const before = ctx.version;
        ctx.version = target;
        ctx.controllerDown = false;
        await report('complete');
        ctx.log(`controller ${target.full} available (was ${before.full})`);
        await this.onVersion(before, target);
      }),
    );
  }

  /** Ends the rollout in progress: its timers, its failing pod. */
  private async cancel(): Promise<void> {
    for (const t of this.timers) this.ctx.clock.cancel(t);
    this.timers = [];
    this.pending = undefined;
    await this.removeFailingPod();
  }

  private async createFailingPod(rs: string, template: { metadata: { labels: Record<string, string> } }) {
    const { ctx } = this;
    const ns = ctx.controllerNamespace;
    const name = `${rs}-${safeEncode(String(fnv32a(`${rs}/${ctx.clock.nowMs()}`))).slice(0, 5)}`;
    const hash = rs.slice(CONTROLLER_DEPLOYMENT.length + 1);
    const spec = (template as unknown as { spec: { containers: { image: string }[] } }).spec;
    const image = spec.containers[0]!.image;
    // The chart's ServiceAccount, which the pod runs as (the simulator needs it only for this pod).
    const account = (spec as unknown as { serviceAccountName: string }).serviceAccountName;
    if (!ctx.cache.get(types.serviceAccount, ns, account)) {
      await ctx.api.create(types.serviceAccount, ns, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: account, labels: { ...template.metadata.labels } },
      } as never);
    }
    const pod = await ctx.api.create(types.pod, ns, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { ...template.metadata.labels, 'pod-template-hash': hash } },
      spec,
    } as never);
    this.failingPod = name;
    const waiting = (reason: string, message: string) => {
      const at = kubeTimestamp(ctx.clock.now());
      return ctx.api.patch(
        types.pod,
        ns,
        name,
        {
          status: {
            phase: 'Pending',
            conditions: [
              { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: at },
              {
                type: 'Ready',
                status: 'False',
                reason: 'ContainersNotReady',
                message: 'containers with unready status: [manager]',
                lastProbeTime: null,
                lastTransitionTime: at,
              },
            ],
            containerStatuses: [
              {
                name: 'manager',
                image,
                imageID: '',
                ready: false,
                started: false,
                restartCount: 0,
                state: { waiting: { reason, message } },
              },
            ],
          },
        },
        { subresource: 'status' },
      );
    };
    await waiting(
      'ErrImagePull',
      `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`,
    );
    this.timers.push(
      ctx.clock.schedule(BACK_OFF_AFTER_MS, async () => {
        if (ctx.cache.get(types.pod, ns, name)?.metadata.uid === pod.metadata.uid)
          await waiting('ImagePullBackOff', `Back-off pulling image "${image}"`);
      }),
    );
  }

  private async removeFailingPod(): Promise<void> {
    const name = this.failingPod;
    this.failingPod = undefined;
    if (name && this.ctx.cache.get(types.pod, this.ctx.controllerNamespace, name))
      await this.ctx.api.delete(types.pod, this.ctx.controllerNamespace, name);
  }
}

/**
 * After a controller version change: a listener named the way the old controller named it, where the
 * new one names it differently (the hash input changed in 0.13.1: namespace only before,
 * namespace@runnerGroup@githubConfigUrl since; hash.ts), is not found by the new ARS controller's
 * one Get by derived name, so it makes a second listener and never deletes the first (#4346, #4629;
 * PR #4657 proposes the cleanup). The simulator gives the scale set's message session to the
 * listener its controller tracks: the old one's process exits 1 on its 409 session conflict
 * (`sessionConflictMs`), and the listener controller recreates its pod over and over, as
 * `staleListener` stages it. Returns the old listeners' names.
 */
export async function leaveOldListenersBehind(
  ctx: SimContext,
  before: ControllerVersion,
  after: ControllerVersion,
): Promise<string[]> {
  const left: string[] = [];
  for (const ars of ctx.cache.list(types.ars)) {
    const spec = (ars.spec ?? {}) as { runnerGroup?: string; githubConfigUrl?: string };
    const id = {
      name: ars.metadata.name!,
      namespace: ars.metadata.namespace!,
      ...(spec.runnerGroup !== undefined ? { runnerGroup: spec.runnerGroup } : {}),
      ...(spec.githubConfigUrl !== undefined ? { githubConfigUrl: spec.githubConfigUrl } : {}),
    };
    const oldName = listenerName(id, before);
    if (oldName === listenerName(id, after)) continue;
    const old = ctx.cache.get(types.listener, ctx.controllerNamespace, oldName);
    if (!old || old.metadata.deletionTimestamp) continue;
    faultsFor(ctx, keyOf(ars)).staleListeners.add(oldName);
    left.push(oldName);
    ctx.log(
      `${keyOf(ars)}: listener ${oldName} has the ${before.full} name; controller ${after.full} will not find it`,
    );
    const pod = ctx.cache.get(types.pod, ctx.controllerNamespace, oldName);
    if ((pod?.status as { phase?: string } | undefined)?.phase === 'Running') {
      const running = pod!;
      ctx.clock.schedule(ctx.timings.sessionConflictMs, () => setPodPhase(ctx, running, 'Failed', 1));
    }
  }
  return left;
}
