import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ActionModule,
  defineActionModule,
  type ErrorEnvelope,
  isErrorEnvelope,
  runActionPhase,
  TerminalPlatform,
} from '@gloriousflywheel/shared';
import { type Definition, definition } from '../src/inputs';
import type { Ctx, Runtime } from '../src/runtime';
import type { RawInputs } from './helpers';

interface ModeBody {
  mainWith(ctx: Ctx, rt: Runtime): Promise<unknown>;
  postWith?(ctx: Ctx, rt: Runtime): Promise<unknown>;
}

function on(body: ModeBody, rt: Runtime) {
  const { postWith } = body;
  return {
    main: (ctx: Ctx) => body.mainWith(ctx, rt),
    ...(postWith ? { post: (ctx: Ctx) => postWith(ctx, rt) } : {}),
  };
}

/** The action with every mode body on `rt` (the simulator's gateway and clock), through the seam. */
export function actionOn(rt: Runtime): ActionModule<Definition> {
  return defineActionModule(definition, {
    apply: async () => on(await import('../src/modes/apply'), rt),
    restore: async () => on(await import('../src/modes/restore'), rt),
    drift: async () => on(await import('../src/modes/drift'), rt),
    audit: async () => on(await import('../src/modes/audit'), rt),
    'warm-pool': async () => on(await import('../src/modes/warm-pool'), rt),
    pause: async () => on(await import('../src/modes/pause'), rt),
    resume: async () => on(await import('../src/modes/resume'), rt),
    'warm-pool-plan': async () => on(await import('../src/modes/warm-pool-plan'), rt),
    doctor: async () => on(await import('../src/modes/doctor'), rt),
    upgrade: async () => on(await import('../src/modes/upgrade'), rt),
  });
}

export interface ModeRun {
  exitCode: number;
  /** The result envelope's data, or its error. */
  data?: unknown;
  error?: ErrorEnvelope['error'];
  outputs: Record<string, string>;
  summary: string;
  log: string;
}

/**
 * One phase of the action through the shared runner, on a terminal platform whose state file, temp
 * dir and summary live in `dir`: the same `dir` carries main's state to post.
 */
export async function runMode(
  action: ActionModule<Definition>,
  phase: 'main' | 'post',
  inputs: RawInputs,
  dir: string,
): Promise<ModeRun> {
  let stdout = '';
  let log = '';
  const summaryFile = join(dir, `summary-${phase}.md`);
  const flags: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs)) if (value !== undefined) flags[name] = value;
  const platform = new TerminalPlatform({
    action: definition.name,
    env: {
      FLYWHEEL_STATE_FILE: join(dir, 'state.json'),
      FLYWHEEL_SUMMARY_FILE: summaryFile,
      RUNNER_TEMP: dir,
    },
    flags,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      log += text;
    },
  });
  const outcome = await runActionPhase(action, phase, { platform });
  // The terminal prints one JSON document: the envelope and the outputs.
  const { outputs } = JSON.parse(stdout) as { outputs: Record<string, string> };
  const summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '';
  const envelope = outcome.envelope;
  return {
    exitCode: outcome.exitCode,
    ...(isErrorEnvelope(envelope) ? { error: envelope.error } : { data: envelope.data }),
    outputs,
    summary,
    log,
  };
}
