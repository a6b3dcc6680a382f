import { FlywheelError } from '@gloriousflywheel/shared';
import type { Ars, Caps } from '../kube/types';
import type { EngineDeps } from './deps';
import { validCaps } from './freeze-caps';
import { type RetryPolicy, setCaps } from './patch-caps';
import type { CapSnapshot } from './snapshot';
import type { Targets } from './targets';

export interface RestoreEntry {
  key: string;
  namespace: string;
  name: string;
  caps: Caps;
  source: 'targets' | 'snapshot';
  outcome: 'patched' | 'unchanged';
}

/** The caps one set is to be given, and why. */
export type PlannedCaps = Omit<RestoreEntry, 'outcome'>;

/**
 * The caps each frozen set must end with: its source target, or — for a set the sources do not
 * name — its snapshot caps, so no set is ever left frozen for want of a target.
 */
export function restorePlan(snapshot: CapSnapshot, targets: Targets): PlannedCaps[] {
  return snapshot.sets.map((e) => {
    const target = targets.get(e.name);
    return {
      key: `${e.namespace}/${e.name}`,
      namespace: e.namespace,
      name: e.name,
      caps: validCaps(target ?? { minRunners: e.minRunners, maxRunners: e.maxRunners }),
      source: target ? 'targets' : 'snapshot',
    };
  });
}

/** Patches every set to its planned caps; tries them all and reports every failure at once. */
export async function applyCaps(
  deps: EngineDeps,
  plan: PlannedCaps[],
  retry?: RetryPolicy,
): Promise<RestoreEntry[]> {
  const done: RestoreEntry[] = [];
  const failed: string[] = [];
  // One list serves as the first read of every set; retries re-read the one set that failed.
  const listed = await deps.gw.list<Ars>('AutoscalingRunnerSet', deps.ns.runners).catch(() => [] as Ars[]);
  for (const p of plan) {
    try {
      const known = listed.find((a) => a.metadata.name === p.name && a.metadata.namespace === p.namespace);
      done.push({
        ...p,
        outcome: await setCaps(deps.gw, deps.clock, p.namespace, p.name, p.caps, retry, known),
      });
    } catch (error) {
      failed.push(`${p.key}: ${(error as Error).message}`);
    }
  }
  if (failed.length > 0) {
    throw new FlywheelError(
      'RESTORE_FAILED',
      `could not set the caps of ${failed.length} set(s):\n${failed.join('\n')}`,
      {
        hint: 'The cap snapshot stays in the cluster; run arc-apply with mode: restore once the API is healthy.',
        details: { restored: done, failed },
      },
    );
  }
  return done;
}
