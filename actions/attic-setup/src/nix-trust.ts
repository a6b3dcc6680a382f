import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

/** The facts that decide whether Nix will honour this job's substituter; injectable for tests. */
export interface NixTrustFacts {
  nixRemote: string | undefined;
  uid: number;
  user: string;
  stateDirWritable: boolean;
  daemonSocketExists: boolean;
  /** The system nix.conf text, '' when absent. */
  systemConf: string;
}

export interface NixTrust {
  viaDaemon: boolean;
  /** undefined when it depends on a group membership we did not resolve. */
  trusted: boolean | undefined;
  user: string;
}

export function readNixTrustFacts(env: NodeJS.ProcessEnv): NixTrustFacts {
  const stateDir = env['NIX_STATE_DIR'] ?? '/nix/var/nix';
  let stateDirWritable = false;
  try {
    accessSync(stateDir, constants.W_OK);
    stateDirWritable = true;
  } catch {
    stateDirWritable = false;
  }
  const confPath = join(env['NIX_CONF_DIR'] ?? '/etc/nix', 'nix.conf');
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  return {
    nixRemote: env['NIX_REMOTE'],
    uid: process.getuid?.() ?? -1,
    user,
    stateDirWritable,
    daemonSocketExists: existsSync(join(stateDir, 'daemon-socket', 'socket')),
    systemConf: existsSync(confPath) ? readFileSync(confPath, 'utf8') : '',
  };
}

/**
 * Nix's "auto" store is the local one when the state dir is writable and the daemon otherwise. The
 * daemon ignores substituters, keys and post-build-hook from untrusted users (anything not in
 * `trusted-users`, default `root`). Root is not special: a daemon whose trusted-users leaves root
 * out treats root as untrusted too (nix-daemon matches the connecting user against the list only).
 */
export function assessNixTrust(facts: NixTrustFacts): NixTrust {
  const remote = facts.nixRemote ?? '';
  const viaDaemon =
    remote === 'daemon' ||
    remote.startsWith('unix://') ||
    (remote === '' && !facts.stateDirWritable && facts.daemonSocketExists);
  if (!viaDaemon) return { viaDaemon, trusted: true, user: facts.user };
  const trustedUsers = ['root'];
  for (const line of facts.systemConf.split('\n')) {
    const m = /^\s*(extra-)?trusted-users\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const names = m[2]!.trim().split(/\s+/).filter(Boolean);
    if (m[1]) trustedUsers.push(...names);
    else trustedUsers.splice(0, trustedUsers.length, ...names);
  }
  if (trustedUsers.includes(facts.user) || trustedUsers.includes('*'))
    return { viaDaemon, trusted: true, user: facts.user };
  if (trustedUsers.some((n) => n.startsWith('@'))) return { viaDaemon, trusted: undefined, user: facts.user };
  return { viaDaemon, trusted: false, user: facts.user };
}

export function untrustedWarning(trust: NixTrust, substituter: string, publicKey: string): string {
  return (
    `Nix runs through the daemon and user "${trust.user}" is not in trusted-users: the daemon will ignore this ` +
    `job's substituter ${substituter}, so nothing is pulled from the cache. Fix it in the runner image: add ` +
    `"trusted-users = root ${trust.user}" to /etc/nix/nix.conf, or list the cache there with ` +
    `"extra-trusted-substituters = ${substituter}" and "extra-trusted-public-keys = ${publicKey}", then restart nix-daemon.`
  );
}

/**
 * How the uploader learns of new paths. Nix runs `post-build-hook` for the builds it performs: in
 * the client process itself with single-user Nix, and in nix-daemon (as root) when the user is
 * trusted; an untrusted user's hook is dropped ("only settable in the global nix.conf, or on the
 * command line by trusted users", nix.conf(5); nix-daemon's ClientSettings::apply). Otherwise the
 * uploader watches the store for finished paths, as `attic watch-store` does.
 */
export function chooseFeed(trust: NixTrust): { feed: 'hook' | 'watch'; reason: string } {
  if (!trust.viaDaemon) return { feed: 'hook', reason: 'single-user Nix runs the post-build hook itself' };
  if (trust.trusted === true)
    return {
      feed: 'hook',
      reason: `nix-daemon runs the post-build hook (as root): user "${trust.user}" is trusted`,
    };
  return {
    feed: 'watch',
    reason:
      trust.trusted === false
        ? `nix-daemon ignores the post-build hook of user "${trust.user}", who is not in trusted-users`
        : `nix-daemon may ignore the post-build hook: whether user "${trust.user}" is trusted depends on a group`,
  };
}
