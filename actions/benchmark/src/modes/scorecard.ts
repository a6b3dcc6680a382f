import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionContext, FlywheelError } from '@gloriousflywheel/shared';
import type { BenchmarkDefinition } from '../inputs';
import { loadTargets } from '../kpi';
import { reportDir } from '../report-dir';
import { pushKpiValues, scorecardMetrics, writeScorecardJUnit, writeText } from '../reports';
import { buildScorecard } from '../scorecard';
import { historyPrefixes, restoreHistories } from '../scorecard/cache-entries';
import { assertGate } from '../scorecard/gate';
import { scorePlatform } from '../scorecard/platform';
import { newestResultAt, readScoredResults } from '../scorecard/read-results';
import { renderScorecardSummary } from '../summary';

type Ctx = ActionContext<BenchmarkDefinition>;

/** The baselines `run` keeps in this repository's Actions cache, restored into a folder. */
async function cachedHistories(ctx: Ctx): Promise<string | undefined> {
  if (ctx.platform.kind !== 'github' || !ctx.inputs.token || !ctx.context.repository) {
    ctx.log.warning(
      'results-cache reads the Actions cache of this repository on GitHub, with `token`: skipped',
    );
    return undefined;
  }
  const forge = await import('@gloriousflywheel/shared/forge');
  const client = forge.createGitHubClient({ token: ctx.inputs.token, baseUrl: ctx.context.apiUrl });
  const prefixes = await historyPrefixes(client, ctx.context.repository);
  const into = join(ctx.tempDir, 'cached-results');
  const restored = await restoreHistories(prefixes, ctx.context.runnerTemp, into);
  ctx.log.info(`Restored ${restored} of ${prefixes.length} cached histories`);
  return into;
}

/**
 * `scorecard` mode: many results (a folder, downloaded artifacts, the cached baselines) scored
 * against the KPI targets — each platform KPI's value, target, trend over `trend-windows` windows and
 * verdict, and per runner label × workload — with `gate` for releases.
 */
export async function main(ctx: Ctx): Promise<unknown> {
  const i = ctx.inputs;
  const now = new Date();
  const paths = i['results-dir'] ? [i['results-dir']] : [];
  if (i['results-cache']) {
    const cached = await cachedHistories(ctx);
    if (cached) paths.push(cached);
  }
  if (paths.length === 0) {
    throw new FlywheelError(
      'INPUT_INVALID',
      'scorecard mode needs `results-dir` (a folder of results, downloaded artifacts) or `results-cache`',
    );
  }
  const targets = loadTargets(i['kpi-targets']);
  // The report folder is checked before any reading: a file there must not cost the work.
  const dir = reportDir(ctx);
  const results = readScoredResults(paths);
  const card = buildScorecard(results.benchmarks, targets, now);
  const platform = scorePlatform(results, targets, i.window, i['trend-windows'], now);
  const newestAt = newestResultAt(results);
  renderScorecardSummary(ctx.summary, card, platform, results);
  const scorecardFile = join(dir, 'benchmark-scorecard.json');
  writeFileSync(
    scorecardFile,
    `${JSON.stringify({ targets, newestResultAt: newestAt ? new Date(newestAt).toISOString() : null, platform, ...card }, null, 2)}\n`,
  );
  const junitFile = writeScorecardJUnit(join(dir, 'benchmark-kpis.junit.xml'), card, platform);
  const metricsFile = writeText(join(dir, 'benchmark-metrics.txt'), scorecardMetrics(card, platform));
  writeText(join(dir, 'benchmark-scorecard.md'), ctx.summary.toString());
  const failed = card.totals.fail + platform.totals.fail;
  ctx.setOutput('scorecard-file', scorecardFile);
  ctx.setOutput('junit-file', junitFile);
  ctx.setOutput('metrics-file', metricsFile);
  ctx.setOutput('kpi-failed', failed);
  if (i['pushgateway-url'])
    await pushKpiValues(platform, i['pushgateway-url'].toString(), i['pushgateway-job'], {
      timeoutMs: i['api-timeout'],
      onRetry: (message) => ctx.log.info(message),
    });
  if (i.gate) assertGate(platform, newestAt, i['max-age'], now);
  if (failed > 0 && i['fail-on-kpi']) {
    throw new FlywheelError('KPI_FAILED', `${failed} KPI${failed === 1 ? '' : 's'} failed`, {
      hint: 'the summary and the JUnit report name each one with its numbers',
    });
  }
  return {
    scorecardFile,
    junitFile,
    metricsFile,
    totals: { groups: card.totals, platform: platform.totals },
    results: {
      benchmarks: results.benchmarks.length,
      fleets: results.fleets.length,
      applies: results.applies.length,
      skipped: results.skipped,
    },
    platform: platform.kpis.map((k) => ({
      id: k.id,
      actual: k.actual,
      target: k.target,
      status: k.status,
      direction: k.direction,
    })),
  };
}
