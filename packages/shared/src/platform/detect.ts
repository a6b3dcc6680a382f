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
}

export function createPlatform(options: CreatePlatformOptions): Platform {
  const env = options.env ?? process.env;
  const kind = options.kind ?? detectPlatformKind(env);
  if (kind === 'github') return new GitHubPlatform(env);
  if (kind === 'gitlab') return new GitLabPlatform({ action: options.action, env, flags: options.flags });
  return new TerminalPlatform({ action: options.action, env, flags: options.flags });
}
