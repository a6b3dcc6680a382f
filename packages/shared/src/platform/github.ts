import { appendFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import { redact, registerSecret } from './secrets';
import type { AnnotationLevel, AnnotationProperties, Platform, RunContext } from './types';

/** GitHub Actions: the runner's files and workflow commands, through @actions/core. */
export class GitHubPlatform implements Platform {
  readonly kind = 'github' as const;
  readonly context: RunContext;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.context = githubContext(env);
  }

  getInput(name: string): string {
    return core.getInput(name);
  }

  setOutput(name: string, value: string): void {
    core.setOutput(name, redact(value));
  }

  exportVariable(name: string, value: string): void {
    core.exportVariable(name, value);
  }

  addPath(dir: string): void {
    core.addPath(dir);
  }

  setSecret(value: string): void {
    registerSecret(value);
    core.setSecret(value);
    // The runner matches a mask line by line, so a multi-line secret (a kubeconfig, a key) is
    // registered line by line as well.
    const lines = value
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length >= 4);
    if (lines.length > 1) for (const line of lines) core.setSecret(line);
  }

  appendSummary(markdown: string): void {
    const file = process.env['GITHUB_STEP_SUMMARY'];
    if (!file) return;
    // Appended synchronously (as core.summary does, minus the promise) so a crash keeps what was said.
    appendFileSync(file, `${redact(markdown)}\n`);
  }

  annotate(level: AnnotationLevel, message: string, p: AnnotationProperties = {}): void {
    const props: core.AnnotationProperties = {
      title: p.title,
      file: p.file,
      startLine: p.line,
      endLine: p.endLine,
      startColumn: p.column,
    };
    const text = redact(message);
    if (level === 'error') core.error(text, props);
    else if (level === 'warning') core.warning(text, props);
    else core.notice(text, props);
  }

  info(message: string): void {
    core.info(redact(message));
  }

  debug(message: string): void {
    core.debug(redact(message));
  }

  startGroup(title: string): void {
    core.startGroup(redact(title));
  }

  endGroup(): void {
    core.endGroup();
  }

  saveState(name: string, value: string): void {
    core.saveState(name, value);
  }

  getState(name: string): string {
    return core.getState(name);
  }

  fail(message: string): void {
    core.setFailed(redact(message));
  }

  async finish(): Promise<void> {
    // Everything was written as it happened.
  }
}

export function githubContext(env: NodeJS.ProcessEnv): RunContext {
  const event = readEvent(env['GITHUB_EVENT_PATH']);
  const head = event?.pull_request?.head?.repo;
  const base = event?.pull_request?.base?.repo;
  const isFork = Boolean(head && base && (head.fork === true || head.full_name !== base.full_name));
  return {
    platform: 'github',
    repository: env['GITHUB_REPOSITORY'],
    ref: env['GITHUB_REF'],
    sha: env['GITHUB_SHA'],
    runId: env['GITHUB_RUN_ID'],
    runAttempt: env['GITHUB_RUN_ATTEMPT'] ? Number(env['GITHUB_RUN_ATTEMPT']) : undefined,
    jobId: env['GITHUB_JOB'],
    event: env['GITHUB_EVENT_NAME'],
    isFork,
    serverUrl: env['GITHUB_SERVER_URL'] ?? 'https://github.com',
    apiUrl: env['GITHUB_API_URL'] ?? 'https://api.github.com',
    workspace: env['GITHUB_WORKSPACE'] ?? process.cwd(),
    runnerName: env['RUNNER_NAME'],
    runnerOs: env['RUNNER_OS'],
    runnerArch: env['RUNNER_ARCH'],
    runnerTemp: env['RUNNER_TEMP'] ?? tmpdir(),
  };
}

interface PullRequestEvent {
  pull_request?: {
    head?: { repo?: { full_name?: string; fork?: boolean } };
    base?: { repo?: { full_name?: string } };
  };
}

function readEvent(path: string | undefined): PullRequestEvent | undefined {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PullRequestEvent;
  } catch {
    return undefined;
  }
}
