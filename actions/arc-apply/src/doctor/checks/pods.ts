import { formatDuration } from '@gloriousflywheel/shared';
import { isDone } from '../../engine/version';
import type { Pod } from '../../kube/types';
import { type Check, type Finding, ref } from '../finding';
import { ageMs, unschedulable } from '../pod-state';
import type { DoctorView } from '../view';

const allPods = (view: DoctorView) => [...view.runnerPods, ...view.controllerPods];

/** What to do about the scheduler's message, from the reasons the platform has met. */
function schedulingFix(message: string): string {
  if (/Too many pods/i.test(message))
    return "The nodes are at their pod limit (the 2026-05-11 ceiling): raise the kubelet's maxPods, add nodes, or lower the sets' maxRunners.";
  if (/Insufficient (cpu|memory|ephemeral-storage)/i.test(message))
    return "Not enough free CPU/memory on any node: lower the runner template's requests, add capacity, or lower maxRunners.";
  if (/taint/i.test(message))
    return "No node tolerates the pod: add the taint's toleration to the runner template or fix its nodeSelector.";
  if (/node\(s\) didn't match/i.test(message))
    return "No node matches the pod's nodeSelector/affinity: fix the template or label the nodes.";
  if (/pressure/i.test(message))
    return 'Nodes report memory/disk/PID pressure: free the nodes (piled-up pods, images) or add capacity.';
  return 'Read the message and the pod events (kubectl describe pod).';
}

/**
 * Pods the scheduler cannot place, Pending beyond `stuck-after`, one finding per scheduler
 * message (so 300 pods stuck on one reason are one finding with the count, not 300).
 */
export const unschedulablePods: Check<DoctorView> = {
  id: 'pods-unschedulable',
  title: 'No pod stays Pending unscheduled',
  run: (view) => {
    const { now, stuckAfterMs } = view.settings;
    const byMessage = new Map<string, Pod[]>();
    for (const pod of allPods(view)) {
      if (pod.status?.phase !== 'Pending' || pod.metadata.deletionTimestamp || ageMs(pod, now) < stuckAfterMs)
        continue;
      const verdict = unschedulable(pod);
      if (!verdict) continue;
      const key = `${pod.metadata.namespace}\n${verdict.message || verdict.reason}`;
      byMessage.set(key, [...(byMessage.get(key) ?? []), pod]);
    }
    return [...byMessage].map(([key, pods]): Finding => {
      const [namespace, message] = key.split('\n') as [string, string];
      const oldest = Math.max(...pods.map((p) => ageMs(p, now)));
      return {
        check: 'pods-unschedulable',
        severity: 'high',
        objects: pods.map((p) => ref('Pod', p)),
        evidence: `${pods.length} pod(s) in ${namespace} Pending for up to ${formatDuration(oldest)}: "${message}"`,
        fix: schedulingFix(message),
      };
    });
  },
};

/**
 * Completed and failed pods older than `completed-pod-age` in the runner and controller
 * namespaces (the 2026-05-12 incident: thousands of them slowed every list). A pod whose
 * EphemeralRunner is alive and not done is the controller's to handle and only reported.
 */
export const piledUpPods: Check<DoctorView> = {
  id: 'pods-piled-up',
  title: 'Finished pods do not pile up',
  run: (view) => {
    const { now, podAgeMs } = view.settings;
    const runners = new Map(view.runners.map((er) => [`${er.metadata.namespace}/${er.metadata.name}`, er]));
    return allPods(view).flatMap((pod): Finding[] => {
      const phase = pod.status?.phase;
      if ((phase !== 'Succeeded' && phase !== 'Failed') || pod.metadata.deletionTimestamp) return [];
      const age = ageMs(pod, now);
      if (age < podAgeMs) return [];
      const er = runners.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
      const owned = er && !er.metadata.deletionTimestamp && !isDone(er);
      return [
        {
          check: 'pods-piled-up',
          severity: 'low',
          objects: [ref('Pod', pod)],
          evidence: `${phase} ${formatDuration(age)} ago${owned ? `; its runner ${er.metadata.name} is still live` : ''}`,
          fix: owned
            ? "The runner's controller should replace this pod; check it is reconciling."
            : 'Delete it (fix: true does); set a TTL or history limit on whatever creates these pods.',
          ...(owned ? {} : { repair: { type: 'delete-pod' as const, object: ref('Pod', pod) } }),
        },
      ];
    });
  },
};
