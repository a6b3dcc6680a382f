import type { Ars } from '../kube/types';
import type { EngineDeps } from './deps';
import { readFleet, runnersOf } from './fleet';
import { labelIndex } from './scope';
import { isBusy, type SemVer } from './version';

export interface AuditSet {
  name: string;
  namespace: string;
  minRunners: number;
  maxRunners: number | null;
  runners: number;
  busy: number;
  requests: Record<string, string>;
  limits: Record<string, string>;
  nodeSelector: Record<string, string>;
  tolerations: string[];
}

export interface AuditLabel {
  label: string;
  sets: AuditSet[];
  /** The label's real cap: the sum of its sets' max (null when one is unbounded). */
  globalMax: number | null;
  runners: number;
  busy: number;
}

export interface AuditReport {
  mode: 'audit';
  labels: AuditLabel[];
}

function placement(ars: Ars) {
  const spec = ars.spec?.template?.spec;
  const runner = spec?.containers?.find((c) => c.name === 'runner') ?? spec?.containers?.[0];
  return {
    requests: runner?.resources?.requests ?? {},
    limits: runner?.resources?.limits ?? {},
    nodeSelector: spec?.nodeSelector ?? {},
    tolerations: (spec?.tolerations ?? []).map(
      (t) => `${t['key'] ?? '*'}${t['value'] ? `=${t['value']}` : ''}:${t['effect'] ?? 'Any'}`,
    ),
  };
}

/** The shared-label capacity audit: per workflow-facing label, every set that publishes it. */
export async function capacityAudit(
  deps: EngineDeps,
  controllerVersion: SemVer | undefined,
): Promise<AuditReport> {
  const view = await readFleet(deps.gw, deps.ns, { listeners: false });
  const labels: AuditLabel[] = [];
  for (const [label, sets] of [...labelIndex(view.ars)].sort(([a], [b]) => a.localeCompare(b))) {
    const rows: AuditSet[] = sets.map((ars) => {
      const runners = runnersOf(view, ars).filter((r) => !r.metadata.deletionTimestamp);
      return {
        name: ars.metadata.name,
        namespace: ars.metadata.namespace ?? deps.ns.runners,
        minRunners: ars.spec?.minRunners ?? 0,
        maxRunners: ars.spec?.maxRunners ?? null,
        runners: runners.length,
        busy: runners.filter((r) => isBusy(r, controllerVersion)).length,
        ...placement(ars),
      };
    });
    labels.push({
      label,
      sets: rows,
      globalMax: rows.some((r) => r.maxRunners === null)
        ? null
        : rows.reduce((n, r) => n + (r.maxRunners ?? 0), 0),
      runners: rows.reduce((n, r) => n + r.runners, 0),
      busy: rows.reduce((n, r) => n + r.busy, 0),
    });
  }
  return { mode: 'audit', labels };
}
