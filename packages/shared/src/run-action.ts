import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionContext, Logger, OutputValue, StateStore } from './action-context';
import { type ActionModule, modeOf } from './action-module';
import { describeError, toFlywheelError } from './errors';
import { readInputs } from './inputs/read';
import type { ActionDefinition, InputsOf } from './inputs/spec';
import { createPlatform } from './platform/detect';
import type { Platform } from './platform/types';
import {
  RESULT_SCHEMA_VERSION,
  type ResultEnvelope,
  type ResultMeta,
  resultFilePath,
  writeResultFile,
} from './result';
import { SummaryBuilder } from './summary/builder';

export interface RunPhaseOptions {
  platform?: Platform;
  /** Inputs given as CLI flags (GitLab and terminal adapters). */
  flags?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
}

export interface PhaseOutcome {
  exitCode: number;
  envelope: ResultEnvelope;
  resultFile: string;
}

const TEMP_DIR_STATE = 'flywheel-temp-dir';
/** Saved by main before anything else, so the same bundle knows it runs as the post step. */
const IS_POST_STATE = 'isPost';

/**
 * The whole of an action bundle's entry point. GitHub runs the same file as main and as post; the
 * post step is told apart by the state main saved first thing (the state file becomes `STATE_*`
 * variables for post only), as docker/actions-toolkit and actions/setup-node do.
 */
export async function runEntryPoint<D extends ActionDefinition>(
  action: ActionModule<D>,
): Promise<PhaseOutcome> {
  const platform = createPlatform({ action: action.definition.name, env: process.env });
  const phase = platform.getState(IS_POST_STATE) === 'true' ? 'post' : 'main';
  if (phase === 'main' && action.definition.post) platform.saveState(IS_POST_STATE, 'true');
  const outcome = await runActionPhase(action, phase, { platform });
  if (outcome.exitCode !== 0) process.exitCode = outcome.exitCode;
  return outcome;
}

/**
 * The one top-level runner: reads and validates inputs, runs the phase, writes the summary, the
 * result envelope and the `result-file` output, and turns any failure into one clear line — with a
 * stack trace only when the failure is a bug rather than an expected FlywheelError.
 */
export async function runActionPhase<D extends ActionDefinition>(
  action: ActionModule<D>,
  phase: 'main' | 'post',
  options: RunPhaseOptions = {},
): Promise<PhaseOutcome> {
  const name = action.definition.name;
  const platform =
    options.platform ??
    createPlatform({ action: name, env: options.env ?? process.env, flags: options.flags });
  const started = new Date();
  const summary = new SummaryBuilder();
  let envelope: ResultEnvelope;
  let exitCode = 0;
  try {
    if (phase === 'post' && !platform.getState(TEMP_DIR_STATE)) {
      // Main stopped before it began (bad input, say) and has already said why: nothing to undo.
      platform.info(`${name}: the main phase did not start, so the post phase has nothing to do`);
      envelope = { data: { skipped: 'main did not start' }, meta: meta(name, phase, platform, started) };
      await platform.finish(envelope);
      return { exitCode: 0, envelope, resultFile: '' };
    }
    const inputs = readInputs(
      action.definition,
      (n) => platform.getInput(n),
      (s) => platform.setSecret(s),
    ) as InputsOf<D>;
    const mode = modeOf(action.definition, inputs as Record<string, unknown>);
    const load = action.modes[mode];
    if (!load) throw new Error(`${name} declares no module for mode \`${mode}\``);
    const phaseFn = (await load())[phase];
    if (!phaseFn) {
      // This mode leaves nothing to undo: its post phase is a no-op, said once.
      platform.info(`${name}: mode ${mode} has no ${phase} phase; nothing to do`);
      envelope = {
        data: { skipped: `mode ${mode} has no ${phase} phase` },
        meta: meta(name, phase, platform, started),
      };
      await platform.finish(envelope);
      return { exitCode: 0, envelope, resultFile: '' };
    }
    const ctx = buildContext(action.definition, phase, platform, inputs, summary);
    const data = await phaseFn(ctx);
    envelope = { data: data ?? null, meta: meta(name, phase, platform, started) };
  } catch (error) {
    const failure = toFlywheelError(error);
    exitCode = 1;
    if (failure.code === 'INTERNAL') {
      const stack = error instanceof Error && error.stack ? error.stack : String(error);
      platform.info(`Unexpected failure (a bug):\n${stack}`);
    }
    platform.fail(describeError(failure));
    // A summary kept apart from the log (GitHub's step summary, GitLab's summary.md) says it again;
    // a terminal prints the summary under the log, where the line above already said it once.
    if (platform.kind !== 'terminal')
      summary.paragraph(
        `**${name} failed** — \`${failure.code}\`: ${failure.message}${failure.hint ? `\n\nHint: ${failure.hint}` : ''}`,
      );
    envelope = {
      error: {
        code: failure.code,
        message: failure.message,
        ...(failure.hint ? { hint: failure.hint } : {}),
        ...(failure.details ? { details: failure.details } : {}),
      },
      meta: meta(name, phase, platform, started),
    };
  }
  if (!summary.isEmpty()) platform.appendSummary(summary.toString());
  const reportDir = platform.reportDir ?? join(platform.context.runnerTemp, 'flywheel', name);
  const resultFile = writeResultFile(resultFilePath(reportDir, phase), envelope);
  if ('result-file' in action.definition.outputs) platform.setOutput('result-file', resultFile);
  await platform.finish(envelope);
  // Entry points (no injected platform) own the process and set its exit code; callers that inject
  // a platform (the CLI, tests) get the code back and decide.
  if (exitCode !== 0 && !options.platform) process.exitCode = exitCode;
  return { exitCode, envelope, resultFile };
}

function meta(action: string, phase: 'main' | 'post', platform: Platform, started: Date): ResultMeta {
  const finished = new Date();
  return {
    schema: RESULT_SCHEMA_VERSION,
    action,
    phase,
    platform: platform.kind,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    ...(platform.context.repository ? { repository: platform.context.repository } : {}),
    ...(platform.context.sha ? { sha: platform.context.sha } : {}),
    ...(platform.context.ref ? { ref: platform.context.ref } : {}),
    ...(platform.context.runId ? { runId: platform.context.runId } : {}),
    ...(platform.context.jobId ? { jobId: platform.context.jobId } : {}),
  };
}

function buildContext<D extends ActionDefinition>(
  definition: D,
  phase: 'main' | 'post',
  platform: Platform,
  inputs: InputsOf<D>,
  summary: SummaryBuilder,
): ActionContext<D> {
  const state: StateStore = {
    save: (key, value) => platform.saveState(key, JSON.stringify(value)),
    load: <T>(key: string) => {
      const raw = platform.getState(key);
      if (!raw) return undefined;
      try {
        return JSON.parse(raw) as T;
      } catch {
        return undefined;
      }
    },
  };
  const log: Logger = {
    info: (m) => platform.info(m),
    debug: (m) => platform.debug(m),
    warning: (m, p) => platform.annotate('warning', m, p),
    error: (m, p) => platform.annotate('error', m, p),
    notice: (m, p) => platform.annotate('notice', m, p),
    group: async (title, fn) => {
      platform.startGroup(title);
      try {
        return await fn();
      } finally {
        platform.endGroup();
      }
    },
  };
  const tempDir = actionTempDir(definition.name, phase, platform, state);
  return {
    phase,
    definition,
    inputs,
    platform,
    context: platform.context,
    log,
    summary,
    state,
    tempDir,
    setOutput: (name, value: OutputValue) => platform.setOutput(name, String(value)),
    exportVariable: (n, v) => platform.exportVariable(n, v),
    addPath: (d) => platform.addPath(d),
    setSecret: (v) => platform.setSecret(v),
    annotate: (level, m, p) => platform.annotate(level, m, p),
  };
}

/** Main makes the folder and remembers it; post reuses it so files written in main are found. */
function actionTempDir(
  action: string,
  phase: 'main' | 'post',
  platform: Platform,
  state: StateStore,
): string {
  if (phase === 'post') {
    const saved = state.load<string>(TEMP_DIR_STATE);
    if (saved) return saved;
  }
  const root = join(platform.context.runnerTemp, 'flywheel');
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(root, `${action}-`));
  if (phase === 'main') state.save(TEMP_DIR_STATE, dir);
  return dir;
}
