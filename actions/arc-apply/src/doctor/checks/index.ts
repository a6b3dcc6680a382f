import type { Check } from '../finding';
import type { DoctorView } from '../view';
import { capsDrift, labelCapacity } from './caps';
import { controllerAvailable, crdVersions } from './controller';
import { listenersNotRunning, missingListeners, orphanedListeners, staleAssignedJobs } from './listeners';
import { piledUpPods, unschedulablePods } from './pods';
import { failedRunners, neverPickedUp, runnersWithoutPod, stuckTerminatingRunners } from './runners';
import { outdatedScaleSets, stalledRunnerSets, versionLabels } from './scale-sets';

/** Every check of a doctor pass, in the order the report shows them: controller first, pods last. */
export const ALL_CHECKS: readonly Check<DoctorView>[] = [
  controllerAvailable,
  crdVersions,
  versionLabels,
  outdatedScaleSets,
  stalledRunnerSets,
  missingListeners,
  orphanedListeners,
  listenersNotRunning,
  staleAssignedJobs,
  failedRunners,
  stuckTerminatingRunners,
  runnersWithoutPod,
  neverPickedUp,
  unschedulablePods,
  piledUpPods,
  capsDrift,
  labelCapacity,
];
