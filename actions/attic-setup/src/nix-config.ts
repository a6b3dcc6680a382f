import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface NixWiring {
  /** The cache to substitute from; absent when the job only pushes (`substitute: false`). */
  substituter?: string;
  publicKey?: string;
  /** Written to a 0600 netrc only when the cache is private. */
  token?: string;
  connectTimeoutSeconds?: number;
  /** A program Nix runs after each build (the uploader's queue hook); it holds no secret. */
  postBuildHook?: string;
}

export interface WrittenNixConfig {
  confFile: string;
  netrcFile?: string;
  /** The value for NIX_USER_CONF_FILES: ours first, then every file that was in effect. */
  userConfFiles: string;
}

/**
 * The user config files Nix reads when NIX_USER_CONF_FILES is unset: $XDG_CONFIG_HOME/nix/nix.conf
 * and nix/nix.conf in each of $XDG_CONFIG_DIRS. Setting the variable replaces that list, so the
 * files already in effect are carried over.
 */
export function userConfFilesInEffect(env: NodeJS.ProcessEnv): string[] {
  const given = env['NIX_USER_CONF_FILES'];
  if (given) return given.split(':').filter(Boolean);
  const configHome = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  const configDirs = (env['XDG_CONFIG_DIRS'] || '/etc/xdg').split(':').filter(Boolean);
  return [join(configHome, 'nix', 'nix.conf'), ...configDirs.map((d) => join(d, 'nix', 'nix.conf'))];
}

/**
 * Writes the job-scoped config. `extra-` keys add to what the machine already has instead of
 * replacing it; `fallback` lets Nix build when the cache fails mid-job.
 */
export function writeNixConfig(dir: string, wiring: NixWiring, env: NodeJS.ProcessEnv): WrittenNixConfig {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const confFile = join(dir, 'nix.conf');
  const lines = ['# Written by attic-setup for this job only.'];
  if (wiring.substituter && wiring.publicKey) {
    lines.push(
      `extra-substituters = ${wiring.substituter}`,
      `extra-trusted-public-keys = ${wiring.publicKey}`,
      'fallback = true',
      `connect-timeout = ${wiring.connectTimeoutSeconds ?? 5}`,
    );
  }
  if (wiring.postBuildHook) lines.push(`post-build-hook = ${wiring.postBuildHook}`);
  let netrcFile: string | undefined;
  if (wiring.token && wiring.substituter) {
    netrcFile = join(dir, 'netrc');
    const host = new URL(wiring.substituter).hostname;
    // Nix sends the password as Basic auth; Attic reads the token from it and ignores the login.
    writeFileSync(netrcFile, `machine ${host}\nlogin attic\npassword ${wiring.token}\n`, { mode: 0o600 });
    lines.push(`netrc-file = ${netrcFile}`);
  }
  writeFileSync(confFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  const userConfFiles = [confFile, ...userConfFilesInEffect(env).filter((f) => f !== confFile)].join(':');
  return { confFile, userConfFiles, ...(netrcFile ? { netrcFile } : {}) };
}
