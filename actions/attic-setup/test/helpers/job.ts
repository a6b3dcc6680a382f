import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Annotation,
  type HarnessResult,
  nodeFor,
  parseFileCommands,
  parseStdout,
  readActionYml,
  runAction,
} from '@gloriousflywheel/testkit/harness';

export const actionDir = fileURLToPath(new URL('../..', import.meta.url));

export interface PostRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout as the job log shows it (workflow commands such as add-mask consumed). */
  log: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
}

/**
 * A job in three steps: the action's main (through the runner harness), the job's own build steps,
 * then the action's post with the state and environment main left, as the runner would run it.
 * (The harness runs main and post back to back; builds must happen in between.)
 */
export async function runJob(
  options: {
    inputs: Record<string, string | number | boolean>;
    env: Record<string, string>;
    event?: unknown;
    eventName?: string;
  },
  between: (main: HarnessResult) => Promise<void>,
): Promise<{ main: HarnessResult; post: PostRun }> {
  const main = await runAction({ actionDir, phases: 'main', ...options });
  await between(main);
  const post = await runPost(main, options.inputs, options.env);
  return { main, post };
}

async function runPost(
  main: HarnessResult,
  inputs: Record<string, string | number | boolean>,
  extraEnv: Record<string, string>,
): Promise<PostRun> {
  const yml = readActionYml(actionDir);
  const dir = join(main.workDir, 'files-post');
  mkdirSync(dir, { recursive: true });
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const inputEnv: Record<string, string> = {};
  for (const [name, spec] of Object.entries(yml.inputs)) {
    const value = name in inputs ? String(inputs[name]) : spec.default;
    if (value !== undefined) inputEnv[`INPUT_${name.toUpperCase()}`] = value;
  }
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? main.workDir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: join(main.workDir, 'workspace'),
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: join(main.workDir, 'event.json'),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_RUN_ID: '4242',
    RUNNER_TEMP: main.runnerTemp,
    ...inputEnv,
    ...extraEnv,
    ...main.env,
    ...Object.fromEntries(Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v])),
    ...files,
  };
  const run = await new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(nodeFor(yml.runs.using), [join(actionDir, yml.runs.post!)], {
      env,
      cwd: env['GITHUB_WORKSPACE'],
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr }));
  });
  const parsed = parseStdout(run.stdout, 'post');
  return {
    ...run,
    log: parsed.log,
    outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    annotations: parsed.annotations,
  };
}
