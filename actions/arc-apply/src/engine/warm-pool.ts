import { keyOf } from '../kube/types';
import type { EngineDeps } from './deps';
import { readFleet } from './fleet';
import { validCaps } from './freeze-caps';
import { setCaps } from './patch-caps';
import { pausedKeys } from './pause-record';
import { minRunnersAt, type ScheduleEntry } from './schedule';
import { resolveScope } from './scope';
import { readSnapshot } from './snapshot';

export interface WarmPoolReport {
  mode: 'warm-pool';
  evaluatedAt: string;
  /** The value now of a schedule shared by all sets; per set under `sets` when a plan gives each its own. */
  minRunners: number;
  since?: string;
  sets: {
    name: string;
    from: number;
    to: number;
    outcome: 'patched' | 'unchanged' | 'skipped-frozen' | 'skipped-paused' | 'skipped-unplanned' | 'dry-run';
  }[];
}

/**
 * A set an operator paused: its maxRunners is 0 (the safe quiesce), or it carries this annotation set
 * to `true`. A warm pool never raises it. (One predicate, so a later pause mode can agree with it.)
 */
export const PAUSED_ANNOTATION = 'gloriousflywheel.dev/paused';

function paused(ars: {
  metadata: { annotations?: Record<string, string> };
  spec?: { maxRunners?: number };
}): boolean {
  return ars.metadata.annotations?.[PAUSED_ANNOTATION] === 'true' || ars.spec?.maxRunners === 0;
}

/**
 * Sets minRunners of the chosen sets from the schedule's value now. Frozen sets (an apply run's)
 * and paused sets — in the pause record of `mode: pause`, or paused by hand as above — are never
 * touched: a warm pool must never end a pause.
 */
export async function warmPool(
  deps: EngineDeps,
  entries: string[],
  schedule: ScheduleEntry[] | ((set: string) => ScheduleEntry[] | undefined),
  dryRun: boolean,
): Promise<WarmPoolReport> {
  const now = deps.clock.now();
  const scheduleOf = typeof schedule === 'function' ? schedule : () => schedule;
  const { value, since } =
    typeof schedule === 'function' ? { value: 0, since: undefined } : minRunnersAt(schedule, now);
  const view = await readFleet(deps.gw, deps.ns, { ers: false, runners: false, listeners: false });
  const scope = resolveScope(view.ars, entries);
  const snapshot = await readSnapshot(deps.gw, deps.ns.runners);
  const frozen = new Set((snapshot?.sets ?? []).map((e) => `${e.namespace}/${e.name}`));
  const inPauseRecord = await pausedKeys(deps.gw, deps.ns.runners);
  const sets: WarmPoolReport['sets'] = [];
  for (const ars of scope.sets) {
    const from = ars.spec?.minRunners ?? 0;
    if (inPauseRecord.has(keyOf(ars))) {
      deps.log.warning(`${ars.metadata.name} is paused: warm pool left alone until mode: resume`);
      sets.push({ name: ars.metadata.name, from, to: from, outcome: 'skipped-paused' });
      continue;
    }
    if (frozen.has(keyOf(ars))) {
      deps.log.warning(`${ars.metadata.name} is frozen by run ${snapshot?.runId}: warm pool left alone`);
      sets.push({ name: ars.metadata.name, from, to: from, outcome: 'skipped-frozen' });
      continue;
    }
    const own = scheduleOf(ars.metadata.name);
    if (!own) {
      deps.log.warning(`${ars.metadata.name} has no schedule in the plan: left alone`);
      sets.push({ name: ars.metadata.name, from, to: from, outcome: 'skipped-unplanned' });
      continue;
    }
    if (paused(ars)) {
      deps.log.info(`${ars.metadata.name} is paused: warm pool left alone`);
      sets.push({ name: ars.metadata.name, from, to: from, outcome: 'skipped-paused' });
      continue;
    }
    const setValue = minRunnersAt(own, now).value;
    // Never raise max to fit the pool: a set held at a low max stays held.
    const max = ars.spec?.maxRunners ?? null;
    const caps = validCaps({
      minRunners: max === null ? setValue : Math.min(setValue, max),
      maxRunners: max,
    });
    const outcome = dryRun
      ? 'dry-run'
      : await setCaps(
          deps.gw,
          deps.clock,
          ars.metadata.namespace ?? deps.ns.runners,
          ars.metadata.name,
          caps,
        );
    sets.push({ name: ars.metadata.name, from, to: caps.minRunners, outcome });
  }
  return {
    mode: 'warm-pool',
    evaluatedAt: now.toISOString(),
    minRunners: value,
    ...(since ? { since: since.toISOString() } : {}),
    sets,
  };
}
