import type { SummaryBuilder } from '@gloriousflywheel/shared';
import type { AuditReport } from './engine/audit';
import type { DriftReport } from './engine/drift';
import type { PauseReport } from './engine/pause-report';
import type { PhaseLedger } from './engine/phase-runner';
import { describeProof, type RestoredProof } from './engine/prove-restored';
import type { ApplyReport } from './engine/report';
import type { RollbackResult } from './engine/rollback';
import type { WarmPoolReport } from './engine/warm-pool';
import { formatCaps } from './kube/types';
import type { PlanFile } from './plan/plan-file';
import { FIGURE_HEADERS, figureRow, weekGrid } from './plan/report-text';

/** A run's phases as a gantt (failed ones marked), at least a second each so every bar shows. */
export function phasesGantt(summary: SummaryBuilder, section: string, ledger: PhaseLedger): void {
  if (ledger.phases.length === 0) return;
  summary.gantt({
    title: 'Phases',
    sections: [
      {
        name: section,
        tasks: ledger.phases.map((p) => ({
          name: p.name,
          start: new Date(p.start),
          end: new Date(Math.max(Date.parse(p.end), Date.parse(p.start) + 1000)),
          ...(p.outcome === 'failed' ? { tag: 'crit' as const } : {}),
        })),
      },
    ],
  });
}

/** The apply run for people: a gantt of the phases and a row per scale set. */
export function applySummary(summary: SummaryBuilder, report: ApplyReport): void {
  const title = report.dryRun ? 'ARC apply (dry run)' : `ARC apply: ${report.outcome}`;
  summary.heading(title);
  if (report.controller) {
    summary.paragraph(
      `Controller \`${report.controller.deployment}\` ${report.controller.version ?? '(unknown version)'}, update strategy \`${report.controller.updateStrategy}\`.`,
    );
  }
  if (report.error)
    summary.paragraph(`Failed: \`${report.error.code}\` ${report.error.message.split('\n')[0]}`);
  phasesGantt(summary, 'arc-apply', report);
  if (report.sets.length > 0) {
    summary.table(
      ['scale set', 'before', 'frozen', 'target', 'proven'],
      report.sets.map((s) => [
        s.key,
        formatCaps(s.before),
        formatCaps(s.frozen),
        s.target ? `${formatCaps(s.target)}${s.targetSource === 'snapshot' ? ' (snapshot)' : ''}` : '–',
        s.proven === undefined ? '–' : s.proven ? 'yes' : `no: ${s.proofReason ?? ''}`,
      ]),
    );
  }
  const reap = report.reap;
  if (
    reap &&
    (reap.reaped.length || reap.wouldReap.length || reap.skipped.length || reap.podsDeleted.length)
  ) {
    const rows = [
      ...reap.reaped.map((r) => [r.name, r.scaleSet, r.reason, 'deleted']),
      ...reap.wouldReap.map((r) => [r.name, r.scaleSet, r.reason, 'would delete (dry run)']),
      ...reap.skipped.map((r) => [r.name, '', '', `left alone: ${r.why}`]),
    ];
    summary.details(
      `Reaped ${reap.reaped.length} leaked runner(s), cleaned ${reap.podsDeleted.length} completed pod(s)`,
      rows.length ? rows.map((r) => `- \`${r[0]}\` ${r[1]} ${r[2]}: ${r[3]}`).join('\n') : 'none',
    );
  }
  if (report.plan) {
    summary.details(
      `Plan: ${report.plan.changes.length} change(s)`,
      report.plan.changes.map((c) => `- \`${c.address}\`: ${c.actions.join('+')}`).join('\n') || 'no changes',
    );
  }
  if (report.rollback) {
    if (report.rollback.error)
      summary.paragraph(
        `Rollback failed: ${report.rollback.error}. The snapshot stays in the cluster; the post phase or \`mode: restore\` retries it.`,
      );
    else rollbackProofSummary(summary, report.rollback);
  }
}

/** What a rollback put back and whether each set's listener came back: "rolled back, proven" or the sets that did not. */
function rollbackProofSummary(summary: SummaryBuilder, rollback: RollbackResult): void {
  const n = rollback.restored.length;
  if (!rollback.proof) {
    summary.paragraph(`Rolled back ${n} set(s) to their snapshot caps.`);
    return;
  }
  summary.paragraph(`Rolled back ${n} set(s) to their snapshot caps: ${rollbackWords(rollback.proof)}.`);
  summary.table(
    ['scale set', 'caps', 'listener back'],
    rollback.restored.map((r) => {
      const p = rollback.proof?.sets.find((x) => x.key === r.key);
      return [r.key, formatCaps(r.caps), !p ? '–' : p.proven ? 'yes' : `no: ${p.reason}`];
    }),
  );
}

/** "rolled back, proven", or the sets whose listeners did not come back. */
export function rollbackWords(proof: RestoredProof): string {
  return proof.proven ? 'rolled back, proven' : `rolled back, ${describeProof(proof)}`;
}

export function driftSummary(summary: SummaryBuilder, report: DriftReport): void {
  summary.heading(`ARC drift: ${report.worst === 'none' ? 'no drift' : `worst ${report.worst}`}`);
  summary.table(
    ['scale set', 'live', 'target'],
    report.sets.map((s) => [`${s.namespace}/${s.name}`, formatCaps(s.live), formatCaps(s.target)]),
  );
  if (report.items.length)
    summary.table(
      ['scale set', 'severity', 'kind', 'message'],
      report.items.map((i) => [i.scaleSet, i.severity, i.kind, i.message]),
    );
}

export function auditSummary(summary: SummaryBuilder, report: AuditReport): void {
  summary.heading('ARC shared-label capacity audit');
  summary.table(
    ['label', 'scale sets', 'global max', 'runners', 'busy'],
    report.labels.map((l) => [
      l.label,
      l.sets.map((s) => s.name).join(', '),
      l.globalMax ?? '∞',
      l.runners,
      l.busy,
    ]),
  );
  for (const l of report.labels.filter((x) => x.sets.length > 1)) {
    summary.details(
      `${l.label}: ${l.sets.length} sets`,
      l.sets
        .map(
          (s) =>
            `- ${s.name}: ${s.minRunners}/${s.maxRunners ?? '∞'}, requests ${JSON.stringify(s.requests)}, limits ${JSON.stringify(s.limits)}, nodeSelector ${JSON.stringify(s.nodeSelector)}, tolerations ${s.tolerations.join(' ') || 'none'}`,
        )
        .join('\n'),
    );
  }
}

export function warmPoolSummary(summary: SummaryBuilder, report: WarmPoolReport): void {
  summary.heading(
    report.since
      ? `Warm pool: minRunners ${report.minRunners}`
      : 'Warm pool: minRunners per set from the plan',
  );
  summary.table(
    ['scale set', 'from', 'to', 'outcome'],
    report.sets.map((s) => [s.name, s.from, s.to, s.outcome]),
  );
}

/** Sets put back to their snapshot caps (mode restore, and the apply's post phase), with their proof. */
export function restoredSummary(summary: SummaryBuilder, title: string, rollback: RollbackResult): void {
  summary.heading(title);
  if (rollback.proof) summary.paragraph(`${rollbackWords(rollback.proof)}.`);
  summary.table(
    ['scale set', 'caps', 'outcome', 'listener back'],
    rollback.restored.map((r) => {
      const p = rollback.proof?.sets.find((x) => x.key === r.key);
      return [r.key, formatCaps(r.caps), r.outcome, !p ? '–' : p.proven ? 'yes' : `no: ${p.reason}`];
    }),
  );
}

/** A pause or a resume: what happened to each set (idempotent no-ops say so), and the proof. */
export function pauseSummary(summary: SummaryBuilder, report: PauseReport): void {
  const verb = report.mode === 'pause' ? 'pause' : 'resume';
  summary.heading(report.dryRun ? `ARC ${verb} (dry run)` : `ARC ${verb}: ${report.outcome}`);
  if (report.error)
    summary.paragraph(`Failed: \`${report.error.code}\` ${report.error.message.split('\n')[0]}`);
  if (report.sets.length > 0) {
    summary.table(
      ['scale set', 'outcome', 'caps before the pause', 'paused at', 'listener back', 'note'],
      report.sets.map((s) => [
        s.key,
        s.outcome,
        formatCaps(s.before),
        formatCaps(s.paused),
        s.proven === undefined ? '–' : s.proven ? 'yes' : `no: ${s.proofReason ?? ''}`,
        s.note ?? '',
      ]),
    );
  }
  if (report.drain)
    summary.paragraph(
      report.drain.timedOut
        ? `Drain timed out with ${report.drain.busyAtEnd.length} busy runner(s); the sets stay paused.`
        : 'Drained: no busy runners left on the paused sets.',
    );
  if (report.proof) summary.paragraph(`Listeners: ${describeProof(report.proof)}.`);
}

/** The plan for people: per set the figures (plan and current), the curve as a chart, the schedule. */
export function warmPoolPlanSummary(summary: SummaryBuilder, plan: PlanFile): void {
  const t = plan.targets;
  summary.heading(
    `Warm-pool plan: p${Math.round(t.quantile * 100)} ≤ ${t.offPeakMs / 1000} s off-peak, ≤ ${t.peakMs / 1000} s at peak`,
  );
  summary.paragraph(
    `For the week of ${plan.horizon.from.slice(0, 10)}, from ${plan.history.jobs} jobs (${plan.history.from.slice(0, 10)} … ${plan.history.to.slice(0, 10)}). Figures are per week, predicted by the ARC model on weeks drawn from the history and its uncertainty; *weeks met* is the share of those weeks in which both targets hold (the plan must reach ${Math.round((t.confidence ?? 0.8) * 100)} %).`,
  );
  summary.table(
    ['scale set', ...FIGURE_HEADERS],
    plan.sets.flatMap((s) => [
      [s.name, ...figureRow('plan', s.predicted)],
      [s.name, ...figureRow('current', s.current)],
      [s.name, ...figureRow('same idle as current', s.atCurrentIdle.figures)],
    ]),
  );
  for (const set of plan.sets) {
    summary.xyChart({
      title: `${set.name}: p95 wait (s) against idle runner-minutes per week`,
      xLabels: set.curve.map((c) => String(c.idleRunnerMinutes)),
      yLabel: 'p95 wait (s)',
      series: [
        { name: 'off-peak', values: set.curve.map((c) => c.p95OffPeak) },
        { name: 'peak', values: set.curve.map((c) => c.p95Peak) },
      ],
    });
    summary.details(
      `${set.name}: schedule and warm runners by hour`,
      ['```', ...set.schedule, '```', '```', weekGrid(set.week), '```'].join('\n'),
    );
    summary.details(
      `${set.name}: per hour of the week (plan / current)`,
      [
        '| hour | warm | jobs | p50 s | p95 s | cold starts | idle runner-min |',
        '|---|---|---|---|---|---|---|',
        ...set.slots
          .filter((s) => s.jobs > 0 || s.warm > 0 || set.currentSlots[s.slot]!.warm > 0)
          .map((s) => {
            const c = set.currentSlots[s.slot]!;
            const h = `${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][Math.floor(s.slot / 24)]} ${String(s.slot % 24).padStart(2, '0')}:00`;
            return `| ${h} | ${s.warm} / ${c.warm} | ${s.jobs} | ${s.p50} / ${c.p50} | ${s.p95} / ${c.p95} | ${s.coldStarts} / ${c.coldStarts} | ${s.idleRunnerMinutes} / ${c.idleRunnerMinutes} |`;
          }),
      ].join('\n'),
    );
    for (const note of set.notes) summary.paragraph(`${set.name}: ${note}`);
  }
}
