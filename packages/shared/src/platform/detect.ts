import { GitHubPlatform } from './github';
import { GitLabPlatform } from './gitlab';
import { TerminalPlatform } from './terminal';
import type { Platform, PlatformKind } from './types';

export function detectPlatformKind(env: NodeJS.ProcessEnv = process.env): PlatformKind {
  if (env['GITHUB_ACTIONS'] === 'true') return 'github';
  if (env['GITLAB_CI'] === 'true') return 'gitlab';
  return 'terminal';
}

export interface CreatePlatformOptions {
  action: string;
  env?: NodeJS.ProcessEnv;
  /** Inputs given as CLI flags (GitLab and terminal). */
  flags?: Record<string, string>;
  kind?: PlatformKind;
  /** Where GitLab's job log and the terminal's JSON go (default process.stdout). */
  stdout?: (text: string) => void;
  /** Where the terminal's human-readable log goes (default process.stderr). */
  stderr?: (text: string) => void;
  /** The terminal prints its JSON document on stdout (default true; see TerminalOptions). */
  json?: boolean;
}

export function createPlatform(options: CreatePlatformOptions): Platform {
  const env = options.env ?? process.env;
  const kind = options.kind ?? detectPlatformKind(env);
  if (kind === 'github') return new GitHubPlatform(env);
  const { action, flags, stdout, stderr, json } = options;
  if (kind === 'gitlab')
    return new GitLabPlatform({ action, env, flags, ...(stdout ? { write: stdout } : {}) });
  return new TerminalPlatform({
    action,
    env,
    flags,
    ...(stdout ? { stdout } : {}),
    ...(stderr ? { stderr } : {}),
    ...(json !== undefined ? { json } : {}),
  });
}
