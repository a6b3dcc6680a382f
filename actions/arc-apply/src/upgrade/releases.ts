import { arcVersionGateAllows, FlywheelError } from '@gloriousflywheel/shared';
import { appliedArsVersion, isControllerChange } from '../engine/guard';
import { isMutation, type PlanJson, type ResourceChange, scaleSetsOfChange } from '../engine/plan-json';

/** The resources an upgrade moves: the controller's release and one per scale set. */
export interface Releases {
  controller: string;
  /** Scale-set name → its tofu address. */
  sets: Map<string, string>;
}

/** Finds them in a full plan of the var files (whatever its actions: no-op rows name them too). */
export function releasesOf(plan: PlanJson): Releases {
  const controller = plan.resource_changes.find(isControllerChange)?.address;
  if (!controller) {
    throw new FlywheelError('UPGRADE_REFUSED', 'the plan has no ARC controller release', {
      hint: 'mode: upgrade needs the gha-runner-scale-set-controller helm_release in the same tofu stack as the scale sets.',
    });
  }
  const sets = new Map<string, string>();
  for (const c of plan.resource_changes) {
    if (isControllerChange(c)) continue;
    const names = scaleSetsOfChange(c);
    // An ARS manifest or a gha-runner-scale-set release, as the var files want it.
    if (names.length === 1 && appliedArsVersion(c).applies) sets.set(names[0]!, c.address);
  }
  return { controller, sets };
}

/** What one tofu step may do: these addresses, these actions; nothing else. */
export interface StepRule {
  step: string;
  addresses: Set<string>;
  /** Also any other scale set of the stack (a reinstall creates the sets the var files add). */
  anyScaleSet?: boolean;
  actions: ReadonlySet<string>;
  /** Every scale set it creates must carry this version's minor (the controller's version gate). */
  setVersion?: string;
}

/**
 * The upgrade's own guard: each targeted plan may only make the changes its step is for. A plan
 * that would touch anything else (a namespace, another release, a CRD resource) is refused before
 * it is applied.
 */
export function assertStepPlan(plan: PlanJson, rule: StepRule): ResourceChange[] {
  const problems: string[] = [];
  const changes = plan.resource_changes.filter(isMutation);
  for (const c of changes) {
    const version = appliedArsVersion(c);
    const member = rule.addresses.has(c.address) || (rule.anyScaleSet === true && version.applies);
    if (!member) problems.push(`${c.address}: not part of ${rule.step}`);
    else if (!c.change.actions.every((a) => rule.actions.has(a)))
      problems.push(`${c.address}: ${c.change.actions.join('+')} is not what ${rule.step} does`);
    if (rule.setVersion && version.applies && !arcVersionGateAllows(version.value, rule.setVersion))
      problems.push(
        `${c.address}: chart version ${version.value ?? 'missing'}, the controller will be ${rule.setVersion}`,
      );
  }
  if (problems.length > 0) {
    throw new FlywheelError(
      'PLAN_GUARD_REJECTED',
      `the ${rule.step} plan was rejected:\n${problems.join('\n')}`,
      {
        hint: 'Nothing was applied by this step. The upgrade record stays: fix the stack and re-run mode: upgrade.',
        details: { problems },
      },
    );
  }
  return changes;
}
