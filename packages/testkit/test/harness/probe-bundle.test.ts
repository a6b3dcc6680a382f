import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureAction, fixtureActions, type HarnessResult, runAction } from '../../src/index';

const SECRET = 'ghs_probeSecretValue1234567890';

// One real bundle of the probe fixture, run the way GitHub's runner runs it.
let actionDir: string;
beforeAll(() => {
  actionDir = buildFixtureAction(fixtureActions.probe);
}, 120_000);

function everythingWritten(run: HarnessResult): string {
  const files = run.files().map((f) => readFileSync(f, 'utf8'));
  return [
    run.main.log,
    run.main.stderr,
    run.post?.log ?? '',
    run.post?.stderr ?? '',
    run.summary,
    ...Object.values(run.outputs),
    ...files,
  ].join('\n');
}

describe('runner harness on a real bundle (GitHub adapter)', () => {
  it('applies defaults, runs main then post, and returns outputs, env, path, state, summary and annotations', async () => {
    const run = await runAction({ actionDir, inputs: { greeting: 'hi', count: 3, token: SECRET } });
    expect(run.main.exitCode).toBe(0);
    expect(run.outputs['echo']).toBe('hi hi hi');
    expect(run.outputs['wait-ms']).toBe('90000'); // the action.yml default
    expect(run.outputs['result-file']).toMatch(/flywheel\/probe-action\/result\.json$/);
    expect(JSON.parse(readFileSync(run.outputs['result-file']!, 'utf8'))).toMatchObject({
      data: { greeting: 'hi', count: 3 },
      meta: {
        action: 'probe-action',
        phase: 'main',
        platform: 'github',
        repository: 'octo-org/octo-repo',
        runId: '4242',
      },
    });
    expect(run.env['PROBE_VAR']).toBe('value-3');
    expect(run.path).toEqual(['/opt/probe/bin']);
    expect(run.groups).toEqual(['Probe group']);
    expect(run.annotations).toContainEqual({
      level: 'warning',
      message: 'a warning that mentions ***',
      file: 'probe.txt',
      line: 3,
      title: 'Probe warning',
      phase: 'main',
    });
    expect(run.annotations.some((a) => a.level === 'notice' && a.message === 'a notice')).toBe(true);
    expect(run.masks).toContain(SECRET);
    // post ran (post-if: always()) with STATE_* from main
    expect(run.post?.exitCode).toBe(0);
    expect(run.post?.log).toContain('post saw {"count":3,"greeting":"hi"}');
    expect(run.summary).toContain('| hi | 3 | *** |');
    expect(run.summary).toContain('post saw count 3');
  });

  it('never lets a secret input reach any stream, output, summary or file', async () => {
    const run = await runAction({ actionDir, inputs: { token: SECRET } });
    expect(run.main.exitCode).toBe(0);
    expect(everythingWritten(run)).not.toContain(SECRET);
    const failed = await runAction({ actionDir, inputs: { token: SECRET, fail: 'expected' } });
    expect(failed.main.exitCode).toBe(1);
    expect(everythingWritten(failed)).not.toContain(SECRET);
    expect(failed.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: '[CHECK_FAILED] the probe was asked to fail (token ***) — hint: set fail: no',
      }),
    );
  });

  it('turns a bad input into INPUT_INVALID with a one-line message and runs post without repeating the error', async () => {
    const run = await runAction({ actionDir, inputs: { count: 'many' } });
    expect(run.main.exitCode).toBe(1);
    expect(run.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      '[INPUT_INVALID] input `count` is invalid: expected a whole number from 1 to 10; given `many` — hint: `count` accepts a whole number ≥ 1 ≤ 10',
    ]);
    expect(run.main.log).not.toContain('    at ');
    // post ran (post-if: always()) but, main never having started, it only says so
    expect(run.post?.exitCode).toBe(0);
    expect(run.post?.log).toContain('the main phase did not start');
  });

  it('shows a stack trace for a bug, not for an expected failure', async () => {
    const run = await runAction({ actionDir, inputs: { fail: 'bug' }, phases: 'main' });
    expect(run.main.exitCode).toBe(1);
    expect(run.main.log).toContain('TypeError: probe bug');
    expect(run.main.log).toMatch(/\n\s+at /);
  });

  it('rejects an input the action does not declare, as the runner warns', async () => {
    await expect(runAction({ actionDir, inputs: { nope: 'x' } })).rejects.toThrow(/Unexpected input 'nope'/);
  });
});
