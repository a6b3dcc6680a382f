import { FlywheelError } from '@gloriousflywheel/shared';
import type { EngineDeps } from '../engine/deps';
import { readFleet } from '../engine/fleet';
import { resolveScope } from '../engine/scope';
import { loadTargets, type TargetSource } from '../engine/targets';

/** A set the planner plans for: its cap, the labels its jobs ask for, its minRunners now. */
export interface PlannedSet {
  name: string;
  labels: string[];
  maxRunners: number;
  minRunners: number;
}

/** Sets with no maxRunners are planned as if capped here: more warm runners than this is never cheap. */
export const UNCAPPED_PLANNING_LIMIT = 32;

/**
 * The sets in scope: from the source targets when a targets file or tfvars are given (no cluster
 * needed), else from the cluster's AutoscalingRunnerSets (names, labels or selectors, as elsewhere).
 */
export async function plannedSets(
  entries: readonly string[],
  source: TargetSource,
  cluster: () => EngineDeps,
): Promise<PlannedSet[]> {
  if (entries.length === 0) throw new FlywheelError('INPUT_INVALID', 'mode warm-pool-plan needs scale-sets');
  if (source.targetsFile || source.varFiles.length > 0) {
    const targets = await loadTargets(source);
    const sets = entries.map((name) => {
      const caps = targets.get(name);
      if (!caps)
        throw new FlywheelError('INPUT_INVALID', `scale set ${name} is not in the targets`, {
          hint: `the targets name ${[...targets.keys()].join(', ') || 'no set'}`,
        });
      return {
        name,
        labels: [name],
        maxRunners: caps.maxRunners ?? UNCAPPED_PLANNING_LIMIT,
        minRunners: caps.minRunners,
      };
    });
    return sets;
  }
  const deps = cluster();
  const view = await readFleet(deps.gw, deps.ns, { ers: false, runners: false, listeners: false });
  const scope = resolveScope(view.ars, [...entries]);
  return scope.sets.map((ars) => ({
    name: ars.metadata.name,
    labels: ars.spec?.runnerScaleSetLabels?.length ? [...ars.spec.runnerScaleSetLabels] : [ars.metadata.name],
    maxRunners: ars.spec?.maxRunners ?? UNCAPPED_PLANNING_LIMIT,
    minRunners: ars.spec?.minRunners ?? 0,
  }));
}
