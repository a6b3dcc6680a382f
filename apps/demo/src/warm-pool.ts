import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { action as arcApply } from '@gloriousflywheel/arc-apply';
import {
  curvePlot,
  isPeakSlot,
  parseSchedule,
  readPlanFile,
  SLOTS,
  valuesOfSchedule,
  WEEK_MS,
  type WeekValues,
} from '@gloriousflywheel/arc-apply/plan';
import { runActionPhase, TerminalPlatform } from '@gloriousflywheel/shared';
import { quantile } from '@gloriousflywheel/shared/stats';
import { type ReplayResult, replayTrace } from '@gloriousflywheel/testkit/arc/replay';
import { generateTrace, historyLines } from '@gloriousflywheel/testkit/traces';
import type { DemoIo } from './demo';

const MONTH_START = Date.parse('2026-03-02T00:00:00Z');
const SET = 'tinyland-nix';
const CURRENT = '0 13 * * 1-5 => 1\n0 1 * * * => 0';
const PEAK = { startHourUtc: 13, endHourUtc: 22, weekends: false };

function changes(values: WeekValues, from: number) {
  const out: { at: number; minRunners: number }[] = [];
  for (let s = 1; s < SLOTS; s++)
    if (values[s] !== values[s - 1]) out.push({ at: from + s * 3_600_000, minRunners: values[s]! });
  return { initialMinRunners: values[0]!, changes: out };
}

function row(name: string, r: ReplayResult, changesPerWeek: number): string[] {
  const slot = (t: number) => {
    const h = Math.floor(t / 3_600_000);
    return ((((Math.floor(h / 24) + 3) % 7) + 7) % 7) * 24 + (h % 24);
  };
  const waits = (f: (s: number) => boolean) =>
    r.jobs.filter((j) => f(slot(j.createdAt))).map((j) => j.waitMs ?? Number.POSITIVE_INFINITY);
  const s = (xs: number[], q: number) => `${(quantile(xs, q) / 1000).toFixed(1)} s`;
  const peak = (x: number) => isPeakSlot(x, PEAK);
  const set = r.sets[0]!;
  return [
    name,
    String(Math.round(set.idleRunnerMs / 60_000)),
    String(set.runnersCreated),
    String(changesPerWeek),
    s(
      waits(() => true),
      0.5,
    ),
    s(
      waits(() => true),
      0.95,
    ),
    s(
      waits((x) => !peak(x)),
      0.95,
    ),
    s(waits(peak), 0.95),
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')).join('\n');
}

/**
 * `flywheel demo --scenario warm-pool`: a generated month of bursty demand on tinyland-nix is the
 * history; arc-apply's warm-pool-plan mode plans the next week from it; then that week (generated
 * with another seed) is replayed through the ARC simulator twice, under the current 13:00–01:00 × 1
 * schedule and under the plan, and what the jobs actually waited is compared.
 */
export async function runWarmPoolDemo(flags: Record<string, string>, io: DemoIo): Promise<number> {
  const perWeek = Number(flags['jobs-per-week'] ?? '800');
  if (!Number.isInteger(perWeek) || perWeek < 50 || perWeek > 5000) {
    io.stderr('flywheel demo: --jobs-per-week must be a whole number from 50 to 5000\n');
    return 2;
  }
  const workdir = mkdtempSync(join(tmpdir(), 'flywheel-demo-warm-'));
  try {
    const sets = [{ name: SET, jobsPerWeek: perWeek }];
    const month = generateTrace({ seed: 1, start: new Date(MONTH_START), days: 28, scaleSets: sets });
    writeFileSync(join(workdir, 'history.jsonl'), historyLines(month));
    writeFileSync(
      join(workdir, 'targets.json'),
      JSON.stringify({ [SET]: { min_runners: 0, max_runners: 16 } }),
    );
    io.stderr(
      `A generated month of ${SET} jobs (${month.length}, bursty weekday mornings, quiet nights and weekends) is the history.\n` +
        'Planning the next week with arc-apply mode warm-pool-plan…\n\n',
    );
    const summaryFile = io.env['GITHUB_STEP_SUMMARY'] ?? join(workdir, 'summary.md');
    const platform = new TerminalPlatform({
      action: arcApply.definition.name,
      env: { ...io.env, FLYWHEEL_SUMMARY_FILE: summaryFile, RUNNER_TEMP: workdir },
      flags: {
        mode: 'warm-pool-plan',
        'scale-sets': SET,
        'working-directory': workdir,
        'targets-file': 'targets.json',
        'history-file': 'history.jsonl',
        'warm-pool-schedule': CURRENT,
        'warm-pool-plan': 'plan.json',
      },
      stdout: () => {},
      stderr: io.stderr,
    });
    const outcome = await runActionPhase(arcApply, 'main', { platform });
    if (outcome.exitCode !== 0) return outcome.exitCode;
    const { plan } = readPlanFile(join(workdir, 'plan.json'));
    const planned = plan.sets[0]!;
    const from = Date.parse(plan.horizon.from);
    const week = generateTrace({ seed: 2, start: new Date(from), days: 7, scaleSets: sets });
    io.stderr(
      `\nReplaying the week of ${plan.horizon.from.slice(0, 10)} (${week.length} jobs, another seed) through the ARC simulator…\n`,
    );
    const replay = (values: WeekValues) =>
      replayTrace(week, [{ name: SET, maxRunners: 16, ...changes(values, from) }], {
        from,
        to: from + WEEK_MS,
        seed: 7,
      });
    const currentValues = valuesOfSchedule(parseSchedule(CURRENT), from);
    const now = await replay(currentValues);
    const next = await replay(Int32Array.from(planned.week));
    const sameSpend = await replay(Int32Array.from(planned.atCurrentIdle.week));
    const header = [
      'replayed week',
      'idle runner-min',
      'cold starts',
      'changes',
      'p50',
      'p95',
      'p95 off-peak',
      'p95 peak',
    ];
    const text = table([
      header,
      row('current 13:00–01:00 × 1', now, now.sets[0]!.minRunnersChanges),
      row('plan', next, next.sets[0]!.minRunnersChanges),
      row('plan at the current spend', sameSpend, sameSpend.sets[0]!.minRunnersChanges),
    ]);
    io.stdout(
      `\n${text}\n\nTargets: p95 ≤ 15 s off-peak, ≤ 60 s at peak (weekdays 13:00–22:00 UTC); ` +
        `the plan was to hold them in ${Math.round(planned.predicted.confidence * 100)} % of weeks drawn from the history.\n\n` +
        `Trade-off curve (predicted for the planned week; pick another point with the wait targets):\n${curvePlot(planned)}\n`,
    );
    appendFileSync(
      summaryFile,
      `\n## Replayed week: current schedule against the plan\n\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n` +
        [
          row('current', now, now.sets[0]!.minRunnersChanges),
          row('plan', next, next.sets[0]!.minRunnersChanges),
          row('plan at the current spend', sameSpend, sameSpend.sets[0]!.minRunnersChanges),
        ]
          .map((r) => `| ${r.join(' | ')} |`)
          .join('\n') +
        '\n',
    );
    if (!io.env['GITHUB_STEP_SUMMARY'])
      io.stderr(
        `\n(The Markdown summary with the xychart-beta curve was ${summaryFile}; set GITHUB_STEP_SUMMARY to keep it.)\n`,
      );
    return 0;
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}
