import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Annotation, type HarnessResult, runAction } from '@gloriousflywheel/testkit/harness';
import { JOB_DIR_ENV, uploaderFiles } from '../../src/uploader/layout';
import { pidAlive, readStatus, type UploaderStatus } from '../../src/uploader/status';

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
  durationMs: number;
}

/** What the job's own steps (between setup's main and post) can see and do. */
export interface JobSteps {
  main: HarnessResult;
  /** The environment a later step gets: the job's, plus what main exported. */
  env: Record<string, string>;
  /** The uploader's folder, when the job pushes. */
  files: ReturnType<typeof uploaderFiles> | undefined;
  status(): UploaderStatus | undefined;
  uploaderPid(): number | undefined;
  /** Another step of the same job using the action in `report` mode. */
  report(inputs?: Record<string, string | number | boolean>): Promise<HarnessResult>;
}

/** Polls until `check` holds (no fixed sleeps): generous, since the machine may be busy. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 120_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A job in steps: the action's main, the job's own steps, then the action's post with the state and
 * environment main left, as the runner runs them (through the harness). The run's folder is removed
 * afterwards, which also ends an uploader a failed test left behind (it stops when its folder goes).
 */
export async function runJob(
  options: {
    inputs: Record<string, string | number | boolean>;
    env: Record<string, string>;
    event?: unknown;
    eventName?: string;
    /** Run post (default) or stop after the job's steps, as when the pod is evicted. */
    post?: boolean;
    /** Keep the run's folder for inspection; the caller removes it with cleanupRun(main). */
    keepFiles?: boolean;
  },
  between: (steps: JobSteps) => Promise<void>,
): Promise<{ main: HarnessResult; post: PostRun; steps: JobSteps }> {
  let steps: JobSteps | undefined;
  const run = await runAction({
    actionDir,
    inputs: options.inputs,
    env: options.env,
    ...(options.event ? { event: options.event } : {}),
    ...(options.eventName ? { eventName: options.eventName } : {}),
    phases: options.post === false ? 'main' : 'both',
    betweenPhases: async (main) => {
      steps = jobSteps(main, options.env);
      await between(steps);
    },
  });
  try {
    if (options.post === false) {
      steps ??= jobSteps(run, options.env);
      await between(steps);
      return { main: run, post: emptyPost(), steps };
    }
    if (!run.post) throw new Error(`post did not run: ${run.postSkipped}`);
    const post: PostRun = {
      ...run.post,
      outputs: run.postOutputs ?? {},
      summary: run.postSummary ?? '',
      annotations: run.annotations.filter((a) => a.phase === 'post'),
    };
    return { main: run, post, steps: steps! };
  } finally {
    if (!options.keepFiles) cleanupRun(run);
  }
}

function emptyPost(): PostRun {
  return {
    exitCode: 0,
    stdout: '',
    stderr: '',
    log: '',
    outputs: {},
    summary: '',
    annotations: [],
    durationMs: 0,
  };
}

/** Removes a run's folder; an uploader still running notices and stops. */
export function cleanupRun(run: HarnessResult): void {
  rmSync(run.workDir, { recursive: true, force: true });
}

function jobSteps(main: HarnessResult, jobEnv: Record<string, string>): JobSteps {
  const env = { ...jobEnv, ...main.env };
  const dir = main.env[JOB_DIR_ENV];
  const files = dir ? uploaderFiles(dir) : undefined;
  return {
    main,
    env,
    files,
    status: () => (files ? readStatus(files.status) : undefined),
    uploaderPid: () => {
      if (!files) return undefined;
      try {
        const pid = Number(readFileSync(files.pid, 'utf8'));
        return pidAlive(pid) ? pid : undefined;
      } catch {
        return undefined;
      }
    },
    report: (inputs = {}) =>
      runAction({
        actionDir,
        workDir: main.workDir,
        phases: 'main',
        inputs: { mode: 'report', ...inputs },
        env,
      }),
  };
}

export const runnerTempOf = (run: HarnessResult) => join(run.workDir, 'runner-temp');
