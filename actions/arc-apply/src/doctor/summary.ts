import type { Logger, SummaryBuilder } from '@gloriousflywheel/shared';
import type { Finding, ObjectRef } from './finding';
import { type DoctorReport, openFindings, type Severity, worstOf } from './report';

/** How many rows the findings table has at most; the result file always has every finding. */
const LISTED = 60;
/** A check with more findings than this is one row in the summary. */
const GROUP_OVER = 5;
/** GitHub shows at most 10 warnings and 10 errors per step; more would only be noise. */
const ANNOTATED = 10;

const obj = (o: ObjectRef) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
const objects = (f: Finding) =>
  `${f.objects.slice(0, 3).map(obj).join(', ')}${f.objects.length > 3 ? ` +${f.objects.length - 3}` : ''}`;

/** One summary row per finding, or per check when it has many (the result file has them all). */
function findingRows(report: DoctorReport): unknown[][] {
  const outcome = repairOutcomes(report);
  const rows: unknown[][] = [];
  for (const c of report.checks) {
    if (c.findings.length === 0) continue;
    if (c.findings.length > GROUP_OVER) {
      const repaired = c.findings.filter((f) => outcome(f) === 'done').length;
      const sets = new Set(c.findings.map((f) => f.scaleSet).filter(Boolean));
      rows.push([
        worstOf(c.findings),
        c.id,
        sets.size ? `${sets.size} set(s)` : '–',
        `${c.findings.length} objects, e.g. ${objects(c.findings[0]!)}`,
        `${c.findings[0]!.evidence} (and ${c.findings.length - 1} more)`,
        c.findings[0]!.fix,
        c.findings.some((f) => f.repair) ? `${repaired}/${c.findings.length} done` : '–',
      ]);
      continue;
    }
    for (const f of c.findings)
      rows.push([
        f.severity,
        f.check,
        f.scaleSet ?? '–',
        objects(f),
        f.evidence,
        f.fix,
        f.repair ? (outcome(f) ?? 'with fix: true') : '–',
      ]);
  }
  return rows.sort((a, b) => RANK[b[0] as Severity] - RANK[a[0] as Severity]);
}

/** The outcome of each finding's repair, by the object it concerns. */
function repairOutcomes(report: DoctorReport): (f: Finding) => string | undefined {
  const byObject = new Map(report.repairs.map((r) => [obj(r.object), r]));
  return (f) => {
    const r = f.repair && byObject.get(obj(f.repair.object));
    return r && (r.reason ? `${r.outcome}: ${r.reason}` : r.outcome);
  };
}

export function doctorSummary(summary: SummaryBuilder, report: DoctorReport): void {
  summary.heading(
    report.healthy
      ? `ARC fleet doctor: healthy (${report.checks.length} checks)`
      : `ARC fleet doctor: ${report.counts.critical} critical, ${report.counts.high} high, ${report.counts.low} low left`,
  );
  summary.paragraph(
    `${report.fleet.scaleSets} scale sets, ${report.fleet.runners} runners, ${report.fleet.listeners} listeners, ${report.fleet.pods} pods; controller ${report.controller?.version ?? 'not found'}${report.fix ? (report.dryRun ? '; repairs shown, not made (dry-run)' : `; ${report.repairs.filter((r) => r.outcome === 'done').length} repairs made (fix: true)`) : '; read-only (fix: false)'}.`,
  );
  summary.table(
    ['check', 'result', 'findings', 'worst'],
    report.checks.map((c) => [
      c.title,
      c.status === 'skipped' ? `skipped: ${c.skipped}` : c.status,
      c.findings.length,
      c.findings.length ? worstOf(c.findings) : '–',
    ]),
  );
  const rows = findingRows(report);
  if (rows.length)
    summary.table(
      ['severity', 'check', 'scale set', 'objects', 'evidence', 'fix', 'repair'],
      rows.slice(0, LISTED),
    );
  if (rows.length > LISTED) summary.paragraph(`…and ${rows.length - LISTED} more rows in the result file.`);
  const notDone = report.repairs.filter((r) => r.outcome !== 'done');
  if (notDone.length)
    summary.table(
      ['repair not made', 'object', 'outcome', 'reason'],
      notDone.map((r) => [r.action, obj(r.object), r.outcome, r.reason ?? '']),
    );
}

const RANK: Record<Severity, number> = { low: 1, high: 2, critical: 3 };

/** Annotations for the worst findings left open: errors for critical, warnings for high. */
export function annotateFindings(log: Logger, report: DoctorReport): void {
  const serious = openFindings(
    report.checks.flatMap((c) => c.findings),
    report.repairs,
  )
    .filter((f) => f.severity !== 'low')
    .sort((a, b) => RANK[b.severity] - RANK[a.severity]);
  for (const f of serious.slice(0, ANNOTATED)) {
    const text = `${f.scaleSet ? `${f.scaleSet}: ` : ''}${objects(f)}: ${f.evidence} — fix: ${f.fix}`;
    const props = { title: `arc-doctor: ${f.check}` };
    if (f.severity === 'critical') log.error(text, props);
    else log.warning(text, props);
  }
  if (serious.length > ANNOTATED)
    log.notice(
      `${serious.length - ANNOTATED} more high or critical findings: see the summary and the result file`,
    );
}
