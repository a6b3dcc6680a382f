/**
 * The Nix build-access verdict, one case per way a user can (or cannot) build, each on a temporary
 * store root. Cases that need a user other than the store's owner run the check in a child process
 * as `nobody` when the suite runs as root (root may write anywhere, so it cannot see a refusal).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { tempDirs } from '@gloriousflywheel/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { daemonSocketPath, type NixStoreAccess, nixStoreAccess } from '../src/inside/nix-access';

const temp = tempDirs('canary-nix-access');
afterAll(() => temp.cleanup());

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const moduleUrl = new URL('../src/inside/nix-access.ts', import.meta.url);

/** Runs the check as a user who is not the store's owner: `nobody` under root, else this user. */
function accessAsOtherUser(store: string): NixStoreAccess {
  const script = `const { nixStoreAccess } = await import(${JSON.stringify(moduleUrl.href)});
process.stdout.write(JSON.stringify(await nixStoreAccess(process.argv[1])));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, store], {
    encoding: 'utf8',
    ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  if (child.status !== 0)
    throw new Error(
      `the check could not run as uid ${isRoot ? NOBODY : 'self'}: ${child.stderr || child.error}`,
    );
  return JSON.parse(child.stdout) as NixStoreAccess;
}

/** A store root the other user can traverse: `<root>/nix/store` with the given modes. */
function storeRoot(options: { store: boolean; nixMode: number }): { root: string; store: string } {
  const root = temp.make();
  chmodSync(root, 0o755);
  const nix = join(root, 'nix');
  mkdirSync(nix, { mode: options.nixMode });
  chmodSync(nix, options.nixMode);
  const store = join(nix, 'store');
  if (options.store) {
    mkdirSync(store);
    chmodSync(store, 0o755);
  }
  return { root, store };
}

describe('Nix build access', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  it('builds through the daemon when its socket answers', async () => {
    const { store } = storeRoot({ store: true, nixMode: 0o755 });
    const socket = daemonSocketPath(store);
    mkdirSync(join(socket, '..'), { recursive: true });
    const server = createServer((c) => c.end());
    servers.push(server);
    await new Promise<void>((r) => server.listen(socket, r));
    expect(await nixStoreAccess(store)).toEqual({ kind: 'daemon', socket });
  });

  it('builds in a store this user may write', async () => {
    const { store } = storeRoot({ store: true, nixMode: 0o755 });
    expect(await nixStoreAccess(store)).toEqual({ kind: 'writable', store });
  });

  it('builds when the store does not exist yet but its nearest parent is writable (a new machine)', async () => {
    const root = temp.make();
    const store = join(root, 'nix', 'store');
    expect(await nixStoreAccess(store)).toEqual({ kind: 'creatable', store, parent: root });
  });

  it('refuses a store owned by another user, naming the owner and the missing daemon', () => {
    const { store } = storeRoot({ store: true, nixMode: 0o755 });
    const verdict = accessAsOtherUser(store);
    expect(verdict.kind).toBe('denied');
    if (verdict.kind !== 'denied') return;
    expect(verdict.reason).toMatch(/is owned by another user \(uid \d+, mode 755\)/);
    expect(verdict.reason).toContain('no daemon socket');
    expect(verdict.hint).toMatch(/run the Nix daemon .* or run the job as the store owner \(uid \d+\)/);
  });

  it('refuses a store that cannot be created, naming the parent without permission', () => {
    const { root, store } = storeRoot({ store: false, nixMode: 0o755 });
    const verdict = accessAsOtherUser(store);
    expect(verdict.kind).toBe('denied');
    if (verdict.kind !== 'denied') return;
    expect(verdict.reason).toContain(`no write permission on ${join(root, 'nix')}`);
    expect(verdict.hint).toMatch(/^create the store for this user/);
  });

  it('says the daemon is not running when its socket is stale', () => {
    const { store } = storeRoot({ store: true, nixMode: 0o755 });
    const socket = daemonSocketPath(store);
    mkdirSync(join(socket, '..'), { recursive: true, mode: 0o755 });
    writeFileSync(socket, '');
    const verdict = accessAsOtherUser(store);
    expect(verdict.kind).toBe('denied');
    if (verdict.kind !== 'denied') return;
    expect(verdict.reason).toContain('nothing answers on it (the daemon is not running)');
    expect(verdict.hint).toMatch(/^start the Nix daemon/);
  });
});
