import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputEnvName } from './env-name';
import { readJsonFile, writePrivateFile } from './files';
import { redact, registerSecret } from './secrets';
import type { AnnotationLevel, AnnotationProperties, Platform, RunContext } from './types';

export interface TerminalOptions {
  action: string;
  env?: NodeJS.ProcessEnv;
  flags?: Record<string, string>;
  /** Machine-readable output (the JSON result). */
  stdout?: (text: string) => void;
  /** Everything meant for a person. */
  stderr?: (text: string) => void;
  /**
   * Print the JSON document on stdout (default). The CLI turns it off when stdout is a terminal and
   * `--json` was not given: a person reads the log, the summary and the outputs on stderr instead.
   */
  json?: boolean;
}

/** An output value longer than this is cut in the terminal's list; the result file has it whole. */
const OUTPUT_SHOWN_CHARS = 160;

/**
 * A terminal: flags and FLYWHEEL_INPUT_* variables in; logs, annotations and the summary (as plain
 * text: aligned tables, no Markdown, no Mermaid) on stderr for the person; one JSON document on
 * stdout (the result envelope plus outputs) for scripts, unless `json` is off, when the outputs are
 * listed on stderr instead.
 */
export class TerminalPlatform implements Platform {
  readonly kind = 'terminal' as const;
  readonly context: RunContext;
  private readonly env: NodeJS.ProcessEnv;
  private readonly flags: Record<string, string>;
  private readonly out: (text: string) => void;
  private readonly err: (text: string) => void;
  private readonly outputs: Record<string, string> = {};
  private readonly exported: Record<string, string> = {};
  private readonly paths: string[] = [];
  private summary = '';
  private depth = 0;
  private readonly statePath: string;
  private readonly json: boolean;

  constructor(options: TerminalOptions) {
    this.env = options.env ?? process.env;
    this.flags = options.flags ?? {};
    this.out = options.stdout ?? ((text) => process.stdout.write(text));
    this.err = options.stderr ?? ((text) => process.stderr.write(text));
    this.json = options.json ?? true;
    this.context = terminalContext(this.env);
    this.statePath =
      this.env['FLYWHEEL_STATE_FILE'] ?? join(tmpdir(), `flywheel-${options.action}-state.json`);
  }

  getInput(name: string): string {
    return this.flags[name] ?? this.env[inputEnvName(name)] ?? '';
  }

  setOutput(name: string, value: string): void {
    this.outputs[name] = redact(value);
  }

  /** An output the phase set (as printed), for a caller that runs the action in-process (the demo). */
  output(name: string): string | undefined {
    return this.outputs[name];
  }

  exportVariable(name: string, value: string): void {
    this.exported[name] = redact(value);
  }

  addPath(dir: string): void {
    this.paths.push(dir);
  }

  setSecret(value: string): void {
    registerSecret(value);
  }

  appendSummary(markdown: string): void {
    this.summary += `${redact(markdown)}\n`;
  }

  annotate(level: AnnotationLevel, message: string, p: AnnotationProperties = {}): void {
    const where = p.file ? `${p.file}${p.line ? `:${p.line}` : ''}: ` : '';
    this.log(`${level}: ${where}${p.title ? `${p.title}: ` : ''}${message}`);
  }

  info(message: string): void {
    this.log(message);
  }

  debug(message: string): void {
    if (this.env['FLYWHEEL_DEBUG'] === 'true') this.log(`[debug] ${message}`);
  }

  startGroup(title: string): void {
    this.log(`▸ ${title}`);
    this.depth++;
  }

  endGroup(): void {
    this.depth = Math.max(0, this.depth - 1);
  }

  saveState(name: string, value: string): void {
    const state = readJsonFile<Record<string, string>>(this.statePath) ?? {};
    state[name] = value;
    writePrivateFile(this.statePath, JSON.stringify(state));
  }

  getState(name: string): string {
    return readJsonFile<Record<string, string>>(this.statePath)?.[name] ?? '';
  }

  fail(message: string): void {
    this.log(`error: ${message}`);
  }

  async finish(result: unknown): Promise<void> {
    const summaryFile = this.env['FLYWHEEL_SUMMARY_FILE'];
    const quiet = this.env['FLYWHEEL_QUIET'] === 'true';
    if (summaryFile) appendFileSync(summaryFile, this.summary);
    else if (this.summary && !quiet) {
      // Loaded only here: a run that writes no summary to a terminal never parses Markdown.
      const { markdownToPlainText } = await import('../summary/plain-text');
      this.err(`\n${markdownToPlainText(this.summary)}`);
    }
    if (!this.json) {
      if (!quiet) this.err(outputList(this.outputs));
      return;
    }
    const document = {
      ...(result as object),
      outputs: this.outputs,
      ...(Object.keys(this.exported).length ? { env: this.exported } : {}),
      ...(this.paths.length ? { path: this.paths } : {}),
    };
    this.out(`${redact(JSON.stringify(document, null, 2))}\n`);
  }

  private log(message: string): void {
    // Every line of a multi-line message keeps the group's indentation.
    const indent = '  '.repeat(this.depth);
    this.err(`${indent}${redact(message).replace(/\n/g, `\n${indent}`)}\n`);
  }
}

/** The outputs for a person: name and value, aligned, long values cut. */
function outputList(outputs: Record<string, string>): string {
  const names = Object.keys(outputs);
  if (names.length === 0) return '';
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((name) => {
    const value = outputs[name]!.replace(/\s*\n\s*/g, ' ');
    const shown = value.length > OUTPUT_SHOWN_CHARS ? `${value.slice(0, OUTPUT_SHOWN_CHARS)}…` : value;
    return `  ${name.padEnd(width)}  ${shown}`;
  });
  return `\nOutputs:\n${lines.join('\n')}\n`;
}

export function terminalContext(env: NodeJS.ProcessEnv): RunContext {
  return {
    platform: 'terminal',
    repository: env['FLYWHEEL_REPOSITORY'],
    ref: env['FLYWHEEL_REF'],
    sha: env['FLYWHEEL_SHA'],
    isFork: env['FLYWHEEL_FORK'] === 'true',
    serverUrl: env['FLYWHEEL_SERVER_URL'] ?? 'https://github.com',
    apiUrl: env['FLYWHEEL_API_URL'] ?? 'https://api.github.com',
    workspace: process.cwd(),
    runnerName: env['RUNNER_NAME'],
    runnerOs: process.platform,
    runnerArch: process.arch,
    runnerTemp: env['RUNNER_TEMP'] ?? tmpdir(),
  };
}
