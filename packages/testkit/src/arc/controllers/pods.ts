import type { KubeObject } from '../../kube/index';
import { kubeTimestamp } from '../../kube/index';
import { type SimContext, types } from '../context';

export type KubeletPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/**
 * The status a kubelet reports for a one-container pod in `phase`: `Pending` is its first report
 * of a pod it accepted (the container `waiting`, `ContainerCreating`); a terminal phase carries
 * the container's exit code and keeps the start time of its last `running` report.
 */
export function kubeletPodStatus(
  pod: KubeObject,
  phase: KubeletPhase,
  now: string,
  exitCode = 0,
): Record<string, unknown> {
  const spec = (pod.spec ?? {}) as { containers?: { name: string; image?: string }[] };
  const container = spec.containers?.[0];
  const was = (pod.status as { containerStatuses?: { state?: { running?: { startedAt?: string } } }[] })
    ?.containerStatuses?.[0]?.state?.running?.startedAt;
  const state =
    phase === 'Pending'
      ? { waiting: { reason: 'ContainerCreating' } }
      : phase === 'Running'
        ? { running: { startedAt: now } }
        : {
            terminated: {
              exitCode,
              reason: exitCode === 0 ? 'Completed' : 'Error',
              startedAt: was ?? now,
              finishedAt: now,
            },
          };
  const running = phase === 'Running';
  return {
    phase,
    conditions: [
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      { type: 'Ready', status: running ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now },
    ],
    containerStatuses: [
      {
        name: container?.name ?? 'main',
        image: container?.image ?? '',
        imageID: '',
        ready: running,
        started: running,
        restartCount: 0,
        state,
      },
    ],
    ...(running ? { startTime: now } : {}),
  };
}

/**
 * The pod as the cache shows it, undefined once it is gone or another of its name replaced it.
 * `fresh`: the caller created it in this pass, and on a real API server the cache (a watch, a
 * moment behind the writes) may not show it yet: it is then the pod the server returned.
 */
function podNow(ctx: SimContext, pod: KubeObject, fresh: boolean): KubeObject | undefined {
  const current = ctx.cache.get(types.pod, pod.metadata.namespace, pod.metadata.name!);
  if (current?.metadata.uid === pod.metadata.uid) return current;
  return fresh ? pod : undefined;
}

/**
 * The kubelet's part, played by the simulator: pods stay bound to no node, and their phase moves
 * through the status subresource, as a kubelet reports it. `fresh`: see `podNow`.
 */
export async function setPodPhase(
  ctx: SimContext,
  pod: KubeObject,
  phase: KubeletPhase,
  exitCode = 0,
  fresh = false,
): Promise<void> {
  const current = podNow(ctx, pod, fresh);
  if (!current) return;
  const now = kubeTimestamp(ctx.clock.now());
  await ctx.api.patch(
    types.pod,
    pod.metadata.namespace,
    pod.metadata.name!,
    { status: kubeletPodStatus(current, phase, now, exitCode) },
    { subresource: 'status' },
  );
}

export function createPod(
  ctx: SimContext,
  owner: KubeObject,
  o: { name: string; namespace: string; labels: Record<string, string>; spec: Record<string, unknown> },
): Promise<KubeObject> {
  return ctx.api.create(types.pod, o.namespace, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name,
      labels: o.labels,
      ownerReferences: [
        {
          apiVersion: owner.apiVersion,
          kind: owner.kind,
          name: owner.metadata.name!,
          uid: owner.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: o.spec,
  });
}

/**
 * The scheduler's verdict on a pod it cannot place: the pod stays Pending, unbound, with the
 * `PodScheduled` condition False, reason `Unschedulable` and the scheduler's summary as message
 * (kube-scheduler's FitError wording, e.g. "0/3 nodes are available: 3 Too many pods. preemption:
 * …"); no container statuses, as no kubelet has seen it.
 */
export async function setPodUnschedulable(
  ctx: SimContext,
  pod: KubeObject,
  message: string,
  fresh = false,
): Promise<void> {
  if (!podNow(ctx, pod, fresh)) return;
  await ctx.api.patch(
    types.pod,
    pod.metadata.namespace,
    pod.metadata.name!,
    {
      status: {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message,
            lastProbeTime: null,
            lastTransitionTime: kubeTimestamp(ctx.clock.now()),
          },
        ],
      },
    },
    { subresource: 'status' },
  );
}

/** The pod's `PodScheduled` condition says the scheduler could not place it. */
export function isUnschedulable(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string; reason?: string }[] })
    ?.conditions;
  return !!conditions?.some(
    (c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
  );
}
