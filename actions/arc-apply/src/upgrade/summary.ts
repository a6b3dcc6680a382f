import type { SummaryBuilder } from '@gloriousflywheel/shared';
import { formatCaps } from '../kube/types';
import { phasesGantt } from '../summary';
import type { UpgradeReport } from './report';

/** The upgrade for people: the steps as a gantt, and per scale set before / during / after. */
export function upgradeSummary(summary: SummaryBuilder, report: UpgradeReport): void {
  const what = `${report.from ?? '?'} → ${report.to ?? '?'}`;
  summary.heading(
    report.dryRun
      ? `ARC controller upgrade ${what} (dry run)`
      : `ARC controller upgrade ${what}: ${report.outcome}`,
  );
  if (report.alreadyAtTarget) summary.paragraph(`The controller already runs ${report.to}: nothing to do.`);
  if (report.resumedAt) summary.paragraph(`Resumed an unfinished upgrade at step \`${report.resumedAt}\`.`);
  if (report.error)
    summary.paragraph(`Failed: \`${report.error.code}\` ${report.error.message.split('\n')[0]}`);
  if (report.rollback) {
    summary.paragraph(
      report.rollback.error
        ? `Rollback to ${report.rollback.to} failed: ${report.rollback.error}. The upgrade record stays; \`mode: restore\` retries it.`
        : `Rolled back to ${report.rollback.to}; every set ${report.rollback.proven ? 'proven' : 'NOT proven'}.`,
    );
  }
  for (const w of report.warnings) summary.paragraph(`Warning: ${w}`);
  phasesGantt(summary, 'upgrade', report);
  if (report.sets.length > 0) {
    summary.table(
      ['scale set', 'before', 'during', 'after', 'proven'],
      report.sets.map((s) => [
        s.key,
        `${s.before.version ?? '?'} ${formatCaps(s.before.caps)}`,
        [s.frozen ? `frozen ${formatCaps(s.frozen)}` : '', s.removed ? 'removed' : '']
          .filter(Boolean)
          .join(', ') || '–',
        s.after ? `${s.after.version ?? '?'} ${s.after.caps ? formatCaps(s.after.caps) : ''}` : '–',
        s.after?.proven === undefined ? '–' : s.after.proven ? 'yes' : `no: ${s.after.reason ?? ''}`,
      ]),
    );
  }
  if (report.crds.length > 0) {
    summary.details(
      'CRDs',
      report.crds
        .map((c) => `- \`${c.name}\`: ${c.action} (stored: ${c.storedVersions.join(', ') || 'none'})`)
        .join('\n'),
    );
  }
  if (report.plans.length > 0) {
    summary.details(
      'tofu steps',
      report.plans
        .map(
          (p) =>
            `- ${p.step}: ${p.changes.map((c) => `\`${c.address}\` ${c.actions.join('+')}`).join(', ') || 'nothing to change'}`,
        )
        .join('\n'),
    );
  }
}
