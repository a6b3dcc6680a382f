import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionContext, FlywheelError, redact, toFlywheelError } from '@gloriousflywheel/shared';
import {
  DEFAULT_OUTLIER_THRESHOLD,
  detectRegression,
  flagOutliers,
  type RegressionResult,
  summarize,
} from '@gloriousflywheel/shared/stats';
import { isContainerized } from '@gloriousflywheel/shared/system';
import {
  cacheAvailable,
  historyDir as cacheHistoryDir,
  restoreHistory,
  saveHistory,
} from '../baseline-cache';
import { fingerprint } from '../fingerprint';
import { keyOf, readRecords, selectBaseline } from '../history';
import { bazelHitRateFromFile } from '../hit-rates';
import type { BenchmarkDefinition } from '../inputs';
import { calibrateShell, measureRun, type RunMeasurement } from '../measure';
import { ensureOutputDir } from '../preflight';
import type { JobTiming } from '../queue-time';
import {
  type BenchmarkRecord,
  measuredWallTimes,
  RECORD_SCHEMA,
  RECORD_VERSION,
  recordFileName,
} from '../record';
import { reportDir } from '../report-dir';
import { runMetrics, writeText } from '../reports';
import { type ResourceSample, ResourceSampler } from '../sampler';
import { classifyStart } from '../start';
import { renderRunSummary } from '../summary';
import { chooseWorkload } from '../workloads';

type Ctx = ActionContext<BenchmarkDefinition>;

async function readTiming(ctx: Ctx): Promise<JobTiming | null> {
  const { context, inputs } = ctx;
  try {
    // The forge clients are loaded only when a job's timing is read: most of the bundle's weight.
    const forge = await import('@gloriousflywheel/shared/forge');
    const { readJobTiming } = await import('../queue-time');
    const calls = { timeoutMs: inputs['api-timeout'], onWait: (m: string) => ctx.log.info(m) };
    if (ctx.platform.kind === 'github' && inputs.token && context.repository) {
      const client = forge.createGitHubClient({ token: inputs.token, baseUrl: context.apiUrl, ...calls });
      return await readJobTiming(new forge.GitHubSource(client), {
        repository: context.repository,
        ...(inputs['job-id'] ? { jobId: inputs['job-id'] } : {}),
        ...(context.runId ? { runId: Number(context.runId) } : {}),
        ...(context.runnerName ? { runnerName: context.runnerName } : {}),
      });
    }
    if (ctx.platform.kind === 'gitlab' && context.repository && context.jobId) {
      const jobToken = context.token;
      const client = forge.createGitLabClient({
        host: context.serverUrl,
        ...(inputs.token ? { token: inputs.token } : jobToken ? { jobToken } : {}),
        ...calls,
      });
      return await readJobTiming(new forge.GitLabSource(client), {
        repository: context.repository,
        jobId: Number(context.jobId),
      });
    }
    ctx.log.info('Queue wait and start time need the forge API: set `token` (GitHub) to measure them.');
  } catch (error) {
    const failure = toFlywheelError(error);
    ctx.log.warning(`Queue wait is not measured: [${failure.code}] ${failure.message}`);
  }
  return null;
}

function hitRates(ctx: Ctx): BenchmarkRecord['cache'] {
  const i = ctx.inputs;
  // attic-setup gives shares (0–1); results and KPIs use percent.
  const pct = (share: number | undefined) => (share === undefined ? null : share * 100);
  const bazel = pct(i['bazel-hit-rate']) ?? (i['bazel-log'] ? bazelHitRateFromFile(i['bazel-log']) : null);
  return { nixHitRate: pct(i['nix-hit-rate']), bazelHitRate: bazel };
}

function resourceSummary(samples: ResourceSample[], source: 'cgroup' | 'host', cores: number) {
  const cpu = samples
    .map((s) =>
      source === 'cgroup' && s.cgroupCpuPct !== null
        ? s.cgroupCpuPct / cores
        : s.cpuUserPct !== null
          ? s.cpuUserPct + (s.cpuSystemPct ?? 0)
          : null,
    )
    .filter((v): v is number => v !== null);
  const mem = samples
    .map((s) => (source === 'cgroup' ? s.cgroupMemoryBytes : s.memUsedBytes))
    .filter((v): v is number => v !== null);
  const throttled = samples.map((s) => s.throttledPeriods).filter((v): v is number => v !== null);
  return {
    cpuAvgPct: cpu.length ? cpu.reduce((a, b) => a + b, 0) / cpu.length : null,
    memoryPeakBytes: mem.length ? Math.max(...mem) : null,
    throttledPeriods: throttled.length ? throttled.reduce((a, b) => a + b, 0) : null,
  };
}

function loadBaseline(ctx: Ctx, records: BenchmarkRecord[], record: BenchmarkRecord): BenchmarkRecord[] {
  return selectBaseline(records, keyOf(record), ctx.inputs['baseline-window'], record.id);
}

/** `run` mode: measure one workload in this job, write its result file, compare with the baseline. */
export async function main(ctx: Ctx): Promise<unknown> {
  const i = ctx.inputs;
  const choice = chooseWorkload(i);
  // What the run reads or writes after the workload is checked before it: a bad path must not
  // cost a whole run.
  const givenBaseline = i.baseline ? readRecords(i.baseline, 'baseline') : undefined;
  // The YAML reader is loaded only when there is a file for it.
  if (i['kpi-targets']) (await import('../kpi')).loadTargets(i['kpi-targets']);
  const resultsDir = ensureOutputDir('results-dir', i['results-dir'] || join(ctx.tempDir, 'results'));
  const reports = reportDir(ctx);
  const label = i['runner-label'] || process.env['RUNNER_LABEL'] || 'unlabelled';
  const cacheHits = hitRates(ctx);
  const fp = await fingerprint({ labels: [label] });
  const timing = await readTiming(ctx);
  const start = classifyStart(timing, new Date());
  const containerized = isContainerized();
  const sampler = new ResourceSampler({ intervalMs: i['sample-interval'], cgroup: containerized });
  const runs: RunMeasurement[] = [];
  const total = i.warmup + i.runs;
  const overheadMs = await calibrateShell();
  ctx.log.info(
    `Shell start-up cost ${overheadMs.toFixed(2)} ms, subtracted from every run (as hyperfine does)`,
  );
  sampler.start();
  try {
    await ctx.log.group(`Running ${choice.name}: ${i.warmup} warmup + ${i.runs} measured`, async () => {
      for (let n = 0; n < total; n++) {
        const warmup = n < i.warmup;
        const run = await measureRun(choice.workload, n, warmup, {
          timeoutMs: i['run-timeout'],
          rssPollMs: 250,
          overheadMs,
          onStdout: (c) => process.stdout.write(c),
          onStderr: (c) => process.stderr.write(c),
        });
        runs.push(run);
        ctx.log.info(
          `${warmup ? 'warmup' : 'run'} ${n + 1}/${total}: ${run.wallMs.toFixed(1)} ms, exit ${run.exitCode}`,
        );
      }
    });
  } finally {
    sampler.stop();
  }
  const measured = runs.filter((r) => !r.warmup);
  const wall = measured.map((r) => r.wallMs);
  const present = (v: (number | null)[]) => v.filter((x): x is number => x !== null);
  const user = present(measured.map((r) => r.userMs));
  const system = present(measured.map((r) => r.systemMs));
  const rss = present(measured.map((r) => r.peakRssBytes));
  const outliers = flagOutliers(wall);
  const failedRun = measured.find((r) => r.exitCode !== 0);
  const source = containerized ? 'cgroup' : 'host';
  const record: BenchmarkRecord = {
    schema: RECORD_SCHEMA,
    version: RECORD_VERSION,
    id: `${ctx.context.runId ?? 'local'}-${ctx.context.jobId ?? process.pid}-${Date.now().toString(36)}`,
    createdAt: new Date().toISOString(),
    runnerLabel: label,
    workload: choice.name,
    nix: choice.nix,
    fingerprint: fp,
    repository: ctx.context.repository ?? null,
    runId: ctx.context.runId ?? null,
    sha: ctx.context.sha ?? null,
    runs,
    stats: {
      wallMs: summarize(wall),
      userMs: user.length ? summarize(user) : null,
      systemMs: system.length ? summarize(system) : null,
      peakRssBytes: rss.length ? Math.max(...rss) : null,
      outliers: outliers.indexes,
      outlierThreshold: DEFAULT_OUTLIER_THRESHOLD,
      shellOverheadMs: overheadMs,
    },
    exitCode: failedRun?.exitCode ?? 0,
    failed: !!failedRun,
    timing,
    start,
    cache: cacheHits,
    resources: {
      intervalMs: i['sample-interval'],
      source,
      ...resourceSummary(sampler.samples, source, fp.cores),
      samples: sampler.samples,
    },
  };
  if (outliers.indexes.length) {
    ctx.log.warning(
      `Outlier runs (|modified z| > ${outliers.threshold}, kept): ${outliers.indexes.map((x) => `#${x + 1}`).join(', ')}`,
    );
  }

  const recordFile = join(resultsDir, recordFileName(record));
  // The command may carry a credential; the result file is kept as an artifact.
  writeFileSync(recordFile, `${redact(JSON.stringify(record, null, 2))}\n`);

  // The baseline: a given file or folder, else the cached history of this key (GitHub).
  let regression: RegressionResult | null = null;
  let baseline: BenchmarkRecord[] | undefined;
  const historyDir = cacheHistoryDir(ctx.context.runnerTemp);
  const useCache =
    !i.baseline && i['cache-baseline'] && ctx.platform.kind === 'github' && (await cacheAvailable());
  const suffix = `${ctx.context.runId ?? 'local'}-${ctx.context.runAttempt ?? 1}-${ctx.context.jobId ?? record.id}`;
  if (givenBaseline) baseline = loadBaseline(ctx, givenBaseline, record);
  else if (useCache) {
    try {
      const hit = await restoreHistory(historyDir, keyOf(record), suffix);
      baseline = hit ? loadBaseline(ctx, readRecords(historyDir, 'baseline'), record) : [];
    } catch (error) {
      ctx.log.warning(`The cached baseline could not be restored: ${(error as Error).message}`);
    }
  }
  if (baseline) {
    regression = detectRegression(baseline.flatMap(measuredWallTimes), wall, { minEffect: i['min-effect'] });
    ctx.setOutput('verdict', regression.verdict);
    ctx.log.info(`Against ${baseline.length} baseline results: ${regression.verdict} — ${regression.reason}`);
  } else {
    // No baseline to compare with: the verdict says so rather than being absent.
    ctx.setOutput('verdict', 'insufficient data');
    ctx.log.info(
      'No baseline (give `baseline`, or keep the history with `cache-baseline` on GitHub): verdict insufficient data',
    );
  }
  if (useCache && !record.failed) {
    try {
      await saveHistory(historyDir, keyOf(record), suffix, record, i['baseline-window']);
    } catch (error) {
      ctx.log.warning(`The history could not be saved to the cache: ${(error as Error).message}`);
    }
  }

  renderRunSummary(ctx.summary, record, regression);
  const metricsFile = writeText(join(reports, 'benchmark-metrics.txt'), runMetrics(record));
  ctx.setOutput('record-file', recordFile);
  ctx.setOutput('median-ms', record.stats.wallMs.median.toFixed(3));
  ctx.setOutput('metrics-file', metricsFile);

  if (failedRun) {
    throw new FlywheelError(
      'PROCESS_FAILED',
      `the workload exited with ${failedRun.exitCode} on run ${failedRun.index + 1}`,
      {
        hint: 'the result file records the failure; fix the workload and run again',
        details: { recordFile },
      },
    );
  }
  if (regression?.verdict === 'regression' && i['fail-on-regression']) {
    throw new FlywheelError(
      'REGRESSION',
      `${record.workload} is slower than its baseline: ${regression.reason}`,
      {
        hint: 'look at the change, or rerun if the runner was noisy (see steal and throttling in the summary)',
        details: { regression },
      },
    );
  }
  return {
    recordFile,
    metricsFile,
    record: { ...record, resources: { ...record.resources, samples: record.resources.samples.length } },
    regression,
  };
}
