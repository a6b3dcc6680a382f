/**
 * Finding 6 (issue 11): `--baseline /nonexistent` failed only after the whole workload ran,
 * `--kpi-targets /nonexistent` was ignored, a `results-dir` or `report-dir` that is a file ended in
 * INTERNAL EEXIST, and a run without a baseline wrote no verdict at all. Each path is now checked
 * before the workload (the workload here leaves a mark when it runs), and the verdict says
 * `insufficient data`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { forgetSecrets } from '@gloriousflywheel/shared';
import { tempDirs } from '@gloriousflywheel/testkit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { allActions } from '../src/actions';
import { runCli } from '../src/run-cli';

afterEach(() => forgetSecrets());
const temp = tempDirs('flywheel-cli-benchmark');
afterAll(() => temp.cleanup());

async function benchmark(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const runnerTemp = temp.make();
  const code = await runCli(
    ['benchmark', ...args],
    {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: {
        RUNNER_TEMP: runnerTemp,
        FLYWHEEL_STATE_FILE: join(runnerTemp, 'state.json'),
        PATH: process.env['PATH'],
      },
      stdoutIsTTY: false,
    },
    { actions: allActions, version: '0.0.0' },
  );
  return { code, stdout: out.join(''), stderr: err.join(''), envelope: JSON.parse(out.join('')) };
}

/** A workload that leaves a file behind when it runs. */
function markingWorkload(): { args: string[]; ran: () => boolean } {
  const mark = join(temp.make(), 'ran');
  return { args: ['--command', `touch '${mark}'`], ran: () => existsSync(mark) };
}

describe('benchmark run mode: what it needs later is checked first', () => {
  it.each([
    [
      'a baseline that does not exist',
      ['--baseline', '/nonexistent/flywheel/baseline.json'],
      /\/nonexistent\/flywheel\/baseline\.json/,
    ],
    [
      'KPI targets that do not exist',
      ['--kpi-targets', '/nonexistent/flywheel/kpis.yml'],
      /\/nonexistent\/flywheel\/kpis\.yml/,
    ],
    [
      'a results-dir that is a file',
      ['--results-dir', '<file>'],
      /input `results-dir`: .* is a file, not a folder/,
    ],
    [
      'a report-dir that is a file',
      ['--report-dir', '<file>'],
      /input `report-dir`: .* is a file, not a folder/,
    ],
  ])(
    '%s: refused before the workload runs, with a code that is not INTERNAL',
    async (_what, given, message) => {
      const file = join(temp.make(), 'a-file');
      writeFileSync(file, 'not a folder\n');
      const workload = markingWorkload();
      const run = await benchmark([...workload.args, ...given.map((a) => (a === '<file>' ? file : a))]);
      expect(run.code).toBe(1);
      expect(run.envelope.error.code).not.toBe('INTERNAL');
      expect(run.envelope.error.message).toMatch(message);
      expect(workload.ran()).toBe(false);
    },
  );

  it('without a baseline, runs and says the verdict is insufficient data', async () => {
    const workload = markingWorkload();
    const run = await benchmark([...workload.args, '--runs', '3']);
    expect(run.code, run.stderr).toBe(0);
    expect(workload.ran()).toBe(true);
    expect(run.envelope.outputs.verdict).toBe('insufficient data');
  });
});
