import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import { NixTestEnv, nixAvailable, nixMissingReason } from '@gloriousflywheel/testkit/nix';
import { describe, expect, it } from 'vitest';
import {
  AtticClient,
  NixStore,
  newStorePaths,
  parsePathInfoJson,
  pushPaths,
  snapshotStore,
  toAtticNarHash,
} from '../../src/cache';

const H = '0pqyvyw21p553pf74czgvqks0vjaqp0l';

describe('store snapshot', () => {
  it('lists store entries and diffs them without drv, lock, check, chroot and excluded paths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'store-'));
    for (const name of [`${H}-old`, '.links']) await mkdir(join(dir, name));
    const before = await snapshotStore(dir);
    expect(before).toEqual([`${H}-old`]);
    const names = ['new-out', 'x.drv', 'new-out.lock', 'y.check', 'z.drv.chroot', 'vendor-src'];
    for (const [i, n] of names.entries()) await writeFile(join(dir, `${H.slice(0, 31)}${i}-${n}`), '');
    const now = await snapshotStore(dir);
    expect(newStorePaths(before, now, [/-vendor-/], dir)).toEqual([`${dir}/${H.slice(0, 31)}0-new-out`]);
  });
});

describe('Nix metadata formats', () => {
  it('converts the SRI hash Nix 2.8 prints to the form Attic accepts', () => {
    expect(toAtticNarHash('sha256-EFUdrtf6Rn0LWIJufrmg8q99aT3jGfLvd1//zaJEufY=')).toBe(
      'sha256:10551daed7fa467d0b58826e7eb9a0f2af7d693de319f2ef775fffcda244b9f6',
    );
    expect(() => toAtticNarHash('md5:abc')).toThrow(/unrecognised/);
  });

  it('reads both path-info layouts (array with full paths, object with base names)', () => {
    const array = `[{"path":"/nix/store/${H}-a","narHash":"sha256-x","narSize":1,"references":["/nix/store/${H}-b"],"deriver":"/nix/store/${H}-a.drv"}]`;
    const object = `{"/nix/store/${H}-a":{"narHash":"sha256-x","narSize":1,"references":["${H}-b"],"signatures":["k:s"]}}`;
    expect(parsePathInfoJson(array)[0]).toMatchObject({
      path: `/nix/store/${H}-a`,
      references: [`/nix/store/${H}-b`],
      deriver: `/nix/store/${H}-a.drv`,
    });
    expect(parsePathInfoJson(object)[0]).toMatchObject({
      path: `/nix/store/${H}-a`,
      references: [`/nix/store/${H}-b`],
      sigs: ['k:s'],
    });
  });
});

describe.skipIf(!nixAvailable)(
  `NixStore with real Nix (${nixAvailable ? 'present' : nixMissingReason})`,
  () => {
    it('makes the same NAR in process as nix-store --dump: tree, order, executables, symlinks', async () => {
      const env = await NixTestEnv.create();
      try {
        const script = [
          'PATH=/usr/bin:/bin',
          'mkdir -p $out/sub/deeper $out/emptydir',
          'printf abc > $out/a',
          ': > $out/empty',
          'printf 12345678 > $out/eight',
          'printf B > $out/B',
          'printf x > $out/sub/x && chmod +x $out/sub/x',
          'printf deep > $out/sub/deeper/d',
          'ln -s a $out/link && ln -s /nowhere $out/dangling',
        ].join('; ');
        const tree = await env.buildScript('nar-tree', script);
        const file = await env.buildScript('nar-file', 'printf 0123456789 > $out && /bin/chmod +x $out');
        const link = await env.buildScript('nar-link', '/bin/ln -s /nix/store $out');
        const store = new NixStore({ env: { ...process.env, ...env.env } });
        for (const path of [tree, file, link]) {
          const chunks: Buffer[] = [];
          for await (const c of store.openNar(path).stream) chunks.push(Buffer.from(c));
          const dumped = await env.run('nix-store', ['--dump', path]);
          expect(Buffer.concat(chunks).toString('latin1'), path).toBe(dumped.stdout);
        }
        await env.delete([tree, file, link]);
      } finally {
        await env.dispose();
      }
    });

    it('pushes real store paths whose NAR hashes the server verifies, references first', async () => {
      const env = await NixTestEnv.create();
      const attic = new FakeAtticServer();
      await attic.start();
      try {
        attic.createCache('team');
        const token = attic.issueToken({ caches: { team: { r: 1, w: 1 } } });
        const paths = await env.buildChain('push', 3);
        const store = new NixStore({ env: { ...process.env, ...env.env } });
        expect(await store.validPaths([...paths, `/nix/store/${H}-never-built`])).toEqual(paths);
        const report = await pushPaths({
          client: new AtticClient({ endpoint: attic.url, cache: 'team', token }),
          source: store,
          paths: [...paths].reverse(),
          concurrency: 3,
          deadlineMs: 60_000,
        });
        expect(report.failed).toEqual([]);
        expect(attic.uploads.map((u) => u.storePath)).toEqual(paths);
        expect(attic.object('team', paths[2]!)!.references).toEqual([paths[1]]);
        const dumped = await env.run('nix-store', ['--dump', paths[0]!]);
        expect(attic.object('team', paths[0]!)!.nar.toString('latin1')).toBe(dumped.stdout);
      } finally {
        await attic.stop();
        await env.dispose();
      }
    });
  },
);
