import type { KubeObject } from '../../kube/index';
import { kubeTimestamp } from '../../kube/index';
import { type SimContext, types } from '../context';

/** What the kubelet would do to a pod: the simulator's stand-in for nodes and containers. */
export function setPodPhase(
  ctx: SimContext,
  pod: KubeObject,
  phase: 'Running' | 'Succeeded' | 'Failed',
  exitCode = 0,
) {
  const current = ctx.store.peek(types.pod, pod.metadata.namespace, pod.metadata.name!);
  if (!current || current.metadata.uid !== pod.metadata.uid) return;
  const container =
    ((current.spec as { containers?: { name: string }[] })?.containers ?? [])[0]?.name ?? 'main';
  const now = kubeTimestamp(ctx.clock.now());
  const state =
    phase === 'Running'
      ? { running: { startedAt: now } }
      : { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', finishedAt: now } };
  ctx.store.patch(
    types.pod,
    pod.metadata.namespace,
    pod.metadata.name!,
    'merge',
    {
      status: {
        phase,
        conditions: [
          { type: 'Ready', status: phase === 'Running' ? 'True' : 'False', lastTransitionTime: now },
        ],
        containerStatuses: [{ name: container, ready: phase === 'Running', restartCount: 0, state }],
        ...(phase === 'Running' ? { startTime: now } : {}),
      },
    },
    'status',
  );
}

export function createPod(
  ctx: SimContext,
  owner: KubeObject,
  o: { name: string; namespace: string; labels: Record<string, string>; spec: Record<string, unknown> },
): KubeObject {
  return ctx.store.create(types.pod, o.namespace, {
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
