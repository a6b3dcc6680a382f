/**
 * Job history from ARC's listener metrics on a real Prometheus: a generated week is written as the
 * listeners would have exposed it (scraped every minute, one listener restart), backfilled with
 * promtool, and read back through the query API. The rebuilt jobs must count what the trace holds,
 * keep its cold-start share, and plan a warm pool that does on the next week what the plan from
 * the per-job history does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrometheusClient } from '@gloriousflywheel/shared/prometheus';
import { median, quantile } from '@gloriousflywheel/shared/stats';
import { tempDirs } from '@gloriousflywheel/testkit';
import {
  prometheusMissing,
  prometheusMissingReason,
  type RunningPrometheus,
  startPrometheus,
} from '@gloriousflywheel/testkit/services';
import {
  generateTrace,
  historyLines,
  type ListenerRun,
  listenerBackfill,
  type TraceJob,
} from '@gloriousflywheel/testkit/traces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSchedule } from '../src/engine/schedule';
import { HOUR_MS, isPeakSlot, WEEK_MS } from '../src/plan/calendar';
import type { HistoryJob } from '../src/plan/history';
import { readPrometheusHistory } from '../src/plan/history-prometheus';
import { plan } from '../src/plan/planner';
import { evaluate, waitQuantile } from '../src/plan/slot-stats';
import { targetsByHour, traceEvaluation } from '../src/plan/trace-evaluation';
import { actionOn, runMode } from './run-mode';
import { CONTROLLER, RUNNERS, scenario } from './scenario';

const MONDAY = Date.parse('2026-03-02T00:00:00Z');
const DAY = 86_400_000;
const RESTART = MONDAY + 3 * DAY + 12 * HOUR_MS;
const SCRAPE_OFFSET = 7_000;
const PEAK = { startHourUtc: 13, endHourUtc: 22, weekends: false };
const TARGETS = { quantile: 0.95, offPeakMs: 15_000, peakMs: 60_000 };
const CURRENT = parseSchedule('0 13 * * 1-5 => 1\n0 1 * * * => 0');
/** Eight sets, busy and quiet: enough weeks that one plan's luck does not decide the comparison. */
const SETS = ['nix', 'docker', 'bazel', 'rust', 'node', 'python', 'go', 'java'].map((name, i) => ({
  name,
  jobsPerWeek: i % 2 === 0 ? 800 : 300,
}));

const fit = generateTrace({ seed: 11, start: new Date(MONDAY), days: 7, scaleSets: SETS });
const RUNS: ListenerRun[] = SETS.flatMap(({ name }, i): Omit<ListenerRun, 'maxRunners'>[] =>
  i === 0
    ? [
        {
          scaleSet: name,
          ersName: `${name}-x7k2p`,
          instance: '10.42.0.7:8080',
          from: MONDAY - DAY,
          to: RESTART,
        },
        // A minRunners change recreates the listener: a new pod (instance), counters from zero.
        {
          scaleSet: name,
          ersName: `${name}-b4m9q`,
          instance: '10.42.1.19:8080',
          from: RESTART,
          to: MONDAY + 8 * DAY,
        },
      ]
    : [
        {
          scaleSet: name,
          ersName: `${name}-q2w8z`,
          instance: `10.42.2.${i}:8080`,
          from: MONDAY - DAY,
          to: MONDAY + 8 * DAY,
        },
      ],
).map((r) => ({ ...r, maxRunners: 16 }));

/** The last minute scrape at or before `t`: what a query at `t` sees of the counters. */
const seenBy = (t: number) => Math.floor((t - SCRAPE_OFFSET) / 60_000) * 60_000 + SCRAPE_OFFSET;

describe.skipIf(prometheusMissing && !process.env['CI'])(
  `job history from listener metrics on a real Prometheus (${prometheusMissing ? prometheusMissingReason : 'Prometheus present'})`,
  () => {
    let prometheus: RunningPrometheus;
    let client: PrometheusClient;
    beforeAll(async () => {
      prometheus = await startPrometheus([], [], { backfill: listenerBackfill(fit, RUNS) });
      client = new PrometheusClient(prometheus.url);
    }, 120_000);
    afterAll(() => prometheus?.stop());

    const read = (since: number, until: number) =>
      readPrometheusHistory(client, prometheus.url, SETS, { since: new Date(since), until: new Date(until) });

    it('counts every job a listener started in the window, per set, across the restart and not before', async () => {
      const since = MONDAY + DAY;
      const until = MONDAY + 7 * DAY;
      const history = await read(since, until);
      for (const { name } of SETS) {
        const expected = fit.filter(
          (j) => j.scaleSet === name && j.startedAt > seenBy(since - 60_000) && j.startedAt <= seenBy(until),
        );
        const got = history.jobs.filter((j) => j.scaleSet === name);
        expect(got).toHaveLength(expected.length);
        // Each job lands in the minute whose query step first sees its start (scrapes at :07).
        const rebuiltMinutes = got.map((j) => Math.ceil(j.startedAt! / 60_000)).sort((a, b) => a - b);
        const traceMinutes = expected
          .map((j) => Math.ceil((j.startedAt - SCRAPE_OFFSET) / 60_000) + 1)
          .sort((a, b) => a - b);
        expect(rebuiltMinutes).toEqual(traceMinutes);
      }
      expect(history.sources.map((s) => s.kind)).toEqual(SETS.map(() => 'prometheus'));
      expect(history.sources[0]!.note).toContain('rebuilt');
    });

    it("keeps each hour's cold starts, the waits' and durations' distributions and the bursts", async () => {
      const history = await read(MONDAY, MONDAY + 7 * DAY);
      const waits = (jobs: readonly { createdAt: number; startedAt?: number }[]) =>
        jobs.map((j) => j.startedAt! - j.createdAt);
      const cold = (w: number[]) => w.filter((x) => x >= 30_000);
      const hourOf = (j: { startedAt?: number }) => Math.floor(j.startedAt! / HOUR_MS);
      const coldByHour = (jobs: readonly { createdAt: number; startedAt?: number }[]) => {
        const by = new Map<number, number>();
        for (const j of jobs)
          if (j.startedAt! - j.createdAt >= 30_000) by.set(hourOf(j), (by.get(hourOf(j)) ?? 0) + 1);
        return by;
      };
      let misplaced = 0;
      let coldJobs = 0;
      for (const { name } of SETS) {
        const trace = fit.filter((j) => j.scaleSet === name);
        const got = history.jobs.filter((j) => j.scaleSet === name);
        // Cold starts are kept: each hour's startup histogram is drawn without replacement. A job that
        // started between the hour's last histogram sample and the minute step that counts it is
        // drawn from the window's histogram instead, which can swap a cold wait for a warm one.
        const coldWant = cold(waits(trace)).length;
        expect(Math.abs(cold(waits(got)).length - coldWant)).toBeLessThanOrEqual(
          Math.max(2, 0.01 * coldWant),
        );
        const want = coldByHour(trace);
        for (const [hour, n] of coldByHour(got)) misplaced += Math.abs(n - (want.get(hour) ?? 0));
        coldJobs += cold(waits(trace)).length;
        // Bucket interpolation keeps the cold start's median within a bucket (10 s at 90–120 s).
        expect(Math.abs(median(cold(waits(got))) - median(cold(waits(trace))))).toBeLessThan(10_000);
      }
      // Only jobs whose start and its hour's histogram sample fall either side of an hour move.
      expect(misplaced / coldJobs).toBeLessThan(0.05);
      const durations = (jobs: readonly { startedAt?: number; completedAt?: number }[]) =>
        jobs.map((j) => j.completedAt! - j.startedAt!);
      for (const q of [0.5, 0.9]) {
        const want = quantile(durations(fit), q);
        expect(Math.abs(quantile(durations(history.jobs), q) - want) / want).toBeLessThan(0.1);
      }
      // Run ids are gone from the metrics; the bursts regrouped by creation time come out near the
      // runs the trace had.
      const runs = new Set(fit.map((j) => j.runId)).size;
      const regrouped = new Set(history.jobs.map((j) => j.runId)).size;
      expect(Math.abs(regrouped - runs) / runs).toBeLessThan(0.15);
    });

    it('plans warm pools that do on the next week what the plans from per-job history do', async () => {
      const history = await read(MONDAY, MONDAY + 7 * DAY);
      const held = generateTrace({ seed: 12, start: new Date(MONDAY + WEEK_MS), days: 7, scaleSets: SETS });
      const planFrom = (jobs: HistoryJob[]) =>
        plan({
          sets: SETS.map((s) => ({ name: s.name, maxRunners: 16, current: CURRENT })),
          history: jobs,
          window: { from: MONDAY, to: MONDAY + WEEK_MS },
          overrides: [],
          peak: PEAK,
          targets: TARGETS,
          changeCostMinutes: 60,
        });
      const peak = (s: number) => isPeakSlot(s, PEAK);
      /** Sets whose plan held both targets on the held-out week, and the idle runner-minutes of all. */
      const judge = (planned: ReturnType<typeof planFrom>) => {
        let held_ = 0;
        let idle = 0;
        for (const [i, { name }] of SETS.entries()) {
          const e = evaluate(
            Int32Array.from(planned.sets[i]!.week),
            traceEvaluation(
              held.filter((j: TraceJob) => j.scaleSet === name),
              MONDAY + WEEK_MS,
              1,
              16,
              targetsByHour(peak, TARGETS),
            ),
          );
          const met =
            waitQuantile(e, (s) => !peak(s), 0.95) <= TARGETS.offPeakMs &&
            waitQuantile(e, peak, 0.95) <= TARGETS.peakMs;
          held_ += met ? 1 : 0;
          idle += e.idleMs.reduce((a, b) => a + b, 0) / 60_000;
        }
        return { held: held_, idle };
      };
      const exact = judge(planFrom(fit.map((j) => ({ ...j, runId: String(j.runId) }))));
      const rebuilt = judge(planFrom(history.jobs));
      expect(rebuilt.held).toBeGreaterThanOrEqual(exact.held - 1);
      expect(Math.abs(rebuilt.idle - exact.idle) / exact.idle).toBeLessThan(0.1);
    }, 180_000);
  },
);

describe.skipIf(prometheusMissing && !process.env['CI'])(
  `mode warm-pool-plan with prometheus-url (${prometheusMissing ? prometheusMissingReason : 'Prometheus present'})`,
  () => {
    const dirs = tempDirs('arc-apply-prom-history');
    afterAll(() => dirs.cleanup());

    it('reads the sets a history file leaves without jobs from the listeners, and never shows the token', async () => {
      // The last whole week before now: the mode reads `history-days` back from the wall clock.
      const start = Math.floor(Date.now() / DAY) * DAY - 8 * DAY;
      const recent = generateTrace({
        seed: 7,
        start: new Date(start),
        days: 7,
        scaleSets: [
          { name: 'nix', jobsPerWeek: 300 },
          { name: 'docker', jobsPerWeek: 200 },
        ],
      });
      const runs = ['nix', 'docker'].map((name, i) => ({
        scaleSet: name,
        ersName: `${name}-h7d2k`,
        instance: `10.42.3.${i}:8080`,
        from: start - DAY,
        to: start + 8 * DAY,
        maxRunners: 8,
      }));
      const prometheus = await startPrometheus([], [], { backfill: listenerBackfill(recent, runs) });
      const s = await scenario([
        { name: 'nix', max: 8 },
        { name: 'docker', max: 6 },
      ]);
      try {
        writeFileSync(
          join(s.workdir, 'history.jsonl'),
          historyLines(recent.filter((j) => j.scaleSet === 'docker')),
        );
        const token = 'prom-sekret-4f9a2c';
        const run = await runMode(
          actionOn({ gateway: s.gw, clock: s.clock }),
          'main',
          {
            kubeconfig: s.cluster.kubeconfigPath,
            'runners-namespace': RUNNERS,
            'controller-namespace': CONTROLLER,
            'working-directory': s.workdir,
            'var-files': 'runners.tfvars',
            mode: 'warm-pool-plan',
            'scale-sets': 'nix,docker',
            'history-file': 'history.jsonl',
            'prometheus-url': prometheus.url,
            'prometheus-token': token,
            'warm-pool-plan': 'plan.json',
          },
          dirs.make(),
        );
        expect(run.exitCode, run.log).toBe(0);
        const file = JSON.parse(readFileSync(join(s.workdir, 'plan.json'), 'utf8')) as {
          history: { jobs: number; sources: { kind: string; where: string; jobs: number }[] };
        };
        const byKind = Object.fromEntries(file.history.sources.map((x) => [x.kind, x]));
        expect(byKind['file']!.jobs).toBe(recent.filter((j) => j.scaleSet === 'docker').length);
        // The file covers docker, so only nix is read from Prometheus, and all of its jobs are.
        expect(file.history.sources.filter((x) => x.kind === 'prometheus')).toHaveLength(1);
        expect(byKind['prometheus']!.where).toContain('(nix)');
        expect(byKind['prometheus']!.jobs).toBe(recent.filter((j) => j.scaleSet === 'nix').length);
        for (const text of [run.log, run.summary, readFileSync(join(s.workdir, 'plan.json'), 'utf8')])
          expect(text).not.toContain(token);
      } finally {
        await s.cluster.stop();
        await prometheus.stop();
      }
    }, 180_000);
  },
);
