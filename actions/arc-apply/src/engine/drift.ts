import { FlywheelError } from '@gloriousflywheel/shared';
import type { EngineDeps } from './deps';
import { type DriftItem, driftItems, SEVERITY_ORDER, type Severity, worstSeverity } from './drift-classify';
import { listenerOf, readFleet, runnersOf } from './fleet';
import { entryKey, readPauseRecord } from './pause-record';
import type { Targets } from './targets';
import { isBusy, type SemVer } from './version';

export interface DriftReport {
  mode: 'drift';
  checkedAt: string;
  worst: Severity | 'none';
  counts: Record<Severity, number>;
  items: DriftItem[];
  sets: {
    name: string;
    namespace: string;
    live: { minRunners: number; maxRunners: number | null };
    target?: { minRunners: number; maxRunners: number | null };
  }[];
}

/** Live caps of ARSs and listeners against the source targets (one list per kind). */
export async function driftReport(
  deps: EngineDeps,
  targets: Targets,
  controllerVersion: SemVer | undefined,
): Promise<DriftReport> {
  const view = await readFleet(deps.gw, deps.ns, { ers: true });
  const pauses = new Map(
    ((await readPauseRecord(deps.gw, deps.ns.runners))?.sets ?? []).map((e) => [entryKey(e), e.paused]),
  );
  const items: DriftItem[] = [];
  const sets: DriftReport['sets'] = [];
  for (const ars of view.ars) {
    const target = targets.get(ars.metadata.name);
    items.push(
      ...driftItems({
        ars,
        target,
        listener: listenerOf(view, ars),
        activeRunners: runnersOf(view, ars).filter((r) => isBusy(r, controllerVersion)).length,
        controllerVersion,
        paused: pauses.get(`${ars.metadata.namespace ?? deps.ns.runners}/${ars.metadata.name}`),
      }),
    );
    sets.push({
      name: ars.metadata.name,
      namespace: ars.metadata.namespace ?? deps.ns.runners,
      live: { minRunners: ars.spec?.minRunners ?? 0, maxRunners: ars.spec?.maxRunners ?? null },
      ...(target ? { target } : {}),
    });
  }
  for (const [name] of targets) {
    if (!view.ars.some((a) => a.metadata.name === name)) {
      items.push({
        scaleSet: name,
        namespace: deps.ns.runners,
        severity: 'high',
        kind: 'target-missing-in-cluster',
        message: 'in the source targets but not in the cluster',
      });
    }
  }
  const counts: Record<Severity, number> = { low: 0, high: 0, critical: 0 };
  for (const i of items) counts[i.severity]++;
  return {
    mode: 'drift',
    checkedAt: deps.clock.now().toISOString(),
    worst: worstSeverity(items),
    counts,
    items,
    sets,
  };
}

/** `fail-on: high` fails on high or critical items; `none` never fails. */
export function assertDriftBelow(report: DriftReport, failOn: Severity | 'none'): void {
  if (failOn === 'none' || SEVERITY_ORDER[report.worst] < SEVERITY_ORDER[failOn]) return;
  const hits = report.items.filter((i) => SEVERITY_ORDER[i.severity] >= SEVERITY_ORDER[failOn]);
  throw new FlywheelError(
    'CHECK_FAILED',
    `${hits.length} drift item(s) at or above ${failOn}:\n${hits.map((i) => `${i.scaleSet}: ${i.severity}: ${i.message}`).join('\n')}`,
    {
      hint: 'Run the ARC apply pipeline, or fix the live objects, then re-check.',
      details: { items: hits },
    },
  );
}
