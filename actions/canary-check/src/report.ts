import type { ActionContext } from '@gloriousflywheel/shared';
import type { JUnitCase, JUnitSuite } from '@gloriousflywheel/shared/report';
import { type CheckResult, type CheckStatus, countChecks } from './checks';

const ICON: Record<CheckStatus, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  skip: '➖ skip',
};

/** One row per subject (repo × label, or the runner), one column per check. */
export function summaryTable(results: CheckResult[]): { headers: string[]; rows: string[][] } {
  const columns = [...new Map(results.map((r) => [r.id, r.title])).entries()];
  const subjects = [...new Set(results.map((r) => r.subject))];
  const rows = subjects.map((subject) => [
    subject,
    ...columns.map(([id]) => {
      const r = results.find((x) => x.subject === subject && x.id === id);
      return r ? ICON[r.status] : '';
    }),
  ]);
  return { headers: ['subject', ...columns.map(([, title]) => title)], rows };
}

export function writeSummary(
  ctx: Pick<ActionContext, 'summary'>,
  title: string,
  results: CheckResult[],
  verdict: string,
): void {
  const counts = countChecks(results);
  const { headers, rows } = summaryTable(results);
  ctx.summary
    .heading(title, 2)
    .paragraph(
      `Verdict: **${verdict}** — ${counts.pass} passed, ${counts.warn} warned, ${counts.fail} failed, ${counts.skip} skipped.`,
    )
    .table(headers, rows);
  const problems = results.filter((r) => r.status === 'warn' || r.status === 'fail');
  if (problems.length) {
    ctx.summary
      .heading('What to fix', 3)
      .list(
        problems.map(
          (r) =>
            `${ICON[r.status]} **${r.subject}** · ${r.title}: ${r.summary}${r.fix ? ` — fix: ${r.fix}` : ''}`,
        ),
      );
  }
  const evidence = results.map(
    (r) =>
      `- **${r.subject}** · ${r.title}: ${r.summary}${r.evidence.length ? `\n${r.evidence.map((e) => `  - ${e}`).join('\n')}` : ''}`,
  );
  ctx.summary.details('Evidence', evidence.join('\n'));
}

/** Warnings become failures in strict mode (JUnit has no warning outcome). */
export function junitSuites(results: CheckResult[], now: Date, strict = false): JUnitSuite[] {
  const bySubject = new Map<string, JUnitCase[]>();
  for (const r of results) {
    const cases = bySubject.get(r.subject) ?? [];
    cases.push({
      name: r.title,
      classname: r.subject,
      outcome:
        r.status === 'pass'
          ? 'passed'
          : r.status === 'skip'
            ? 'skipped'
            : r.status === 'fail' || strict
              ? 'failed'
              : 'passed',
      ...(r.durationMs !== undefined ? { time: r.durationMs / 1000 } : {}),
      message: r.summary,
      details: [r.summary, ...r.evidence, ...(r.fix ? [`fix: ${r.fix}`] : [])].join('\n'),
      output: `${r.status.toUpperCase()}: ${r.summary}${r.status === 'warn' && r.fix ? `\nfix: ${r.fix}` : ''}\n${r.evidence.join('\n')}`,
    });
    bySubject.set(r.subject, cases);
  }
  return [...bySubject.entries()].map(([name, cases]) => ({
    name: `canary-check: ${name}`,
    cases,
    timestamp: now,
  }));
}
