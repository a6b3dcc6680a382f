import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * How this user's builds would reach a Nix store. Nix (2.x, `LocalStore`/`auto` store selection)
 * talks to the daemon when its socket answers, otherwise opens the store directly and creates
 * `/nix/store` (and `/nix/var/nix`) on first use when it may write the nearest existing parent.
 */
export type NixStoreAccess =
  | { kind: 'daemon'; socket: string }
  | { kind: 'writable'; store: string }
  | { kind: 'creatable'; store: string; parent: string }
  | { kind: 'denied'; reason: string; hint: string; evidence: string[] };

const SOCKET_CONNECT_TIMEOUT_MS = 2_000;

/** The daemon socket Nix uses for a store at `<root>/store`: `<root>/var/nix/daemon-socket/socket`. */
export function daemonSocketPath(nixStore: string): string {
  return join(dirname(nixStore), 'var', 'nix', 'daemon-socket', 'socket');
}

export async function nixStoreAccess(nixStore: string): Promise<NixStoreAccess> {
  const socket = daemonSocketPath(nixStore);
  const socketState = await probeSocket(socket);
  if (socketState === 'answers') return { kind: 'daemon', socket };
  const daemonNote =
    socketState === 'silent'
      ? `${socket} exists but nothing answers on it (the daemon is not running)`
      : `no daemon socket at ${socket}`;

  const storeStat = await stat(nixStore).catch(() => undefined);
  if (storeStat) {
    if (await canWrite(nixStore)) return { kind: 'writable', store: nixStore };
    const owner = `uid ${storeStat.uid}, mode ${(storeStat.mode & 0o7777).toString(8)}`;
    return {
      kind: 'denied',
      reason: `${nixStore} is owned by another user (${owner}) and ${daemonNote}`,
      hint:
        socketState === 'silent'
          ? 'start the Nix daemon (nix-daemon) in the runner image, or run the job as the store owner'
          : `run the Nix daemon in the runner image, or run the job as the store owner (uid ${storeStat.uid})`,
      evidence: [daemonNote, `${nixStore}: ${owner}, not writable by uid ${currentUid()}`],
    };
  }

  const parent = await nearestExistingParent(nixStore);
  if (await canWrite(parent)) return { kind: 'creatable', store: nixStore, parent };
  return {
    kind: 'denied',
    reason: `${nixStore} does not exist, this user cannot create it (no write permission on ${parent}), and ${daemonNote}`,
    hint: `create the store for this user (mkdir -p ${dirname(nixStore)} and chown it to uid ${currentUid()}) or install multi-user Nix with its daemon`,
    evidence: [daemonNote, `${parent}: not writable by uid ${currentUid()}`],
  };
}

/** 'answers' when a daemon accepts a connection; 'silent' for a stale socket file; 'absent' otherwise. */
async function probeSocket(path: string): Promise<'answers' | 'silent' | 'absent'> {
  if (!(await stat(path).catch(() => undefined))) return 'absent';
  return new Promise((resolve) => {
    const conn = createConnection({ path });
    const done = (state: 'answers' | 'silent') => {
      clearTimeout(timer);
      conn.destroy();
      resolve(state);
    };
    const timer = setTimeout(() => done('silent'), SOCKET_CONNECT_TIMEOUT_MS);
    conn.once('connect', () => done('answers'));
    conn.once('error', () => done('silent'));
  });
}

async function nearestExistingParent(path: string): Promise<string> {
  let dir = dirname(path);
  while (!(await stat(dir).catch(() => undefined))) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dir;
}

async function canWrite(path: string): Promise<boolean> {
  return access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
}

function currentUid(): number | string {
  return process.getuid?.() ?? 'unknown';
}
