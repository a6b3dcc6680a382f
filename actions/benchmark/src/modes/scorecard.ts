import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionContext, FlywheelError } from '@gloriousflywheel/shared';
import { readRecords } from '../history';
import type { BenchmarkDefinition } from '../inputs';
import { loadTargets } from '../kpi';
import { reportDir } from '../report-dir';
import { scorecardMetrics, writeScorecardJUnit, writeText } from '../reports';
import { buildScorecard } from '../scorecard';
import { renderScorecardSummary } from '../summary';

/** `scorecard` mode: aggregate a directory of result files and score it against the KPI targets. */
export async function main(ctx: ActionContext<BenchmarkDefinition>): Promise<unknown> {
  const i = ctx.inputs;
  if (!i['results-dir']) {
    throw new FlywheelError(
      'INPUT_INVALID',
      'scorecard mode needs `results-dir`: the directory of result files to aggregate',
    );
  }
  const targets = loadTargets(i['kpi-targets']);
  const dir = reportDir(ctx);
  const records = readRecords(i['results-dir'], 'results-dir');
  const card = buildScorecard(records, targets);
  renderScorecardSummary(ctx.summary, card);
  const scorecardFile = join(dir, 'benchmark-scorecard.json');
  writeFileSync(scorecardFile, `${JSON.stringify({ targets, ...card }, null, 2)}\n`);
  const junitFile = writeScorecardJUnit(join(dir, 'benchmark-kpis.junit.xml'), card);
  const metricsFile = writeText(join(dir, 'benchmark-metrics.txt'), scorecardMetrics(card));
  writeText(join(dir, 'benchmark-scorecard.md'), ctx.summary.toString());
  ctx.setOutput('scorecard-file', scorecardFile);
  ctx.setOutput('junit-file', junitFile);
  ctx.setOutput('metrics-file', metricsFile);
  ctx.setOutput('kpi-failed', card.totals.fail);
  if (card.totals.fail > 0 && i['fail-on-kpi']) {
    throw new FlywheelError(
      'KPI_FAILED',
      `${card.totals.fail} KPI${card.totals.fail === 1 ? '' : 's'} failed`,
      {
        hint: 'the summary and the JUnit report name each one with its numbers',
      },
    );
  }
  return { scorecardFile, junitFile, metricsFile, totals: card.totals, groups: card.groups };
}
