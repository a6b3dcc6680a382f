import { join } from 'node:path';
import { type PhaseOutcome, runActionPhase, TerminalPlatform } from '@gloriousflywheel/shared';
import { action } from '../src/index';

/** Runs one phase of the benchmark action in-process as a terminal would: flags in, JSON out. */
export async function runMode(
  flags: Record<string, string>,
  env: Record<string, string>,
  dir: string,
): Promise<PhaseOutcome & { outputs: Record<string, string>; log: string }> {
  let out = '';
  let log = '';
  const platform = new TerminalPlatform({
    action: 'benchmark',
    env: {
      RUNNER_TEMP: dir,
      FLYWHEEL_STATE_FILE: join(dir, 'state.json'),
      FLYWHEEL_SUMMARY_FILE: join(dir, 'summary.md'),
      ...env,
    },
    flags,
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      log += t;
    },
  });
  const outcome = await runActionPhase(action, 'main', { platform });
  return { ...outcome, outputs: (JSON.parse(out) as { outputs: Record<string, string> }).outputs, log };
}
