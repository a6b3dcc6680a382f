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
 * daemon ignores substituters and keys from untrusted users (anything but `trusted-users`).
 */
export function assessNixTrust(facts: NixTrustFacts): NixTrust {
  const remote = facts.nixRemote ?? '';
  const viaDaemon =
    remote === 'daemon' ||
    remote.startsWith('unix://') ||
    (remote === '' && !facts.stateDirWritable && facts.daemonSocketExists);
  if (!viaDaemon || facts.uid === 0) return { viaDaemon, trusted: true, user: facts.user };
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
