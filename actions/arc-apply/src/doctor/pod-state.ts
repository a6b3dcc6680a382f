import type { KubeObject, Listener, Pod } from '../kube/types';

/** The listener's pod: same name as the AutoscalingListener, in its namespace (arc-facts §4). */
export function listenerPodOf(pods: Pod[], al: Listener): Pod | undefined {
  return pods.find(
    (p) => p.metadata.name === al.metadata.name && p.metadata.namespace === al.metadata.namespace,
  );
}

export function podRunningAndReady(pod: Pod | undefined): boolean {
  if (!pod || pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') return false;
  const ready = pod.status.conditions?.find((c) => c.type === 'Ready');
  // A pod without conditions yet (or a fake kubelet that writes none) is judged by its containers.
  if (ready) return ready.status === 'True';
  return (pod.status.containerStatuses ?? []).every((c) => c.ready !== false);
}

/** Milliseconds since the object was created (0 when the server gave no timestamp). */
export function ageMs(obj: KubeObject, now: Date): number {
  const created = Date.parse(obj.metadata.creationTimestamp ?? '');
  return Number.isNaN(created) ? 0 : now.getTime() - created;
}

/** Milliseconds since the object was marked for deletion; undefined when it is not being deleted. */
export function deletingForMs(obj: KubeObject, now: Date): number | undefined {
  const at = Date.parse(obj.metadata.deletionTimestamp ?? '');
  return Number.isNaN(at) ? undefined : now.getTime() - at;
}

/** The scheduler's verdict on a Pending pod: its PodScheduled=False condition. */
export function unschedulable(pod: Pod): { reason: string; message: string } | undefined {
  const c = pod.status?.conditions?.find((x) => x.type === 'PodScheduled' && x.status === 'False');
  return c ? { reason: c.reason ?? 'Unschedulable', message: c.message ?? '' } : undefined;
}

/** What a pod's containers say about why it is not running: a waiting reason or the last exit. */
export function containerTrouble(pod: Pod): string | undefined {
  for (const c of pod.status?.containerStatuses ?? []) {
    const waiting = c.state?.['waiting'];
    if (waiting?.reason && waiting.reason !== 'ContainerCreating')
      return `${c.name} waiting: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}`;
    const done = c.state?.['terminated'];
    if (done)
      return `${c.name} terminated: exit ${done.exitCode ?? '?'}${done.reason ? ` (${done.reason})` : ''}`;
    if ((c.restartCount ?? 0) > 0) return `${c.name} restarted ${c.restartCount} time(s)`;
  }
  return undefined;
}
