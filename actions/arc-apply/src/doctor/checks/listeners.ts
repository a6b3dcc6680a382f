import { formatDuration, scaleSetOfRunnerSet } from '@gloriousflywheel/shared';
import { latestRunnerSet, runnerSetsOf } from '../../engine/fleet';
import { type Ars, keyOf, type Listener } from '../../kube/types';
import { type Check, type Finding, ref } from '../finding';
import { ageMs, containerTrouble, listenerPodOf, podRunningAndReady } from '../pod-state';
import { arsOfListener, type DoctorView } from '../view';

const live = (view: DoctorView) => view.listeners.filter((l) => !l.metadata.deletionTimestamp);

function listenersOfSet(view: DoctorView, ars: Ars): Listener[] {
  return live(view).filter((l) => arsOfListener(view, l) === ars);
}

/**
 * The listener the controller uses among several for one set: the one that drives the latest
 * runner set, else the newest. The others are left over (the 0.13.0 → 0.13.1 name change, #4346).
 */
function currentListener(view: DoctorView, ars: Ars, listeners: Listener[]): Listener {
  const latest = latestRunnerSet(runnerSetsOf(view, ars))?.metadata.name;
  const driving = listeners.filter((l) => l.spec?.ephemeralRunnerSetName === latest);
  const pool = driving.length ? driving : listeners;
  return [...pool].sort((a, b) => ageMs(a, view.settings.now) - ageMs(b, view.settings.now))[0]!;
}

/** Every set that should be taking jobs has a listener; without one no job reaches it. */
export const missingListeners: Check<DoctorView> = {
  id: 'listener-missing',
  title: 'Every scale set has a listener',
  run: (view) =>
    view.ars.flatMap((ars): Finding[] => {
      const phase = ars.status?.phase ?? ars.status?.state;
      if (phase === 'Outdated' || ars.metadata.deletionTimestamp) return [];
      if (ageMs(ars, view.settings.now) < view.settings.graceMs || listenersOfSet(view, ars).length)
        return [];
      const latest = latestRunnerSet(runnerSetsOf(view, ars));
      const active =
        (latest?.status?.runningEphemeralRunners ?? 0) + (latest?.status?.pendingEphemeralRunners ?? 0);
      // Under --update-strategy=eventual the controller holds the listener back while runners are active (arc-facts §4).
      const waiting = view.controller?.updateStrategy === 'eventual' && active > 0;
      return [
        {
          check: 'listener-missing',
          severity: waiting ? 'low' : 'high',
          scaleSet: keyOf(ars),
          objects: [ref('AutoscalingRunnerSet', ars)],
          evidence: waiting
            ? `no listener: the eventual update strategy waits for ${active} running/pending runner(s) to finish (with minRunners > 0 this never happens, #4432)`
            : 'no AutoscalingListener points at this set: no job reaches it',
          fix: waiting
            ? 'If minRunners > 0 keeps it waiting, scale the runner set to 0 (arc-apply does during an apply) or lower minRunners.'
            : "Read the controller's log for this set (GitHub config secret, scale-set registration errors).",
        },
      ];
    }),
};

/**
 * A listener whose set is gone (uninstalled in the wrong order, #2781) or that another listener of
 * the same set has replaced (#4346, #4629): nothing cleans it up and its pod fails for ever.
 */
export const orphanedListeners: Check<DoctorView> = {
  id: 'listener-orphaned',
  title: 'No listener is orphaned or duplicated',
  run: (view) => {
    const findings: Finding[] = [];
    const finding = (al: Listener, evidence: string, scaleSet?: string): Finding => ({
      check: 'listener-orphaned',
      severity: 'high',
      ...(scaleSet ? { scaleSet } : {}),
      objects: [ref('AutoscalingListener', al)],
      evidence,
      fix: 'Delete it (fix: true does); the controller keeps the listener it owns.',
      repair: { type: 'delete-listener', object: ref('AutoscalingListener', al) },
    });
    for (const al of live(view)) {
      if (arsOfListener(view, al)) continue;
      const target = `${al.spec?.autoscalingRunnerSetNamespace ?? '?'}/${al.spec?.autoscalingRunnerSetName ?? '?'}`;
      findings.push(finding(al, `its scale set ${target} does not exist`));
    }
    for (const ars of view.ars) {
      const listeners = listenersOfSet(view, ars);
      if (listeners.length < 2) continue;
      const current = currentListener(view, ars, listeners);
      for (const al of listeners.filter((l) => l !== current))
        findings.push(
          finding(
            al,
            `${listeners.length} listeners point at this set; ${current.metadata.name} drives its latest runner set, this one drives ${al.spec?.ephemeralRunnerSetName ?? 'nothing'}`,
            keyOf(ars),
          ),
        );
    }
    return findings;
  },
};

/**
 * A listener whose pod is not running and ready: crash-looping (the listener controller recreates
 * a pod whose container terminated), Pending, or never created because the controller cannot
 * build its config (the GitHub config secret is missing, autoscalinglistener_controller.go).
 */
export const listenersNotRunning: Check<DoctorView> = {
  id: 'listener-not-running',
  title: "Every listener's pod is running and ready",
  run: (view) => {
    const { now, graceMs } = view.settings;
    return live(view).flatMap((al): Finding[] => {
      const ars = arsOfListener(view, al);
      if (!ars || ageMs(al, now) < graceMs) return [];
      const pod = listenerPodOf(view.controllerPods, al);
      const youngPod = pod && ageMs(pod, now) < graceMs;
      const troubled = pod && (pod.status?.phase === 'Failed' || containerTrouble(pod));
      // A listener's pod never restarts in place (RestartPolicy Never): the listener controller
      // deletes a pod whose container ended and makes a new one at once, so a crash loop shows as
      // a pod much younger than its listener (autoscalinglistener_controller.go, 0.14.2).
      if (pod && youngPod && !troubled && ageMs(al, now) - ageMs(pod, now) >= graceMs)
        return [
          {
            check: 'listener-not-running',
            severity: 'low',
            scaleSet: keyOf(ars),
            objects: [ref('AutoscalingListener', al), ref('Pod', pod)],
            evidence: `its pod was recreated ${formatDuration(ageMs(pod, now))} ago, ${formatDuration(ageMs(al, now) - ageMs(pod, now))} after the listener: the listener process ended; if this repeats, it is crash-looping`,
            fix: "Read the previous pod's log in your log store (kubectl logs shows only the new pod) and the controller's log.",
          },
        ];
      if (podRunningAndReady(pod) || (youngPod && !troubled)) return [];
      const configKey = `${al.metadata.namespace}/${al.metadata.name}-config`;
      const githubSecret = (ars.spec as { githubConfigSecret?: string }).githubConfigSecret;
      const githubKey = githubSecret ? `${ars.metadata.namespace}/${githubSecret}` : undefined;
      const evidence: string[] = [
        pod
          ? `pod ${pod.metadata.name} ${pod.status?.phase ?? 'without phase'}${containerTrouble(pod) ? `, ${containerTrouble(pod)}` : ''}, created ${formatDuration(ageMs(pod, now))} ago`
          : 'no listener pod',
      ];
      let fix =
        "Read the listener pod's log (kubectl logs -n <controller-namespace> <pod>) and the controller's log.";
      if (githubKey && view.secrets.get(githubKey) === false) {
        evidence.push(
          `the set's GitHub config secret ${githubKey} is missing, so the controller cannot build the listener's config`,
        );
        fix = `Recreate the secret ${githubKey} (GitHub App or PAT credentials); the controller then writes the listener's config.`;
      } else if (view.secrets.get(configKey) === false) {
        evidence.push(`its config secret ${configKey} is missing`);
      }
      return [
        {
          check: 'listener-not-running',
          severity: 'high',
          scaleSet: keyOf(ars),
          objects: [ref('AutoscalingListener', al), ...(pod ? [ref('Pod', pod)] : [])],
          evidence: evidence.join('; '),
          fix,
        },
      ];
    });
  },
};

/**
 * A listener whose assigned-jobs count stays above what its running and idle runners can take
 * while runners sit idle: a stale count that keeps the set over-provisioned (from the listeners'
 * gha_* metrics over the window; see metrics.ts).
 */
export const staleAssignedJobs: Check<DoctorView> = {
  id: 'listener-stale-assigned',
  title: "No listener's assigned-jobs count is stale",
  run: (view) => {
    if ('unavailable' in view.metrics) return { skip: view.metrics.unavailable };
    const window = formatDuration(view.metrics.windowMs);
    const known = view.ars.map((a) => a.metadata.name);
    return view.metrics.stale.map((s) => {
      const set = scaleSetOfRunnerSet(s.runnerSet, known);
      return {
        check: 'listener-stale-assigned',
        severity: 'high',
        scaleSet: `${s.namespace}/${set}`,
        objects: [{ kind: 'AutoscalingRunnerSet', namespace: s.namespace, name: set }],
        evidence: `for all of the last ${window}, gha_assigned_jobs exceeded gha_running_jobs + gha_idle_runners by at least ${s.excess} while idle runners were waiting: the listener's count is stale`,
        fix: "Restart the set's listener (delete its pod; the controller recreates it and the count is read afresh).",
      } satisfies Finding;
    });
  },
};
