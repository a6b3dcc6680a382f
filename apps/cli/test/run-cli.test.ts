import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forgetSecrets } from '@gloriousflywheel/shared';
import { tempDirs } from '@gloriousflywheel/testkit';
import { probeAction } from '@gloriousflywheel/testkit/fixtures/probe-action';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/run-cli';

afterEach(() => forgetSecrets());

const temp = tempDirs('flywheel-cli-test');
afterAll(() => temp.cleanup());

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, stdoutIsTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: { RUNNER_TEMP: temp.make(), FLYWHEEL_STATE_FILE: join(temp.make(), 'state.json'), ...env },
      stdoutIsTTY,
    },
    { actions: [probeAction], version: '9.9.9' },
  );
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** The one line of a usage error on stderr, and the envelope a script gets on stdout. */
function usageError(run: { code: number; stdout: string; stderr: string }) {
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  return JSON.parse(run.stdout) as { error: { code: string; message: string; hint?: string } };
}

describe('flywheel CLI', () => {
  it('lists the actions with --help and fails usage without a command', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('flywheel 9.9.9');
    expect(help.stdout).toMatch(/probe-action\s+Platform probe/);
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(help.stdout).toContain('--json');
  });

  it('documents every input of an action with its default from the definition', async () => {
    const help = await cli(['probe-action', '--help']);
    expect(help.code).toBe(0);
    for (const [name, spec] of Object.entries(probeAction.definition.inputs)) {
      expect(help.stdout).toContain(`--${name} <${spec.kind}>`);
      if (spec.default) expect(help.stdout).toContain(`default: ${spec.default}`);
    }
    expect(help.stdout).toContain('secret: prefer the FLYWHEEL_INPUT_ variable over a flag');
  });

  it('runs an action in a terminal: flags and env in, JSON out', async () => {
    const run = await cli(['probe-action', '--greeting', 'yo', '--count=2'], { FLYWHEEL_INPUT_WAIT: '5s' });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.outputs).toMatchObject({ echo: 'yo yo', 'wait-ms': '5000' });
    expect(run.stderr).toContain('▸ Probe group');
  });

  it('rejects unknown commands and flags with a code and a hint', async () => {
    const unknown = await cli(['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'flywheel: [INPUT_INVALID] unknown command `nope` — hint: one of probe-action\n',
    );
    const flag = await cli(['probe-action', '--colour', 'red']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('probe-action has no input `--colour`');
    const phase = await cli(['probe-action', '--phase', 'pre']);
    expect(phase.stderr).toContain('--phase must be main or post');
  });

  it('returns 1 when the action fails', async () => {
    const run = await cli(['probe-action', '--count', '0']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe('INPUT_INVALID');
  });

  it('runs main and then post in a GitLab job, post in after_script', async () => {
    const project = temp.make();
    const env = { GITLAB_CI: 'true', CI_PROJECT_DIR: project, FLYWHEEL_INPUT_TOKEN: 'masked-var-value-99' };
    const main = await cli(['probe-action', '--greeting', 'hallo'], env);
    expect(main.code).toBe(0);
    const post = await cli(['probe-action', '--phase', 'post'], env);
    expect(post.code).toBe(0);
    const report = join(project, '.flywheel', 'probe-action');
    expect(readFileSync(join(report, 'outputs.env'), 'utf8')).toContain('FLYWHEEL_ECHO=hallo hallo');
    expect(readFileSync(join(report, 'summary.md'), 'utf8')).toContain('post saw count 2');
  });

  // Finding 11: `flywheel attic-setup stray` ran and exited 0; an unknown or repeated flag exited 2
  // with nothing on stdout although the README promises the envelope.
  it('refuses a stray word, an unknown flag and a repeated flag: exit 2, one line, the envelope on stdout', async () => {
    const stray = usageError(await cli(['probe-action', 'stray']));
    expect(stray.error).toMatchObject({
      code: 'INPUT_INVALID',
      message: 'probe-action takes no argument `stray`',
    });
    const unknown = usageError(await cli(['probe-action', '--colour', 'red']));
    expect(unknown.error.message).toBe('probe-action has no input `--colour`');
    const twice = usageError(await cli(['probe-action', '--count', '2', '--count', '3']));
    expect(twice.error.message).toBe('--count was given twice');
    const after = usageError(await cli(['probe-action', '--greeting', 'hi', 'there']));
    expect(after.error.message).toBe('probe-action takes no argument `there`');
  });

  it('refuses a flag with no value unless the input is a boolean', async () => {
    const run = usageError(await cli(['probe-action', '--count']));
    expect(run.error.message).toBe('--count needs a value');
    expect(run.error.hint).toContain('--count <integer>');
  });

  it('never echoes what follows `=` in a flag it cannot read', async () => {
    const run = await cli(['probe-action', '--Token=s3cr3t-value']);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).not.toContain('s3cr3t-value');
    expect(run.stderr).toContain('`--Token` is not a valid flag');
  });

  // Finding 5: on a terminal the JSON envelope buried the log; the error was printed three times.
  it('on a terminal prints no JSON unless --json is given, and lists the outputs for the person', async () => {
    const tty = await cli(['probe-action', '--greeting', 'yo'], {}, true);
    expect(tty.code).toBe(0);
    expect(tty.stdout).toBe('');
    expect(tty.stderr).toMatch(/Outputs:\n(.*\n)*\s+echo\s+yo yo\n/);
    expect(tty.stderr).toMatch(/greeting\s+count\s+token\n-+\s+-+\s+-+\nyo\s+2/);
    expect(tty.stderr).not.toContain('| greeting |');
    const json = await cli(['probe-action', '--greeting', 'yo', '--json'], {}, true);
    expect(JSON.parse(json.stdout).outputs.echo).toBe('yo yo');
    const usage = await cli(['probe-action', 'stray'], {}, true);
    expect(usage.stdout).toBe('');
  });

  it('says a failure once on a terminal, its hint on the same line', async () => {
    const run = await cli(
      ['probe-action', '--fail', 'expected'],
      { FLYWHEEL_INPUT_TOKEN: 'tok-123456' },
      true,
    );
    expect(run.code).toBe(1);
    const mentions = run.stderr.split('\n').filter((l) => l.includes('the probe was asked to fail'));
    expect(mentions).toEqual([
      'error: [CHECK_FAILED] the probe was asked to fail (token ***) — hint: set fail: no',
    ]);
    expect(run.stderr).not.toContain('Hint:');
    expect(run.stderr).not.toContain('tok-123456');
  });
});
