import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetSecrets } from '@gloriousflywheel/shared';
import { probeAction } from '@gloriousflywheel/testkit/fixtures/probe-action';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/run-cli';

afterEach(() => forgetSecrets());

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: { RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'cli-')), ...env },
    },
    { actions: [probeAction], version: '9.9.9' },
  );
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('flywheel CLI', () => {
  it('lists the actions with --help and fails usage without a command', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('flywheel 9.9.9');
    expect(help.stdout).toMatch(/probe-action\s+Platform probe/);
    const bare = await cli([]);
    expect(bare.code).toBe(2);
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
    const project = mkdtempSync(join(tmpdir(), 'cli-gl-'));
    const env = { GITLAB_CI: 'true', CI_PROJECT_DIR: project, FLYWHEEL_INPUT_TOKEN: 'masked-var-value-99' };
    const main = await cli(['probe-action', '--greeting', 'hallo'], env);
    expect(main.code).toBe(0);
    const post = await cli(['probe-action', '--phase', 'post'], env);
    expect(post.code).toBe(0);
    const report = join(project, '.flywheel', 'probe-action');
    expect(readFileSync(join(report, 'outputs.env'), 'utf8')).toContain('FLYWHEEL_ECHO=hallo hallo');
    expect(readFileSync(join(report, 'summary.md'), 'utf8')).toContain('post saw count 2');
  });
});
