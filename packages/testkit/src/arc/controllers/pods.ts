import type { KubeObject } from '../../kube/index';
import { kubeTimestamp } from '../../kube/index';
import { type SimContext, types } from '../context';

/**
 * The kubelet's part, played by the simulator: pods stay bound to no node, and their phase moves
 * through the status subresource, as a kubelet reports it.
 */
export async function setPodPhase(
  ctx: SimContext,
  pod: KubeObject,
  phase: 'Running' | 'Succeeded' | 'Failed',
  exitCode = 0,
): Promise<void> {
  const current = ctx.cache.get(types.pod, pod.metadata.namespace, pod.metadata.name!);
  if (!current || current.metadata.uid !== pod.metadata.uid) return;
  const container =
    ((current.spec as { containers?: { name: string }[] })?.containers ?? [])[0]?.name ?? 'main';
  const now = kubeTimestamp(ctx.clock.now());
  const state =
    phase === 'Running'
      ? { running: { startedAt: now } }
      : { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', finishedAt: now } };
  await ctx.api.patch(
    types.pod,
    pod.metadata.namespace,
    pod.metadata.name!,
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
