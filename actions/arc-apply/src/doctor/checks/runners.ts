import { formatDuration } from '@gloriousflywheel/shared';
import { hasJobFields, isBusy, isDone } from '../../engine/version';
import { type Er, keyOf } from '../../kube/types';
import { type Check, type Finding, ref } from '../finding';
import { fleetIndex, podOfRunner } from '../fleet-index';
import { ageMs, deletingForMs } from '../pod-state';
import type { DoctorView } from '../view';

function setKey(view: DoctorView, er: Er): string | undefined {
  const ars = fleetIndex(view).setOfRunner.get(er);
  return ars ? keyOf(ars) : undefined;
}

const jobOf = (er: Er) =>
  [
    er.status?.jobDisplayName,
    er.status?.jobRepositoryName,
    er.status?.workflowRunId && `run ${er.status.workflowRunId}`,
  ]
    .filter(Boolean)
    .join(' in ');

/**
 * A runner whose pod the API server refused (invalid, or forbidden other than by quota) is marked
 * Failed and stays: the runner set counts it in its total, so it holds a slot for ever
 * (ephemeralrunner_controller.go markAsFailed, 0.14.2).
 */
export const failedRunners: Check<DoctorView> = {
  id: 'runner-failed',
  title: 'No EphemeralRunner is Failed',
  run: (view) =>
    view.runners
      .filter((er) => er.status?.phase === 'Failed' && !er.metadata.deletionTimestamp)
      .map((er): Finding => {
        const status = er.status as { reason?: string; message?: string } | undefined;
        const key = setKey(view, er);
        const failed = `phase Failed${status?.reason ? ` (${status.reason})` : ''}${status?.message ? `: ${status.message}` : ''}; it counts toward its runner set's replicas until deleted`;
        const base = {
          check: 'runner-failed',
          severity: 'high' as const,
          ...(key ? { scaleSet: key } : {}),
          objects: [ref('EphemeralRunner', er)],
        };
        // A job given to it would make its deregistration loop (JobStillRunning): not ours to delete.
        if (hasJobFields(er))
          return {
            ...base,
            evidence: `${failed}; GitHub gave it a job (${jobOf(er) || `job ${er.status?.jobId}`})`,
            fix: 'Cancel that job on GitHub, then delete the runner (fix: true does once it holds no job).',
          };
        return {
          ...base,
          evidence: failed,
          fix: 'Delete it (fix: true does) and fix what refused its pod (admission policy, invalid template).',
          repair: { type: 'delete-runner', object: ref('EphemeralRunner', er) },
        };
      }),
};

/**
 * A runner being deleted keeps its finalizers until GitHub lets it go: with a job still assigned
 * RemoveRunner answers JobStillRunning and the controller retries every 30 s without end
 * (ephemeralrunner_controller.go; PR #4585). Its pod gone and no job held, nothing can ever run on
 * it again and only the finalizers keep it.
 */
export const stuckTerminatingRunners: Check<DoctorView> = {
  id: 'runner-stuck-terminating',
  title: 'No EphemeralRunner is stuck terminating',
  run: (view) => {
    const { now, stuckAfterMs } = view.settings;
    return view.runners.flatMap((er): Finding[] => {
      const deleting = deletingForMs(er, now);
      if (deleting === undefined || deleting < stuckAfterMs || !er.metadata.finalizers?.length) return [];
      const pod = podOfRunner(view, er);
      const busy = isBusy(er, view.controller?.version);
      const key = setKey(view, er);
      const base = {
        check: 'runner-stuck-terminating',
        severity: 'high' as const,
        ...(key ? { scaleSet: key } : {}),
        objects: [ref('EphemeralRunner', er), ...(pod ? [ref('Pod', pod)] : [])],
      };
      const held = `terminating for ${formatDuration(deleting)}, finalizers ${er.metadata.finalizers.join(', ')}`;
      if (pod)
        return [
          {
            ...base,
            evidence: `${held}; its pod ${pod.metadata.name} is still there (${pod.status?.phase ?? 'no phase'})`,
            fix: 'Find out why the pod does not end (kubectl describe pod); the runner goes once its pod is gone.',
          },
        ];
      if (busy)
        return [
          {
            ...base,
            evidence: `${held}; its pod is gone but it still holds a job (${jobOf(er) || `job ${er.status?.jobId}`}), so GitHub refuses to remove it`,
            fix: 'Cancel that job on GitHub (or wait for its timeout); then run the doctor with fix: true to release the runner.',
          },
        ];
      return [
        {
          ...base,
          evidence: `${held}; its pod is gone and it holds no job: nothing runs on it, only the finalizers keep it`,
          fix: 'Remove its finalizers (fix: true does).',
          repair: { type: 'release-finalizers', object: ref('EphemeralRunner', er) },
        },
      ];
    });
  },
};

/** A live, not finished runner without its pod: the controller recreates the pod at once, so a lasting gap is a stuck controller. */
export const runnersWithoutPod: Check<DoctorView> = {
  id: 'runner-pod-missing',
  title: 'Every live EphemeralRunner has its pod',
  run: (view) => {
    const { now, graceMs } = view.settings;
    return view.runners.flatMap((er): Finding[] => {
      if (er.metadata.deletionTimestamp || isDone(er) || ageMs(er, now) < graceMs) return [];
      if (!er.status?.phase || podOfRunner(view, er)) return [];
      const busy = isBusy(er, view.controller?.version);
      const key = setKey(view, er);
      return [
        {
          check: 'runner-pod-missing',
          severity: busy ? 'high' : 'low',
          ...(key ? { scaleSet: key } : {}),
          objects: [ref('EphemeralRunner', er)],
          evidence: `phase ${er.status.phase} but no pod ${er.metadata.name}${busy ? `; it held a job (${jobOf(er)})` : ''}`,
          fix: 'Check that the controller is running (controller-available) and reconciling; its log names this runner.',
        },
      ];
    });
  },
};

/**
 * Registered runners without a job, beyond the set's warm pool (minRunners), older than
 * `idle-after`: nothing picks them up (labels no workflow uses, a stale listener) and they hold
 * capacity. arc-apply's reap removes provably leaked ones during an apply.
 */
export const neverPickedUp: Check<DoctorView> = {
  id: 'runner-never-picked-up',
  title: 'No idle runner beyond the warm pool lingers',
  run: (view) => {
    const { now, idleAfterMs } = view.settings;
    const bySet = new Map<string, Er[]>();
    for (const [er, ars] of fleetIndex(view).setOfRunner) {
      const idle =
        !er.metadata.deletionTimestamp &&
        er.status?.phase === 'Running' &&
        (er.status.runnerId ?? 0) > 0 &&
        !isBusy(er, view.controller?.version);
      if (idle) bySet.set(keyOf(ars), [...(bySet.get(keyOf(ars)) ?? []), er]);
    }
    return view.ars.flatMap((ars): Finding[] => {
      const idle = (bySet.get(keyOf(ars)) ?? []).sort((a, b) => ageMs(b, now) - ageMs(a, now));
      const extra = idle.slice(0, Math.max(0, idle.length - (ars.spec?.minRunners ?? 0)));
      const old = extra.filter((er) => ageMs(er, now) >= idleAfterMs);
      if (old.length === 0) return [];
      return [
        {
          check: 'runner-never-picked-up',
          severity: 'low',
          scaleSet: keyOf(ars),
          objects: old.map((er) => ref('EphemeralRunner', er)),
          evidence: `${old.length} registered runner(s) idle for over ${formatDuration(idleAfterMs)} beyond minRunners ${ars.spec?.minRunners ?? 0} (oldest ${formatDuration(ageMs(old[0]!, now))})`,
          fix: "Check that workflows' runs-on matches the set's labels; arc-apply (mode: apply) reaps provably leaked idle runners.",
        },
      ];
    });
  },
};
