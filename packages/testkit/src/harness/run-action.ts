import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { removeScratchDir, scratchDir } from '../temp-dirs';
import { type ActionYml, readActionYml } from './action-yml';
import { nodeFor } from './node-binary';
import { type Annotation, parseFileCommands, parseStdout } from './workflow-commands';

export interface HarnessOptions {
  /** The action folder holding action.yml (and dist/). */
  actionDir: string;
  /** Inputs as a workflow's `with:` would give them. */
  inputs?: Record<string, string | number | boolean>;
  /** Extra environment (e.g. GITHUB_REPOSITORY, RUNNER_NAME, or the event file path). */
  env?: Record<string, string>;
  /** Run only main, or main then post per post-if (default). */
  phases?: 'main' | 'both';
  /** Kill a phase after this long (default 120 s). */
  timeoutMs?: number;
  /** A pull_request event payload; written to GITHUB_EVENT_PATH. */
  event?: unknown;
  eventName?: string;
  /** Reuse a work dir (to share RUNNER_TEMP with a previous run). */
  workDir?: string;
  /**
   * The job's own steps between main and post (e.g. the build whose results post pushes); it sees
   * the result so far: main's run, outputs, exported env, state and files.
   */
  betweenPhases?: (soFar: HarnessResult) => Promise<void> | void;
}

export interface PhaseRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout as the job log shows it, less the commands the runner consumes (no masking applied). */
  log: string;
  durationMs: number;
}

export interface HarnessResult {
  main: PhaseRun;
  post?: PhaseRun;
  /** Why post did not run, when it did not. */
  postSkipped?: string;
  /** Main's outputs: the only ones later steps can read. */
  outputs: Record<string, string>;
  /** What post wrote to GITHUB_OUTPUT (no later step can read these on GitHub). */
  postOutputs?: Record<string, string>;
  /** What post alone wrote to the step summary (`summary` has main's and post's). */
  postSummary?: string;
  env: Record<string, string>;
  path: string[];
  state: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  masks: string[];
  groups: string[];
  workDir: string;
  runnerTemp: string;
  /** Every file the run wrote under the work dir, for leak checks. */
  files: () => string[];
  /** Removes the work dir now (it goes when the process exits otherwise). */
  dispose: () => void;
}

/**
 * Runs a built action the way GitHub's runner does: defaults from action.yml, INPUT_* variables,
 * fresh GITHUB_OUTPUT/ENV/PATH/STATE/STEP_SUMMARY files per step, `node <runs.main>`, then post with
 * STATE_* and the environment main exported, if `post-if` allows.
 */
export async function runAction(options: HarnessOptions): Promise<HarnessResult> {
  const yml = readActionYml(options.actionDir);
  const node = nodeFor(yml.runs.using);
  // Removed when the test process exits (or by `dispose`): the caller reads it after we return.
  const workDir = options.workDir ?? scratchDir('flywheel-harness');
  const runnerTemp = join(workDir, 'runner-temp');
  const workspace = join(workDir, 'workspace');
  mkdirSync(runnerTemp, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  const eventPath = join(workDir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.event ?? {}));

  const base: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? workDir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'build',
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'harness-runner',
    // The runner's own temp dir for anything that asks the OS (the harness's, not the system's).
    TMPDIR: tmpdir(),
    ...inputEnv(yml, options.inputs ?? {}),
    ...options.env,
  };

  const main = await runPhase(
    node,
    options.actionDir,
    yml.runs.main,
    base,
    workDir,
    'main',
    options.timeoutMs,
  );
  const outputs = main.files.output;
  const exported = main.files.env;
  const path = main.files.path;
  const state = main.files.state;
  let summary = main.files.summary;
  const parsedMain = parseStdout(main.run.stdout, 'main');
  const annotations = [...parsedMain.annotations];
  const masks = [...parsedMain.masks];
  const groups = [...parsedMain.groups];

  const result: HarnessResult = {
    main: { ...main.run, log: parsedMain.log },
    outputs,
    env: exported,
    path,
    state,
    summary,
    annotations,
    masks,
    groups,
    workDir,
    runnerTemp,
    files: () => listFiles(workDir),
    dispose: () => {
      if (!options.workDir) removeScratchDir(workDir);
    },
  };

  if ((options.phases ?? 'both') === 'main') return result;
  if (!yml.runs.post) {
    result.postSkipped = 'the action has no post';
    return result;
  }
  await options.betweenPhases?.(result);
  const postIf = yml.runs['post-if'] ?? 'success()';
  if (!postAllowed(postIf, main.run.exitCode === 0)) {
    result.postSkipped = `post-if ${postIf} is false`;
    return result;
  }
  const postEnv: Record<string, string> = {
    ...base,
    ...exported,
    PATH: [...path.slice().reverse(), base['PATH']].join(delimiter),
    ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])),
  };
  const post = await runPhase(
    node,
    options.actionDir,
    yml.runs.post,
    postEnv,
    workDir,
    'post',
    options.timeoutMs,
  );
  const parsedPost = parseStdout(post.run.stdout, 'post');
  result.post = { ...post.run, log: parsedPost.log };
  summary += post.files.summary;
  result.postSummary = post.files.summary;
  result.summary = summary;
  annotations.push(...parsedPost.annotations);
  masks.push(...parsedPost.masks);
  groups.push(...parsedPost.groups);
  result.postOutputs = post.files.output;
  return result;
}

function postAllowed(condition: string, mainSucceeded: boolean): boolean {
  const c = condition.replace(/\s+/g, '');
  if (c === 'always()') return true;
  if (c === 'success()') return mainSucceeded;
  if (c === 'failure()') return !mainSucceeded;
  if (c === 'cancelled()') return false;
  if (c === '!cancelled()') return true;
  throw new Error(`the harness does not evaluate post-if: ${condition}`);
}

/** INPUT_<NAME> for every input: the given value, else the default; names upper-cased, spaces to _. */
function inputEnv(yml: ActionYml, given: Record<string, string | number | boolean>): Record<string, string> {
  for (const name of Object.keys(given)) {
    if (!(name in yml.inputs)) {
      throw new Error(`Unexpected input '${name}', valid inputs are ${Object.keys(yml.inputs).join(', ')}`);
    }
  }
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(yml.inputs)) {
    const value = name in given ? String(given[name]) : spec.default;
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return env;
}

interface PhaseFiles {
  output: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  state: Record<string, string>;
  summary: string;
}

async function runPhase(
  node: string,
  actionDir: string,
  script: string,
  env: Record<string, string>,
  workDir: string,
  phase: 'main' | 'post',
  timeoutMs = 120_000,
): Promise<{ run: Omit<PhaseRun, 'log'>; files: PhaseFiles }> {
  const dir = join(workDir, `files-${phase}`);
  mkdirSync(dir, { recursive: true });
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const started = performance.now();
  const { exitCode, stdout, stderr } = await spawnNode(
    node,
    [join(actionDir, script)],
    { ...env, ...files },
    env['GITHUB_WORKSPACE']!,
    timeoutMs,
  );
  const read = (f: string) => readFileSync(f, 'utf8');
  return {
    run: { exitCode, stdout, stderr, durationMs: performance.now() - started },
    files: {
      output: parseFileCommands(read(files.GITHUB_OUTPUT)),
      env: parseFileCommands(read(files.GITHUB_ENV)),
      path: read(files.GITHUB_PATH).split('\n').filter(Boolean),
      state: parseFileCommands(read(files.GITHUB_STATE)),
      summary: read(files.GITHUB_STEP_SUMMARY),
    },
  };
}

function spawnNode(
  node: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  timeoutMs: number,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 137 : 1), stdout, stderr });
    });
  });
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk(root);
  return out;
}
