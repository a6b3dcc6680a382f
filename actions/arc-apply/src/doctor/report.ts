import type { JUnitSuite } from '@gloriousflywheel/shared/report';
import { SEVERITY_ORDER, type Severity } from '../engine/drift-classify';

export type { Severity };

import type { AuditEntry } from './audit-entry';
import type { CheckOutcome, Finding } from './finding';
import type { DoctorView } from './view';

/**
 * The doctor's result envelope, versioned: the platform dashboard's drift endpoint (story OP-4)
 * serves it as it is. Its JSON Schema is schemas/doctor-result.v1.schema.json; a change that is
 * not backwards compatible gets a new version, never an edit of v1.
 */
export const DOCTOR_SCHEMA = 'gloriousflywheel.arc-doctor/v1';

export interface DoctorReport {
  mode: 'doctor';
  schema: typeof DOCTOR_SCHEMA;
  checkedAt: string;
  /** Whether repairs were asked for (`fix`) and only shown (`dry-run`). */
  fix: boolean;
  dryRun: boolean;
  /** No finding left at or above `low` once the repairs are done. */
  healthy: boolean;
  /** The worst severity of the findings that no repair took care of. */
  worst: Severity | 'none';
  counts: Record<Severity, number>;
  controller?: { deployment: string; version?: string; updateStrategy: string };
  fleet: { scaleSets: number; runnerSets: number; runners: number; listeners: number; pods: number };
  checks: CheckOutcome[];
  repairs: AuditEntry[];
}

const key = (f: { object: { kind: string; namespace?: string; name: string } }) =>
  `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`;

/** The findings no repair took care of: all of them, less those whose repair was done. */
export function openFindings(findings: Finding[], repairs: AuditEntry[]): Finding[] {
  const done = new Set(repairs.filter((r) => r.outcome === 'done').map(key));
  return findings.filter((f) => !(f.repair && done.has(key({ object: f.repair.object }))));
}

export function worstOf(findings: Finding[]): Severity | 'none' {
  let worst: Severity | 'none' = 'none';
  for (const f of findings) if (SEVERITY_ORDER[f.severity] > SEVERITY_ORDER[worst]) worst = f.severity;
  return worst;
}

export function buildReport(
  view: DoctorView,
  checks: CheckOutcome[],
  repairs: AuditEntry[],
  options: { fix: boolean; dryRun: boolean },
): DoctorReport {
  const open = openFindings(
    checks.flatMap((c) => c.findings),
    repairs,
  );
  const counts: Record<Severity, number> = { low: 0, high: 0, critical: 0 };
  for (const f of open) counts[f.severity] += 1;
  const c = view.controller;
  return {
    mode: 'doctor',
    schema: DOCTOR_SCHEMA,
    checkedAt: view.settings.now.toISOString(),
    fix: options.fix,
    dryRun: options.dryRun,
    healthy: open.length === 0,
    worst: worstOf(open),
    counts,
    ...(c
      ? {
          controller: {
            deployment: c.deployment,
            ...(c.versionText ? { version: c.versionText } : {}),
            updateStrategy: c.updateStrategy,
          },
        }
      : {}),
    fleet: {
      scaleSets: view.ars.length,
      runnerSets: view.ers.length,
      runners: view.runners.length,
      listeners: view.listeners.length,
      pods: view.runnerPods.length + view.controllerPods.length,
    },
    checks,
    repairs,
  };
}

const objectName = (o: { kind: string; namespace?: string; name: string }) =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

/** One JUnit case per check: failed with its findings, skipped with the reason, or passed. */
export function doctorJUnit(report: DoctorReport): JUnitSuite[] {
  return [
    {
      name: 'arc-doctor',
      timestamp: new Date(report.checkedAt),
      cases: report.checks.map((c) => ({
        name: c.title,
        classname: `arc-doctor.${c.id}`,
        outcome: c.status === 'fail' ? 'failed' : c.status === 'skipped' ? 'skipped' : 'passed',
        ...(c.status === 'skipped' ? { message: c.skipped ?? '' } : {}),
        ...(c.status === 'fail'
          ? {
              message: `${c.findings.length} finding(s), worst ${worstOf(c.findings)}`,
              details: c.findings
                .map(
                  (f) =>
                    `[${f.severity}] ${f.objects.slice(0, 5).map(objectName).join(', ')}${f.objects.length > 5 ? ` and ${f.objects.length - 5} more` : ''}: ${f.evidence}\n  fix: ${f.fix}`,
                )
                .join('\n'),
            }
          : {}),
      })),
    },
  ];
}
