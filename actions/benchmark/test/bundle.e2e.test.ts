import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '@gloriousflywheel/testkit/github';
import { runAction } from '@gloriousflywheel/testkit/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFileName } from '../src/record';
import { makeRecord } from './records';

const actionDir = join(import.meta.dirname, '..');
const bundle = join(actionDir, 'dist', 'index.js');
const noBundle = !existsSync(bundle);
const why = `${bundle} is not built (node scripts/build.mjs benchmark)`;
const temp = () => mkdtempSync(join(tmpdir(), 'bench-e2e-'));

describe.skipIf(noBundle)(
  `the built bundle, run as GitHub runs it (${noBundle ? why : 'bundle present'})`,
  () => {
    const github = new FakeGitHub({ validateResponses: true });
    let runId = 0;
    beforeAll(async () => {
      await github.start();
      github.addRepo({ owner: 'tinyland', name: 'app' });
      const created = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
      const firstStep = new Date(Date.now() - 48_000).toISOString().replace(/\.\d+Z$/, 'Z');
      runId = github.addRun('tinyland/app', {
        status: 'in_progress',
        createdAt: created,
        jobs: [
          {
            id: 8801,
            name: 'bench',
            labels: ['tinyland-docker'],
            status: 'in_progress',
            createdAt: created,
            runnerName: 'harness-runner',
            steps: [{ name: 'Set up job', startedAt: firstStep, completedAt: firstStep }],
          },
        ],
      });
    });
    afterAll(() => github.stop());

    const env = () => ({
      GITHUB_API_URL: github.apiUrl,
      GITHUB_REPOSITORY: 'tinyland/app',
      GITHUB_RUN_ID: String(runId),
    });

    it('measures a command, reads the queue from the API, writes the result, summary and outputs', async () => {
      const results = temp();
      const r = await runAction({
        actionDir,
        env: env(),
        inputs: {
          command: 'sleep 0.3',
          name: 'unit',
          runs: 3,
          warmup: 1,
          'runner-label': 'tinyland-docker',
          'sample-interval': '100ms',
          'results-dir': results,
          token: 'ghs_e2e_token',
          'nix-hit-rate': '0.875',
        },
      });
      expect(r.main.exitCode).toBe(0);
      const record = JSON.parse(readFileSync(r.outputs['record-file']!, 'utf8'));
      expect(record.schema).toBe('gloriousflywheel/benchmark-result');
      expect(record.runs).toHaveLength(4);
      expect(record.runs[0].warmup).toBe(true);
      expect(record.stats.wallMs.n).toBe(3);
      // The measurement includes the whole sleep (before the calibrated shell start-up, which is an
      // estimate, is subtracted); how fast the machine is belongs in bench/, not here.
      expect(record.stats.wallMs.median + record.stats.shellOverheadMs).toBeGreaterThanOrEqual(300);
      expect(Number(r.outputs['median-ms'])).toBeCloseTo(record.stats.wallMs.median, 2);
      expect(record.timing).toMatchObject({
        source: 'github',
        jobId: 8801,
        queueSeconds: 12,
        precisionSeconds: 1,
      });
      expect(record.resources.samples.length).toBeGreaterThan(2);
      expect(record.cache).toEqual({ nixHitRate: 87.5, bazelHitRate: null });
      expect(record.fingerprint.hash).toMatch(/^[0-9a-f]{12}$/);
      expect(r.summary).toContain('## Benchmark: unit on tinyland-docker');
      expect(r.summary).toContain('xychart-beta');
      expect(r.summary).toContain('gantt');
      expect(r.summary).toContain('queue :');
      expect(Buffer.byteLength(r.summary)).toBeLessThan(1024 * 1024);
      expect(r.masks).toContain('ghs_e2e_token');
      expect(readFileSync(r.outputs['result-file']!, 'utf8')).not.toContain('ghs_e2e_token');
      expect(readFileSync(r.outputs['metrics-file']!, 'utf8')).toMatch(
        /^benchmark_duration_median_ms\{runner_label="tinyland-docker",workload="unit"\} \d+/m,
      );
      expect(github.validationErrors).toEqual([]);
    });

    it('compares with a baseline: faster is an improvement, slower fails with fail-on-regression', async () => {
      const slow = temp();
      const fast = temp();
      const common = { name: 'unit', runs: 5, 'runner-label': 'tinyland-docker', 'sample-interval': '1s' };
      expect(
        (await runAction({ actionDir, inputs: { ...common, command: 'sleep 0.4', 'results-dir': slow } }))
          .main.exitCode,
      ).toBe(0);
      expect(
        (await runAction({ actionDir, inputs: { ...common, command: 'sleep 0.1', 'results-dir': fast } }))
          .main.exitCode,
      ).toBe(0);
      const better = await runAction({
        actionDir,
        inputs: { ...common, command: 'sleep 0.1', baseline: slow, 'results-dir': temp() },
      });
      expect(better.outputs['verdict']).toBe('improvement');
      expect(better.summary).toContain('Against the baseline: improvement');
      const worse = await runAction({
        actionDir,
        inputs: {
          ...common,
          command: 'sleep 0.4',
          baseline: fast,
          'fail-on-regression': true,
          'results-dir': temp(),
        },
      });
      expect(worse.main.exitCode).toBe(1);
      expect(worse.outputs['verdict']).toBe('regression');
      expect(worse.annotations.some((a) => a.level === 'error' && a.message.includes('[REGRESSION]'))).toBe(
        true,
      );
    });

    it('fails clearly on bad input: unknown workload, runs 0, unreadable baseline, failing workload', async () => {
      const unknown = await runAction({ actionDir, inputs: { workload: 'cargo-bench' } });
      expect(unknown.main.exitCode).toBe(1);
      expect(unknown.annotations.map((a) => a.message).join('\n')).toMatch(
        /\[INPUT_INVALID\] input `workload` is invalid/,
      );
      const zero = await runAction({ actionDir, inputs: { command: 'true', runs: 0 } });
      expect(zero.annotations.map((a) => a.message).join('\n')).toMatch(/input `runs` is invalid/);
      const baseline = await runAction({
        actionDir,
        inputs: { command: 'true', baseline: '/nonexistent/dir' },
      });
      expect(baseline.main.exitCode).toBe(1);
      expect(baseline.annotations.map((a) => a.message).join('\n')).toMatch(
        /baseline \/nonexistent\/dir cannot be read/,
      );
      const failing = await runAction({ actionDir, inputs: { command: 'exit 3', 'results-dir': temp() } });
      expect(failing.main.exitCode).toBe(1);
      expect(failing.annotations.map((a) => a.message).join('\n')).toMatch(
        /\[PROCESS_FAILED\] the workload exited with 3/,
      );
      const envelope = JSON.parse(readFileSync(failing.outputs['result-file']!, 'utf8'));
      expect(envelope.error.code).toBe('PROCESS_FAILED');
      // The failure is still recorded, so the scorecard counts it.
      const written = JSON.parse(readFileSync(envelope.error.details.recordFile, 'utf8'));
      expect(written).toMatchObject({ failed: true, exitCode: 3 });
    });

    it('scores a directory of results: JSON, JUnit with one case per KPI, and a summary table', async () => {
      const dir = temp();
      for (let i = 0; i < 12; i++) {
        const r = makeRecord({
          label: 'tinyland-nix',
          workload: 'nix-build',
          nix: true,
          wall: [120_000],
          queueSeconds: 8,
          nixHitRate: 90,
        });
        writeFileSync(join(dir, recordFileName(r)), JSON.stringify(r));
      }
      const reports = temp();
      const r = await runAction({
        actionDir,
        inputs: { mode: 'scorecard', 'results-dir': dir, 'report-dir': reports, 'fail-on-kpi': true },
      });
      expect(readdirSync(reports).sort()).toEqual([
        'benchmark-kpis.junit.xml',
        'benchmark-metrics.txt',
        'benchmark-scorecard.json',
        'benchmark-scorecard.md',
      ]);
      const junit = readFileSync(r.outputs['junit-file']!, 'utf8');
      // The lane's 4 KPIs, and the 13 platform KPIs — all missing here: these results are older than
      // the newest window, and a benchmark result alone says nothing about the nodes' CPU.
      expect((junit.match(/<testcase /g) ?? []).length).toBe(17);
      expect(junit).toContain('name="Nix cache hit rate"');
      expect(junit).toMatch(
        /<testcase name="CPU utilisation \(nodes\)"[^>]*>\s*<skipped message="no data for CPU utilisation \(nodes\): missing, not passed"/,
      );
      expect(r.summary).toContain('| tinyland-nix | nix-build | 12 |');
      // Everything present passes (queue 8 s, 90 % hits); missing data does not fail it.
      expect(r.outputs['kpi-failed']).toBe('0');
      expect(r.main.exitCode).toBe(0);
      const card = JSON.parse(readFileSync(r.outputs['scorecard-file']!, 'utf8'));
      expect(card.totals).toEqual({ pass: 3, fail: 0, missing: 1 });
      expect(card.platform.totals).toEqual({ pass: 0, fail: 0, missing: 13 });
    });
  },
);
