import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envName, inputEnvName } from './env-name';
import { readJsonFile, shellQuote, writePrivateFile, xmlEscape } from './files';
import { redact, registerSecret } from './secrets';
import type { AnnotationLevel, AnnotationProperties, Platform, RunContext } from './types';

export interface GitLabOptions {
  action: string;
  env?: NodeJS.ProcessEnv;
  /** Inputs given as CLI flags; they win over FLYWHEEL_INPUT_* variables. */
  flags?: Record<string, string>;
  write?: (text: string) => void;
}

interface Annotation {
  level: AnnotationLevel;
  message: string;
  properties: AnnotationProperties;
}

/**
 * GitLab CI: inputs from the variables the component sets (or flags), outputs to a dotenv report,
 * the summary to a Markdown artifact, annotations to a JUnit report, groups to collapsible sections,
 * and state to a file that `after_script` (GitLab's post) reads back.
 *
 * Files go to `FLYWHEEL_REPORT_DIR` (default `$CI_PROJECT_DIR/.flywheel/<action>`):
 * `outputs.env`, `summary.md`, `annotations.junit.xml`, `env.sh` (exported variables and PATH, to be
 * sourced by the job's later script lines) and `state.json`.
 */
export class GitLabPlatform implements Platform {
  readonly kind = 'gitlab' as const;
  readonly context: RunContext;
  readonly reportDir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly flags: Record<string, string>;
  private readonly write: (text: string) => void;
  private readonly outputs = new Map<string, string>();
  private readonly annotations: Annotation[] = [];
  private readonly exported = new Map<string, string>();
  private readonly paths: string[] = [];
  private readonly groups: string[] = [];
  private readonly statePath: string;
  private readonly action: string;

  constructor(options: GitLabOptions) {
    this.env = options.env ?? process.env;
    this.flags = options.flags ?? {};
    this.write = options.write ?? ((text) => process.stdout.write(text));
    this.action = options.action;
    this.context = gitlabContext(this.env);
    if (this.context.token) registerSecret(this.context.token);
    this.reportDir =
      this.env['FLYWHEEL_REPORT_DIR'] ?? join(this.context.workspace, '.flywheel', options.action);
    mkdirSync(this.reportDir, { recursive: true });
    this.statePath = join(this.reportDir, 'state.json');
    // after_script runs in a new process: keep what main already reported, post may add to it.
    for (const [name, value] of readDotenv(join(this.reportDir, 'outputs.env'), this.prefix))
      this.outputs.set(name, value);
  }

  private get prefix(): string {
    return this.env['FLYWHEEL_OUTPUT_PREFIX'] ?? 'FLYWHEEL_';
  }

  getInput(name: string): string {
    return this.flags[name] ?? this.env[inputEnvName(name)] ?? '';
  }

  setOutput(name: string, value: string): void {
    this.outputs.set(name, redact(value));
    this.writeDotenv();
  }

  exportVariable(name: string, value: string): void {
    this.exported.set(name, value);
    this.writeEnvScript();
  }

  addPath(dir: string): void {
    this.paths.push(dir);
    this.writeEnvScript();
  }

  setSecret(value: string): void {
    registerSecret(value);
  }

  appendSummary(markdown: string): void {
    appendFileSync(join(this.reportDir, 'summary.md'), `${redact(markdown)}\n`);
  }

  annotate(level: AnnotationLevel, message: string, properties: AnnotationProperties = {}): void {
    const text = redact(message);
    this.annotations.push({ level, message: text, properties });
    const where = properties.file
      ? `${properties.file}${properties.line ? `:${properties.line}` : ''}: `
      : '';
    const colour = level === 'error' ? '31' : level === 'warning' ? '33' : '36';
    this.write(`\u001b[${colour}m${level.toUpperCase()}\u001b[0m ${where}${text}\n`);
    this.writeJunit();
  }

  info(message: string): void {
    this.write(`${redact(message)}\n`);
  }

  debug(message: string): void {
    if (this.env['CI_DEBUG_TRACE'] === 'true' || this.env['FLYWHEEL_DEBUG'] === 'true') {
      this.write(`[debug] ${redact(message)}\n`);
    }
  }

  startGroup(title: string): void {
    const id = `flywheel_${this.groups.length}_${Date.now()}`;
    this.groups.push(id);
    const now = Math.floor(Date.now() / 1000);
    this.write(`\u001b[0Ksection_start:${now}:${id}[collapsed=true]\r\u001b[0K${redact(title)}\n`);
  }

  endGroup(): void {
    const id = this.groups.pop();
    if (!id) return;
    this.write(`\u001b[0Ksection_end:${Math.floor(Date.now() / 1000)}:${id}\r\u001b[0K\n`);
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
    this.write(`\u001b[31mERROR\u001b[0m ${redact(message)}\n`);
  }

  async finish(): Promise<void> {
    this.writeDotenv();
    this.writeJunit();
  }

  private writeDotenv(): void {
    const lines = [...this.outputs].map(
      ([name, value]) => `${this.prefix}${envName(name)}=${dotenvValue(value)}`,
    );
    writeFileSync(join(this.reportDir, 'outputs.env'), lines.length ? `${lines.join('\n')}\n` : '');
  }

  private writeEnvScript(): void {
    const lines = [...this.exported].map(([name, value]) => `export ${envName(name)}=${shellQuote(value)}`);
    if (this.paths.length) lines.push(`export PATH=${shellQuote(this.paths.join(':'))}:"$PATH"`);
    writePrivateFile(join(this.reportDir, 'env.sh'), `${lines.join('\n')}\n`);
  }

  private writeJunit(): void {
    const failures = this.annotations.filter((a) => a.level === 'error').length;
    const cases = this.annotations.map((a, i) => {
      const name = xmlEscape(a.properties.title ?? `${a.level} ${i + 1}`);
      const where = a.properties.file ? ` file="${xmlEscape(a.properties.file)}"` : '';
      const line = a.properties.line ? ` line="${a.properties.line}"` : '';
      const body =
        a.level === 'error'
          ? `<failure message="${xmlEscape(a.message)}" type="error">${xmlEscape(a.message)}</failure>`
          : a.level === 'warning'
            ? `<skipped message="${xmlEscape(a.message)}"/>`
            : `<system-out>${xmlEscape(a.message)}</system-out>`;
      return `    <testcase classname="flywheel.${xmlEscape(this.action)}" name="${name}"${where}${line}>${body}</testcase>`;
    });
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="flywheel ${xmlEscape(this.action)}" tests="${cases.length}" failures="${failures}">`,
      `  <testsuite name="${xmlEscape(this.action)} annotations" tests="${cases.length}" failures="${failures}">`,
      ...cases,
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n');
    writeFileSync(join(this.reportDir, 'annotations.junit.xml'), xml);
  }
}

/** Reads back a dotenv report this adapter wrote, as [output name in env form, value]. */
function readDotenv(path: string, prefix: string): [string, string][] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(prefix) && line.includes('='))
    .map((line) => {
      const eq = line.indexOf('=');
      return [
        line.slice(prefix.length, eq).toLowerCase().replace(/_/g, '-'),
        line.slice(eq + 1).replace(/\\n/g, '\n'),
      ];
    });
}

/** GitLab dotenv values are single-line; newlines are escaped so a value never spills into a new key. */
function dotenvValue(value: string): string {
  return value.replace(/\r?\n/g, '\\n');
}

export function gitlabContext(env: NodeJS.ProcessEnv): RunContext {
  const sourceProject = env['CI_MERGE_REQUEST_SOURCE_PROJECT_ID'];
  const targetProject = env['CI_MERGE_REQUEST_PROJECT_ID'];
  const serverUrl = env['CI_SERVER_URL'] ?? `https://${env['CI_SERVER_FQDN'] ?? 'gitlab.com'}`;
  return {
    platform: 'gitlab',
    repository: env['CI_PROJECT_PATH'],
    ref: env['CI_COMMIT_REF_NAME'],
    sha: env['CI_COMMIT_SHA'],
    runId: env['CI_PIPELINE_ID'],
    jobId: env['CI_JOB_ID'],
    event: env['CI_PIPELINE_SOURCE'],
    isFork: Boolean(sourceProject && targetProject && sourceProject !== targetProject),
    serverUrl,
    apiUrl: env['CI_API_V4_URL'] ?? `${serverUrl}/api/v4`,
    token: env['CI_JOB_TOKEN'] || undefined,
    workspace: env['CI_PROJECT_DIR'] ?? process.cwd(),
    runnerName: env['CI_RUNNER_DESCRIPTION'],
    runnerOs: process.platform,
    runnerArch: process.arch,
    runnerTemp: env['RUNNER_TEMP_PROJECT_DIR'] ?? env['TMPDIR'] ?? tmpdir(),
  };
}
