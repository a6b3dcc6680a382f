import { fileURLToPath } from 'node:url';
import { type Annotation, type HarnessResult, runAction } from '@gloriousflywheel/testkit/harness';

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
 * A job in three steps: the action's main, the job's own build steps, then the action's post with
 * the state and environment main left, as the runner runs them (through the harness).
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
  const run = await runAction({ actionDir, ...options, betweenPhases: between });
  if (!run.post) throw new Error(`post did not run: ${run.postSkipped}`);
  const post: PostRun = {
    ...run.post,
    outputs: run.postOutputs ?? {},
    summary: run.postSummary ?? '',
    annotations: run.annotations.filter((a) => a.phase === 'post'),
  };
  return { main: run, post };
}
