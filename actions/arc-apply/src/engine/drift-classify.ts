import {
  type Ars,
  type Caps,
  capsOf,
  formatCaps,
  type Listener,
  listenerCapsOf,
  sameCaps,
  VERSION_LABEL,
} from '../kube/types';
import type { PauseMark } from './snapshot';
import { parseVersion, type SemVer, sameMinor } from './version';

export type Severity = 'low' | 'high' | 'critical';
export const SEVERITY_ORDER: Record<Severity | 'none', number> = { none: 0, low: 1, high: 2, critical: 3 };

export interface DriftItem {
  scaleSet: string;
  namespace: string;
  severity: Severity;
  kind:
    | 'listener-missing-active'
    | 'listener-missing'
    | 'caps-differ'
    | 'listener-caps-differ'
    | 'no-target'
    | 'paused'
    | 'target-missing-in-cluster'
    | 'version-skew';
  message: string;
}

export interface DriftInput {
  ars: Ars;
  target: Caps | undefined;
  listener: Listener | undefined;
  activeRunners: number;
  controllerVersion: SemVer | undefined;
  /** The pause that holds this set (`mode: pause`), from the pause record. */
  paused?: PauseMark;
}

/** Live state against the source targets for one scale set. */
export function driftItems(input: DriftInput): DriftItem[] {
  const { ars, target, listener } = input;
  const base = { scaleSet: ars.metadata.name, namespace: ars.metadata.namespace ?? '' };
  const items: DriftItem[] = [];
  const live = capsOf(ars);
  if (!listener) {
    items.push(
      input.activeRunners > 0
        ? {
            ...base,
            severity: 'critical',
            kind: 'listener-missing-active',
            message: `no listener while ${input.activeRunners} runner(s) are active`,
          }
        : {
            ...base,
            severity: 'high',
            kind: 'listener-missing',
            message: 'no listener: the set takes no jobs',
          },
    );
  } else {
    const lc: Caps = listenerCapsOf(listener);
    if (
      lc.minRunners !== live.minRunners ||
      (lc.maxRunners ?? 2147483647) !== (live.maxRunners ?? 2147483647)
    ) {
      items.push({
        ...base,
        severity: 'high',
        kind: 'listener-caps-differ',
        message: `listener ${formatCaps(lc)} ≠ ARS ${formatCaps(live)}`,
      });
    }
  }
  if (!target)
    items.push({ ...base, severity: 'low', kind: 'no-target', message: 'not in the source targets' });
  else if (input.paused && sameCaps(live, input.paused.caps)) {
    // Held on purpose by `mode: pause`: not drift to repair, but shown so nobody forgets it.
    items.push({
      ...base,
      severity: 'low',
      kind: 'paused',
      message: `paused since ${input.paused.at} (run ${input.paused.runId}): ARS ${formatCaps(live)} until mode: resume restores target ${formatCaps(target)}`,
    });
  } else if (!sameCaps(live, target)) {
    items.push({
      ...base,
      severity: 'high',
      kind: 'caps-differ',
      message: `ARS ${formatCaps(live)} ≠ target ${formatCaps(target)}`,
    });
  }
  const label = ars.metadata.labels?.[VERSION_LABEL];
  const labelVersion = parseVersion(label);
  if (
    input.controllerVersion &&
    labelVersion &&
    sameMinor(labelVersion, input.controllerVersion) &&
    labelVersion.patch !== input.controllerVersion.patch
  ) {
    items.push({
      ...base,
      severity: 'low',
      kind: 'version-skew',
      message: `${VERSION_LABEL} ${label} differs in patch from the controller`,
    });
  }
  return items;
}

export function worstSeverity(items: DriftItem[]): Severity | 'none' {
  let worst: Severity | 'none' = 'none';
  for (const i of items) if (SEVERITY_ORDER[i.severity] > SEVERITY_ORDER[worst]) worst = i.severity;
  return worst;
}
