import { arcVersionGateAllows, formatDuration } from '@gloriousflywheel/shared';
import { latestRunnerSet, runnerSetsOf, runnersOfSet } from '../../engine/fleet';
import { type Ars, keyOf, VERSION_LABEL } from '../../kube/types';
import { type Check, type Finding, ref } from '../finding';
import { ageMs } from '../pod-state';
import type { DoctorView } from '../view';

const phaseOf = (ars: Ars) => ars.status?.phase ?? ars.status?.state;

/**
 * 0.14.x: once a runner exits with code 7 the ERS and then the ARS become Outdated, and the
 * controller's cleanUpResources deletes the listener, the runner sets and the scale set on GitHub.
 * The ARS stays Outdated until its spec or labels change (arc-facts §5; #4596, #4595, #4601).
 */
export const outdatedScaleSets: Check<DoctorView> = {
  id: 'scale-set-outdated',
  title: 'No scale set is Outdated',
  run: (view) =>
    view.ars
      .filter((ars) => phaseOf(ars) === 'Outdated')
      .map((ars) => ({
        check: 'scale-set-outdated',
        severity: 'critical',
        scaleSet: keyOf(ars),
        objects: [ref('AutoscalingRunnerSet', ars)],
        evidence: `phase Outdated: a runner exited with code 7 (runner version too old), so the controller deleted the scale set on GitHub, its listener and runner sets; it will not recover by itself`,
        fix: 'Update the runner image of the set to a supported runner version and apply it (any spec or label change makes the controller recreate the scale set).',
      })),
};

/**
 * The controller's version gate deletes an ARS whose `app.kubernetes.io/version` label is not the
 * controller's major.minor (IsVersionAllowed, arc-facts §1; #3233, #4422).
 */
export const versionLabels: Check<DoctorView> = {
  id: 'scale-set-version-label',
  title: "Every scale set's version label passes the controller's version gate",
  run: (view) => {
    const controller = view.controller;
    if (!controller) return { skip: 'no ARC controller Deployment found (see controller-available)' };
    if (!controller.version)
      return {
        skip: `the controller version ${controller.versionText ?? '(none)'} is not semver (dev or canary builds allow every label)`,
      };
    return view.ars.flatMap((ars): Finding[] => {
      const label = ars.metadata.labels?.[VERSION_LABEL];
      if (arcVersionGateAllows(label, controller.versionText ?? '')) return [];
      return [
        {
          check: 'scale-set-version-label',
          severity: 'critical',
          scaleSet: keyOf(ars),
          objects: [ref('AutoscalingRunnerSet', ars)],
          evidence: `label ${VERSION_LABEL}=${label ?? '(missing)'} against controller ${controller.versionText}: the controller's version gate deletes a set whose label is not the same major.minor as the controller (a \`v\` prefix fails it too)`,
          fix: `Reinstall the set's chart at the controller's version (${controller.versionText}); never edit the label by hand.`,
        },
      ];
    });
  },
};

/**
 * The latest runner set wants more runners than it has and none has been created for a while: the
 * controller is not making progress (failed runners count toward the total and block scale-up,
 * ephemeralrunnerset_controller.go; pods may be refused or unschedulable).
 */
export const stalledRunnerSets: Check<DoctorView> = {
  id: 'runner-set-stalled',
  title: 'Runner sets reach the replicas their listener asks for',
  run: (view) => {
    const { now, stuckAfterMs } = view.settings;
    return view.ars.flatMap((ars): Finding[] => {
      const latest = latestRunnerSet(runnerSetsOf(view, ars));
      if (!latest || view.paused.has(keyOf(ars)) || view.frozen.has(keyOf(ars))) return [];
      const wanted = latest.spec?.replicas ?? 0;
      const runners = runnersOfSet(view, latest).filter((r) => !r.metadata.deletionTimestamp);
      const failed = runners.filter((r) => r.status?.phase === 'Failed').length;
      if (runners.length - failed >= wanted) return [];
      const newest = Math.min(ageMs(latest, now), ...runners.map((r) => ageMs(r, now)));
      if (newest < stuckAfterMs) return [];
      return [
        {
          check: 'runner-set-stalled',
          severity: 'high',
          scaleSet: keyOf(ars),
          objects: [ref('EphemeralRunnerSet', latest)],
          evidence: `replicas ${wanted}, runners ${runners.length}${failed ? ` (${failed} Failed, counted toward the total)` : ''}; no runner created for ${formatDuration(newest)}`,
          fix: failed
            ? 'Delete the Failed runners (fix: true does) and look at why their pods were refused.'
            : "Look at the runner pods' events and the controller's log for this runner set.",
        },
      ];
    });
  },
};
