/**
 * The benchmark action against hyperfine on the same workload in the same run, the sampler's own
 * CPU cost, and the scorecard of 10,000 results against merely reading the files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildScorecard,
  calibrateShell,
  DEFAULT_TARGETS,
  listResultFiles,
  measureRun,
  ResourceSampler,
  readScoredResults,
  recordFileName,
  renderScorecardSummary,
  scorePlatform,
} from '@gloriousflywheel/benchmark/engine';
import { makeRecord } from '@gloriousflywheel/benchmark/testing';
import { SummaryBuilder } from '@gloriousflywheel/shared';
import { type BenchReport, median, round, target } from '../lib';

const HYPERFINE = '/usr/bin/hyperfine';
// Long enough that the one fork our wrapper adds over hyperfine's shell (a few ms in a slow-forking
// sandbox) stays inside the 2 % agreement; the absolute gap is reported as well.
const WORKLOAD = 'sleep 0.3';
const RUNS = 20;

interface HyperfineJson {
  results: { median: number; times: number[] }[];
}

/** One hyperfine invocation: its median, and its overhead per run beyond the measured times. */
function hyperfineBlock(dir: string): { medianMs: number; overheadPerRunMs: number } {
  const out = join(dir, 'hf.json');
  const start = process.hrtime.bigint();
  execFileSync(HYPERFINE, ['--runs', String(RUNS), '--style', 'none', '--export-json', out, WORKLOAD]);
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  const result = (JSON.parse(readFileSync(out, 'utf8')) as HyperfineJson).results[0]!;
  const sum = result.times.reduce((a, b) => a + b, 0) * 1000;
  return { medianMs: result.median * 1000, overheadPerRunMs: (totalMs - sum) / RUNS };
}

/** The action's loop: the same runs, timed in-process as run mode does. */
async function oursBlock(): Promise<{ medianMs: number; overheadPerRunMs: number }> {
  const start = process.hrtime.bigint();
  const overheadMs = await calibrateShell();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    times.push(
      (await measureRun({ kind: 'script', script: WORKLOAD }, i, false, { rssPollMs: 250, overheadMs }))
        .wallMs,
    );
  }
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  return { medianMs: median(times), overheadPerRunMs: (totalMs - times.reduce((a, b) => a + b, 0)) / RUNS };
}

async function idleCpuMs(ms: number): Promise<number> {
  const before = process.cpuUsage();
  await new Promise((r) => setTimeout(r, ms));
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

/** CPU the sampler itself costs: ticks at 20 ms to measure a tick's cost, and a window at 1 s. */
async function samplerOverhead(): Promise<{
  perTickMs: number;
  projectedPctOfCore: number;
  directPctOfCore: number;
  windowS: number;
}> {
  const fastWindow = 3000;
  const idle = await idleCpuMs(fastWindow);
  const fast = new ResourceSampler({ intervalMs: 20, cgroup: true });
  const before = process.cpuUsage();
  fast.start();
  await new Promise((r) => setTimeout(r, fastWindow));
  fast.stop();
  const d = process.cpuUsage(before);
  const ticks = fast.samples.length;
  const perTickMs = Math.max(0, (d.user + d.system) / 1000 - idle) / ticks;
  const windowS = 10;
  const idleSlow = await idleCpuMs(windowS * 1000);
  const slow = new ResourceSampler({ intervalMs: 1000, cgroup: true });
  const b2 = process.cpuUsage();
  slow.start();
  await new Promise((r) => setTimeout(r, windowS * 1000));
  slow.stop();
  const d2 = process.cpuUsage(b2);
  const direct = Math.max(0, (d2.user + d2.system) / 1000 - idleSlow) / (windowS * 1000);
  return { perTickMs, projectedPctOfCore: (100 * perTickMs) / 1000, directPctOfCore: 100 * direct, windowS };
}

/** 10,000 result files with 60 resource samples each, like a minute-long run. */
function writeResults(dir: string, count: number): void {
  const labels = ['tinyland-nix', 'tinyland-docker', 'tinyland-dind', 'tinyland-nix-heavy'];
  const samples = Array.from({ length: 60 }, (_, t) => ({
    t: t * 1000,
    cpuUserPct: 40,
    cpuSystemPct: 8,
    cpuStealPct: 0.5,
    memUsedBytes: 3e9,
    cgroupMemoryBytes: 2e9,
    cgroupCpuPct: 180,
    throttledPeriods: 0,
    throttledMs: 0,
  }));
  for (let i = 0; i < count; i++) {
    const label = labels[i % labels.length]!;
    const r = makeRecord({
      label,
      workload: i % 3 === 0 ? 'nix-build' : 'unit',
      nix: label.includes('nix'),
      wall: [60_000 + (i % 97) * 100, 61_000, 59_500],
      createdAt: new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString(),
      queueSeconds: 5 + (i % 40),
      start: { kind: i % 4 === 0 ? 'cold' : 'warm', startSeconds: i % 4 === 0 ? 30 : 6 },
      nixHitRate: 85,
      cpuAvgPct: 50,
      failed: i % 61 === 0,
    });
    r.resources.samples = samples;
    writeFileSync(join(dir, recordFileName(r)), JSON.stringify(r));
  }
}

function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function run(): Promise<BenchReport> {
  const notes: string[] = [];
  const metrics: BenchReport['metrics'] = {};
  const targets: BenchReport['targets'] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bench-benchmark-'));

  if (existsSync(HYPERFINE)) {
    // Interleaved blocks, so drift on the machine hits both tools alike.
    await oursBlock();
    const hf: ReturnType<typeof hyperfineBlock>[] = [];
    const ours: Awaited<ReturnType<typeof oursBlock>>[] = [];
    for (let i = 0; i < 3; i++) {
      hf.push(hyperfineBlock(dir));
      ours.push(await oursBlock());
    }
    const hfMedian = median(hf.map((b) => b.medianMs));
    const oursMedian = median(ours.map((b) => b.medianMs));
    const agreement = Math.abs(oursMedian / hfMedian - 1);
    const hfOverhead = median(hf.map((b) => b.overheadPerRunMs));
    const oursOverhead = median(ours.map((b) => b.overheadPerRunMs));
    Object.assign(metrics, {
      workload: WORKLOAD,
      runsPerBlock: RUNS,
      hyperfineMedianMs: round(hfMedian),
      oursMedianMs: round(oursMedian),
      medianDifferencePct: round(100 * agreement),
      medianDifferenceMs: round(oursMedian - hfMedian),
      hyperfineOverheadPerRunMs: round(hfOverhead),
      oursOverheadPerRunMs: round(oursOverhead),
      hyperfineVersion: spawnSync(HYPERFINE, ['--version'], { encoding: 'utf8' }).stdout.trim(),
    });
    targets.push(target('median difference vs hyperfine (%)', round(100 * agreement), '<=', 2));
    targets.push(target('per-run overhead, ours / hyperfine', round(oursOverhead / hfOverhead), '<=', 1));
    notes.push(
      'overhead per run = (wall time of the whole block − sum of the measured times) / runs; hyperfine includes its process start and its 50-run shell calibration, ours the in-process loop of run mode with its shell calibration (10 empty runs)',
    );
  } else {
    notes.push(`${HYPERFINE} is absent: the hyperfine comparison is skipped`);
  }

  const sampler = await samplerOverhead();
  Object.assign(metrics, {
    samplerCpuPerTickMs: round(sampler.perTickMs, 4),
    samplerProjectedPctOfCoreAt1s: round(sampler.projectedPctOfCore, 4),
    samplerDirectPctOfCoreAt1s: round(sampler.directPctOfCore, 4),
  });
  targets.push(
    target('sampler CPU at 1 s interval (% of one core)', round(sampler.projectedPctOfCore, 4), '<=', 0.5),
  );
  notes.push(
    `sampler: the cost of a tick is measured over 3 s at a 20 ms interval (minus idle) and projected to 1 s; a direct ${sampler.windowS} s window at 1 s (not 60 s) is reported as a cross-check`,
  );

  const resultsDir = join(dir, 'results');
  mkdirSync(resultsDir);
  writeResults(resultsDir, 10_000);
  const readOnly = () => {
    for (const f of listResultFiles(resultsDir)) JSON.parse(readFileSync(f, 'utf8'));
  };
  // The whole scorecard mode's work: read and check every result, score the groups and every
  // platform KPI over 4 weekly windows, render the summary with its charts, serialise the JSON.
  const scorecard = () => {
    const results = readScoredResults([resultsDir]);
    const now = new Date(Date.UTC(2026, 2, 8));
    const card = buildScorecard(results.benchmarks, DEFAULT_TARGETS, now);
    const platform = scorePlatform(results, DEFAULT_TARGETS, 7 * 86_400_000, 4, now);
    const summary = new SummaryBuilder();
    renderScorecardSummary(summary, card, platform, results);
    JSON.stringify({ platform, ...card });
    return summary.toString();
  };
  readOnly();
  scorecard();
  const readTimes: number[] = [];
  const cardTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    readTimes.push(timeMs(readOnly));
    cardTimes.push(timeMs(scorecard));
  }
  const ratio = median(cardTimes) / median(readTimes);
  Object.assign(metrics, {
    scorecardResults: 10_000,
    readFilesMs: round(median(readTimes), 1),
    scorecardMs: round(median(cardTimes), 1),
    scorecardOverReadRatio: round(ratio),
  });
  // The issue asks for the ratio; 2 is our own bar: aggregation must not cost more than the reading.
  targets.push(target('scorecard of 10,000 results / reading them', round(ratio), '<=', 2));
  rmSync(dir, { recursive: true, force: true });
  return { suite: 'benchmark', metrics, targets, notes };
}
