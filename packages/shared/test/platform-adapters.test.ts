import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeAction } from '@gloriousflywheel/testkit/fixtures/probe-action';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPlatform,
  detectPlatformKind,
  forgetSecrets,
  GitLabPlatform,
  runActionPhase,
  TerminalPlatform,
} from '../src/index';

const SECRET = 'glpat-s3cr3t-probe-token';

afterEach(() => forgetSecrets());

function gitlabEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    GITLAB_CI: 'true',
    CI_PROJECT_DIR: dir,
    CI_PROJECT_PATH: 'group/sub/project',
    CI_COMMIT_SHA: 'abc123',
    CI_COMMIT_REF_NAME: 'main',
    CI_PIPELINE_ID: '77',
    CI_JOB_ID: '991',
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_SERVER_URL: 'https://gitlab.example.test',
    CI_API_V4_URL: 'https://gitlab.example.test/api/v4',
    CI_JOB_TOKEN: 'job-token-value-1234',
    TMPDIR: join(dir, 'tmp'),
    FLYWHEEL_INPUT_GREETING: 'salut',
    FLYWHEEL_INPUT_TOKEN: SECRET,
    ...extra,
  };
}

describe('platform detection', () => {
  it('picks GitHub, GitLab, else the terminal', () => {
    expect(detectPlatformKind({ GITHUB_ACTIONS: 'true' })).toBe('github');
    expect(detectPlatformKind({ GITLAB_CI: 'true' })).toBe('gitlab');
    expect(detectPlatformKind({})).toBe('terminal');
    expect(createPlatform({ action: 'x', env: { GITLAB_CI: 'true', CI_PROJECT_DIR: tmpdir() } }).kind).toBe(
      'gitlab',
    );
  });
});

describe('GitLab adapter', () => {
  it('writes outputs to a dotenv report, the summary to Markdown, annotations to JUnit, and state for after_script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-'));
    const log: string[] = [];
    const env = gitlabEnv(dir, { FLYWHEEL_INPUT_COUNT: '3' });
    const platform = new GitLabPlatform({
      action: 'probe-action',
      env,
      flags: { wait: '2m' },
      write: (t) => log.push(t),
    });
    const main = await runActionPhase(probeAction, 'main', { platform });
    expect(main.exitCode).toBe(0);

    const reportDir = join(dir, '.flywheel', 'probe-action');
    const dotenv = readFileSync(join(reportDir, 'outputs.env'), 'utf8');
    expect(dotenv).toContain('FLYWHEEL_ECHO=salut salut salut');
    expect(dotenv).toContain('FLYWHEEL_WAIT_MS=120000');
    expect(dotenv).toContain(`FLYWHEEL_TOKEN_LENGTH=${SECRET.length}`);
    expect(dotenv).toMatch(/^FLYWHEEL_RESULT_FILE=.+result\.json$/m);

    const junit = readFileSync(join(reportDir, 'annotations.junit.xml'), 'utf8');
    expect(junit).toContain(
      '<testcase classname="flywheel.probe-action" name="Probe warning" file="probe.txt" line="3">',
    );
    expect(junit).toContain('<skipped message="a warning that mentions ***"/>');

    const summary = readFileSync(join(reportDir, 'summary.md'), 'utf8');
    expect(summary).toContain('## Probe');
    expect(summary).toContain('| salut | 3 | *** |');

    const envScript = readFileSync(join(reportDir, 'env.sh'), 'utf8');
    expect(envScript).toContain("export PROBE_VAR='value-3'");
    expect(envScript).toContain(`export PATH='/opt/probe/bin':"$PATH"`);
    expect(statSync(join(reportDir, 'env.sh')).mode & 0o777).toBe(0o600);

    const text = log.join('');
    expect(text).toMatch(
      /\u001b\[0Ksection_start:\d+:flywheel_0_\d+\[collapsed=true\]\r\u001b\[0KProbe group/,
    );
    expect(text).toMatch(/section_end:\d+:flywheel_0_\d+/);

    // after_script: a new process reads the state main left behind.
    forgetSecrets();
    const postPlatform = new GitLabPlatform({ action: 'probe-action', env, write: (t) => log.push(t) });
    const post = await runActionPhase(probeAction, 'post', { platform: postPlatform });
    expect(post.exitCode).toBe(0);
    expect(post.envelope).toMatchObject({ data: { saved: { count: 3, greeting: 'salut' } } });
    expect(readFileSync(join(reportDir, 'summary.md'), 'utf8')).toContain('post saw count 3');

    for (const file of [dotenv, junit, summary, envScript, text, readFileSync(main.resultFile, 'utf8')]) {
      expect(file).not.toContain(SECRET);
      expect(file).not.toContain('job-token-value-1234');
    }
  });

  it('reads the run context from GitLab variables, fork included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-'));
    const platform = new GitLabPlatform({
      action: 'x',
      env: gitlabEnv(dir, { CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '5', CI_MERGE_REQUEST_PROJECT_ID: '9' }),
      write: () => {},
    });
    expect(platform.context).toMatchObject({
      platform: 'gitlab',
      repository: 'group/sub/project',
      sha: 'abc123',
      runId: '77',
      jobId: '991',
      isFork: true,
      apiUrl: 'https://gitlab.example.test/api/v4',
      token: 'job-token-value-1234',
    });
  });

  it('records an expected failure as a failed JUnit case and an error envelope, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-'));
    const log: string[] = [];
    const platform = new GitLabPlatform({
      action: 'probe-action',
      env: gitlabEnv(dir, { FLYWHEEL_INPUT_FAIL: 'expected' }),
      write: (t) => log.push(t),
    });
    const outcome = await runActionPhase(probeAction, 'main', { platform });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.envelope).toMatchObject({ error: { code: 'CHECK_FAILED', hint: 'set fail: no' } });
    const text = log.join('');
    expect(text).toContain('[CHECK_FAILED] the probe was asked to fail (token ***) — hint: set fail: no');
    expect(text).not.toContain('    at ');
    expect(text).not.toContain(SECRET);
  });
});

describe('terminal adapter', () => {
  it('takes flags and env, logs to stderr, prints one JSON document on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'term-'));
    const out: string[] = [];
    const err: string[] = [];
    const platform = new TerminalPlatform({
      action: 'probe-action',
      env: { FLYWHEEL_INPUT_COUNT: '1', RUNNER_TEMP: dir, FLYWHEEL_STATE_FILE: join(dir, 'state.json') },
      flags: { greeting: 'hey', token: SECRET },
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
    });
    const outcome = await runActionPhase(probeAction, 'main', { platform });
    expect(outcome.exitCode).toBe(0);
    const doc = JSON.parse(out.join(''));
    expect(doc.data).toEqual({ greeting: 'hey', count: 1 });
    expect(doc.meta).toMatchObject({
      action: 'probe-action',
      phase: 'main',
      platform: 'terminal',
      schema: 1,
    });
    expect(doc.outputs).toMatchObject({
      echo: 'hey',
      'wait-ms': '90000',
      'token-length': String(SECRET.length),
    });
    expect(doc.env).toEqual({ PROBE_VAR: 'value-1' });
    expect(doc.path).toEqual(['/opt/probe/bin']);
    const human = err.join('');
    expect(human).toContain('▸ Probe group');
    expect(human).toContain('warning: probe.txt:3: Probe warning: a warning that mentions ***');
    // The summary as plain text for a person at a terminal (issue 11, finding 5): no Markdown.
    expect(human).toContain('Probe\n-----');
    expect(human).not.toContain('## Probe');
    expect(out.join('') + human).not.toContain(SECRET);
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
  });

  it('prints the error envelope and a stack trace only for a bug', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const platform = new TerminalPlatform({
      action: 'probe-action',
      env: { RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'term-')) },
      flags: { fail: 'bug' },
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
    });
    const outcome = await runActionPhase(probeAction, 'main', { platform });
    expect(outcome.exitCode).toBe(1);
    expect(JSON.parse(out.join('')).error).toMatchObject({ code: 'INTERNAL', message: 'probe bug' });
    expect(err.join('')).toContain('Unexpected failure (a bug):\nTypeError: probe bug\n    at ');
  });

  it('fails bad input with INPUT_INVALID before the action runs', async () => {
    const out: string[] = [];
    const platform = new TerminalPlatform({
      action: 'probe-action',
      env: { RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'term-')) },
      flags: { count: '11' },
      stdout: (t) => out.push(t),
      stderr: () => {},
    });
    const outcome = await runActionPhase(probeAction, 'main', { platform });
    expect(outcome.exitCode).toBe(1);
    expect(JSON.parse(out.join('')).error).toMatchObject({
      code: 'INPUT_INVALID',
      message: 'input `count` is invalid: expected a number from 1 to 10; given `11`',
    });
  });
});
