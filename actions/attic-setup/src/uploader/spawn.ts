import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { UPLOADER_ENV, type UploaderFiles } from './layout';

/**
 * Variables the uploader must not inherit: the step's inputs (the token among them), the files
 * through which a step talks to the runner (it is no step), and the platform's token. It reads the
 * token from its 0600 credentials file instead, so the token is in no process environment of ours.
 */
const DROPPED =
  /^(INPUT_|STATE_|FLYWHEEL_INPUT_)|^(GITHUB_(OUTPUT|ENV|PATH|STATE|STEP_SUMMARY)|ATTIC_TOKEN)$/;

export function uploaderEnv(
  env: NodeJS.ProcessEnv,
  dir: string,
  secrets: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || DROPPED.test(name)) continue;
    if (secrets.some((s) => s.length >= 8 && value.includes(s))) continue;
    out[name] = value;
  }
  // RUNNER_TRACKING_ID stays: GitHub's runner kills every process carrying the job's id when the job
  // completes (actions/runner, JobExtension.FinalizeJob, "Terminate orphan process").
  out[UPLOADER_ENV] = dir;
  return out;
}

/**
 * Starts the uploader as a detached copy of the script now running (the action's bundle on GitHub,
 * the flywheel CLI on GitLab), in its own session, with its output in a log file: no pipe ties it to
 * the step, so the step ends at once and the next one starts while it keeps pushing.
 */
export function startUploader(files: UploaderFiles, env: Record<string, string>): number | undefined {
  const script = process.argv[1];
  if (!script) return undefined;
  const log = openSync(files.log, 'a', 0o600);
  try {
    // A small heap makes V8 collect early: the uploader's own data is bounded (see worker.ts).
    const child = spawn(process.execPath, [...process.execArgv, '--max-old-space-size=96', script], {
      cwd: files.dir,
      env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.on('error', () => {
      // Reported by its absence: report and post then push by themselves.
    });
    child.unref();
    return child.pid;
  } finally {
    closeSync(log);
  }
}
