import type { Logger, SummaryBuilder } from '@gloriousflywheel/shared';
import type { Finding, ObjectRef } from './finding';
import { type DoctorReport, worstOf } from './report';

/** How many findings the summary lists in full; the result file always has every one. */
const LISTED = 60;
/** GitHub shows at most 10 warnings and 10 errors per step; more would only be noise. */
const ANNOTATED = 10;

const obj = (o: ObjectRef) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
const objects = (f: Finding) =>
  `${f.objects.slice(0, 3).map(obj).join(', ')}${f.objects.length > 3 ? ` +${f.objects.length - 3}` : ''}`;

export function doctorSummary(summary: SummaryBuilder, report: DoctorReport): void {
  const all = report.checks.flatMap((c) => c.findings);
  summary.heading(
    report.healthy
      ? `ARC fleet doctor: healthy (${report.checks.length} checks)`
      : `ARC fleet doctor: ${report.counts.critical} critical, ${report.counts.high} high, ${report.counts.low} low`,
  );
  summary.paragraph(
    `${report.fleet.scaleSets} scale sets, ${report.fleet.runners} runners, ${report.fleet.listeners} listeners, ${report.fleet.pods} pods; controller ${report.controller?.version ?? 'not found'}${report.fix ? (report.dryRun ? '; repairs shown, not made (dry-run)' : '; repairs made (fix: true)') : '; read-only (fix: false)'}.`,
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
  if (all.length)
    summary.table(
      ['severity', 'check', 'scale set', 'objects', 'evidence', 'fix', 'repair'],
      [...all]
        .sort((a, b) => severityRank(b) - severityRank(a))
        .slice(0, LISTED)
        .map((f) => [
          f.severity,
          f.check,
          f.scaleSet ?? '–',
          objects(f),
          f.evidence,
          f.fix,
          f.repair?.type ?? '–',
        ]),
    );
  if (all.length > LISTED) summary.paragraph(`…and ${all.length - LISTED} more findings in the result file.`);
  if (report.repairs.length)
    summary.table(
      ['repair', 'object', 'outcome', 'reason'],
      report.repairs.map((r) => [r.action, obj(r.object), r.outcome, r.reason ?? '']),
    );
}

const severityRank = (f: Finding) => ({ low: 1, high: 2, critical: 3 })[f.severity];

/** Annotations for the worst findings: errors for critical, warnings for high. */
export function annotateFindings(log: Logger, report: DoctorReport): void {
  const serious = report.checks
    .flatMap((c) => c.findings)
    .filter((f) => f.severity !== 'low')
    .sort((a, b) => severityRank(b) - severityRank(a));
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
