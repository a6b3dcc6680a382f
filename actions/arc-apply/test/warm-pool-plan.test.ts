import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '@gloriousflywheel/testkit';
import { replayTrace } from '@gloriousflywheel/testkit/arc/replay';
import { generateTrace, historyLines, platformWarmPool } from '@gloriousflywheel/testkit/traces';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { minRunnersAt, parseSchedule } from '../src/engine/schedule';
import { PAUSED_ANNOTATION } from '../src/engine/warm-pool';
import type { Ars } from '../src/kube/types';
import { runArcModel } from '../src/plan/arc-model';
import { SLOTS } from '../src/plan/calendar';
import { dateLines, valuesOfSchedule, weekLines } from '../src/plan/cron-lines';
import { readHistoryFile } from '../src/plan/history-file';
import { readPlanFile } from '../src/plan/plan-file';
import type { RawInputs } from './helpers';
import { actionOn, runMode } from './run-mode';
import { CONTROLLER, RUNNERS, scenario } from './scenario';

type S = Awaited<ReturnType<typeof scenario>>;
let current: S | undefined;
const dirs = tempDirs('arc-apply-warm-plan');
afterEach(async () => {
  await current?.cluster.stop();
  current = undefined;
});
afterAll(() => dirs.cleanup());

const monday = Date.parse('2026-03-02T00:00:00Z');
const WEEK = 7 * 86_400_000;

describe('job history file', () => {
  it('reads the documented JSON lines and maps jobs to the sets in scope', () => {
    const dir = dirs.make();
    const jobs = generateTrace({
      seed: 4,
      start: new Date(monday),
      days: 2,
      scaleSets: [{ name: 'nix', jobsPerWeek: 300 }],
    });
    const file = join(dir, 'history.jsonl');
    writeFileSync(
      file,
      historyLines(jobs) + JSON.stringify({ v: 1, labels: ['other'], createdAt: '2026-03-02T10:00:00Z' }),
    );
    const read = readHistoryFile(file, [{ name: 'nix', labels: ['nix'] }]);
    expect(read.jobs).toHaveLength(jobs.length);
    expect(read.jobs[0]).toMatchObject({
      scaleSet: 'nix',
      createdAt: jobs[0]!.createdAt,
      startedAt: jobs[0]!.startedAt,
    });
    expect(read.sources[0]).toMatchObject({
      kind: 'file',
      complete: true,
      note: '1 job(s) of sets not in scope skipped',
    });
  });

  it('refuses invalid lines by number, with the schema named in the hint', () => {
    const dir = dirs.make();
    const file = join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ v: 1, scaleSet: 'nix', createdAt: '2026-03-02T10:00:00Z' }),
        '{not json',
        JSON.stringify({ v: 2, scaleSet: 'nix', createdAt: '2026-03-02T10:00:00Z' }),
        JSON.stringify({ v: 1, createdAt: '2026-03-02T10:00:00Z' }),
        JSON.stringify({ v: 1, scaleSet: 'nix', createdAt: 'yesterday' }),
      ].join('\n'),
    );
    let error: unknown;
    try {
      readHistoryFile(file, [{ name: 'nix', labels: [] }]);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'INPUT_INVALID' });
    const message = (error as Error).message;
    for (const line of [2, 3, 4, 5]) expect(message).toContain(`line ${line}:`);
    expect(message).not.toContain('line 1:');
    expect((error as { hint?: string }).hint).toContain('job-history.v1.schema.json');
  });
});

describe('schedules as cron lines', () => {
  it('writes a week that mode warm-pool reads back hour for hour', () => {
    const values = new Int32Array(SLOTS);
    for (let s = 0; s < SLOTS; s++)
      values[s] = [0, 0, 2, 5, 5, 1][Math.floor((s % 24) / 4)]! + (s >= 120 ? 0 : 1);
    values[30] = 7;
    const lines = weekLines(values);
    expect(Array.from(valuesOfSchedule(parseSchedule(lines.join('\n')), monday))).toEqual(Array.from(values));
    expect(lines.length).toBeLessThan(20);
  });

  it('lets a release day win over the week and puts the week back the next midnight', () => {
    const week = new Int32Array(SLOTS).fill(1);
    for (let d = 0; d < 5; d++) for (let h = 7; h < 12; h++) week[d * 24 + h] = 3;
    const hours = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 20 ? 6 : 1));
    const lines = [...dateLines('2026-03-12', hours, week), ...weekLines(week)];
    const entries = parseSchedule(lines.join('\n'));
    const at = (iso: string) => minRunnersAt(entries, new Date(iso)).value;
    expect(at('2026-03-12T07:30:00Z')).toBe(1);
    expect(at('2026-03-12T09:30:00Z')).toBe(6);
    expect(at('2026-03-12T11:30:00Z')).toBe(6);
    expect(at('2026-03-12T20:30:00Z')).toBe(1);
    expect(at('2026-03-13T09:30:00Z')).toBe(3);
  });
});

describe('the ARC model the planner predicts with', () => {
  it('agrees with the ARC simulator on waits, idle runner time and cold starts for the same trace', async () => {
    const start = monday + WEEK;
    const jobs = generateTrace({
      seed: 12,
      start: new Date(start),
      days: 3,
      scaleSets: [{ name: 'nix', jobsPerWeek: 800 }],
    });
    const changes: { at: number; minRunners: number }[] = [];
    let value = platformWarmPool(start);
    for (let t = start + 3_600_000; t < start + 3 * 86_400_000; t += 3_600_000) {
      if (platformWarmPool(t) !== value) {
        value = platformWarmPool(t);
        changes.push({ at: t, minRunners: value });
      }
    }
    const to = start + 3 * 86_400_000;
    const replay = await replayTrace(
      jobs,
      [{ name: 'nix', maxRunners: 16, initialMinRunners: platformWarmPool(start), changes }],
      { from: start, to, seed: 3 },
    );
    let seed = 3;
    const model = runArcModel({
      jobs,
      from: start,
      to,
      maxRunners: 16,
      initial: platformWarmPool(start),
      changes: changes.map((c) => ({ at: c.at, value: c.minRunners })),
      coldStartMs: () => {
        seed = (seed * 16807) % 2147483647;
        return 90_000 + (30_000 * seed) / 2147483647;
      },
      timings: { pickupMs: 6_000, listenerGapMs: 10_000, pollMs: 50_000 },
    });
    const late = (w: number[], t: number) => w.filter((x) => x > t).length / w.length;
    const replayed = replay.jobs.map((j) => j.waitMs!);
    const modelled = [...model.waits];
    expect(Math.abs(late(replayed, 15_000) - late(modelled, 15_000))).toBeLessThan(0.03);
    const idleReplay = replay.sets[0]!.idleRunnerMs;
    expect(Math.abs(model.idleMs - idleReplay) / idleReplay).toBeLessThan(0.05);
    expect(
      Math.abs(model.runnersCreated - replay.sets[0]!.runnersCreated) / replay.sets[0]!.runnersCreated,
    ).toBeLessThan(0.05);
    expect(model.listenerRecreations).toBe(replay.sets[0]!.listenerRecreations);
  });
});

describe('mode warm-pool-plan and mode warm-pool with its plan', () => {
  function inputsFor(s: S, more: RawInputs = {}): RawInputs {
    return {
      kubeconfig: s.cluster.kubeconfigPath,
      'runners-namespace': RUNNERS,
      'controller-namespace': CONTROLLER,
      'working-directory': s.workdir,
      'var-files': 'runners.tfvars',
      ...more,
    };
  }

  it('plans from a history file, writes the plan file and reports the figures and the curve', async () => {
    current = await scenario([{ name: 'nix', max: 8 }]);
    const s = current;
    const jobs = generateTrace({
      seed: 21,
      start: new Date(monday),
      days: 7,
      scaleSets: [{ name: 'nix', jobsPerWeek: 300 }],
    });
    writeFileSync(join(s.workdir, 'history.jsonl'), historyLines(jobs));
    writeFileSync(join(s.workdir, 'kpi.yml'), 'peakStartHourUtc: 12\npeakEndHourUtc: 20\n');
    const run = await runMode(
      actionOn({ gateway: s.gw, clock: s.clock }),
      'main',
      inputsFor(s, {
        mode: 'warm-pool-plan',
        'scale-sets': 'nix',
        'history-file': 'history.jsonl',
        'kpi-targets': 'kpi.yml',
        'warm-pool-schedule': '0 13 * * 1-5 => 1\n0 1 * * * => 0',
        'warm-pool-plan': 'plan.json',
      }),
      dirs.make(),
    );
    expect(run.exitCode, run.log).toBe(0);
    expect(run.outputs['plan-file']).toBe(join(s.workdir, 'plan.json'));
    const { plan, schedules } = readPlanFile(join(s.workdir, 'plan.json'));
    expect(plan.peak).toEqual({ startHourUtc: 12, endHourUtc: 20, weekends: false });
    const set = plan.sets[0]!;
    expect(set.name).toBe('nix');
    expect(schedules.get('nix')!.length).toBeGreaterThan(0);
    // The week the plan schedules is the week its lines give.
    expect(Array.from(valuesOfSchedule(schedules.get('nix')!, Date.parse(plan.horizon.from)))).toEqual(
      set.week,
    );
    expect(Math.max(...set.week)).toBeLessThanOrEqual(8);
    // Peak p95 lands in the cold mode when just over 5 % of peak jobs go cold: the plan says so, and
    // still beats the current schedule everywhere.
    expect(set.predicted.meets).toBe(set.predicted.p95OffPeak <= 15 && set.predicted.p95Peak <= 60);
    expect(set.predicted.meets || set.notes.length > 0).toBe(true);
    expect(set.predicted.p95OffPeak).toBeLessThan(set.current.p95OffPeak);
    expect(set.current.meets).toBe(false);
    expect(set.slots).toHaveLength(SLOTS);
    expect(set.curve.length).toBeGreaterThan(3);
    // More idle runner-minutes along the curve buy no worse a p95.
    const sorted = [...set.curve].sort((a, b) => a.idleRunnerMinutes - b.idleRunnerMinutes);
    expect(sorted.at(-1)!.p95).toBeLessThanOrEqual(sorted[0]!.p95);
    expect(run.log).toContain('trade-off curve:');
    expect(run.log).toMatch(/plan +\d+ +\d+ +\d+/);
    expect(run.summary).toContain('xychart-beta');
    expect(run.summary).toContain('| nix | plan |');
  });

  it('applies a plan file per set: the planned set is patched, a paused set and an unplanned one are left alone', async () => {
    current = await scenario([
      { name: 'nix', max: 8 },
      { name: 'docker', max: 6 },
      { name: 'dind', max: 6 },
    ]);
    const s = current;
    const ars = await s.gw.get<Ars>('AutoscalingRunnerSet', RUNNERS, 'docker');
    await s.gw.patch(
      'AutoscalingRunnerSet',
      RUNNERS,
      'docker',
      { metadata: { annotations: { [PAUSED_ANNOTATION]: 'true' } } },
      ars?.metadata.resourceVersion,
    );
    const file = join(s.workdir, 'plan.json');
    writeFileSync(
      file,
      JSON.stringify({
        v: 1,
        kind: 'warm-pool-plan',
        validUntil: '2099-01-01T00:00:00Z',
        sets: [
          { name: 'nix', schedule: ['0 0 * * * => 2'] },
          { name: 'docker', schedule: ['0 0 * * * => 3'] },
        ],
      }),
    );
    const run = await runMode(
      actionOn({ gateway: s.gw, clock: s.clock }),
      'main',
      inputsFor(s, { mode: 'warm-pool', 'warm-pool-plan': 'plan.json', 'scale-sets': 'nix,docker,dind' }),
      dirs.make(),
    );
    expect(run.exitCode, run.log).toBe(0);
    const outcome = Object.fromEntries(
      (run.data as { sets: { name: string; outcome: string; to: number }[] }).sets.map((x) => [
        x.name,
        [x.outcome, x.to],
      ]),
    );
    expect(outcome).toEqual({
      nix: ['patched', 2],
      docker: ['skipped-paused', 0],
      dind: ['skipped-unplanned', 0],
    });
    expect(await s.caps('nix')).toEqual({ min: 2, max: 8 });
    expect((await s.caps('docker')).min).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('warm-pool-plan');
  });

  it('refuses a plan file that is not a version-1 plan', async () => {
    current = await scenario([{ name: 'nix', max: 8 }]);
    const s = current;
    writeFileSync(join(s.workdir, 'plan.json'), JSON.stringify({ v: 2, sets: [] }));
    const run = await runMode(
      actionOn({ gateway: s.gw, clock: s.clock }),
      'main',
      inputsFor(s, { mode: 'warm-pool', 'warm-pool-plan': 'plan.json' }),
      dirs.make(),
    );
    expect(run.error).toMatchObject({ code: 'INPUT_INVALID' });
    expect(run.error!.message).toContain('is not a version-1 plan');
  });
});
