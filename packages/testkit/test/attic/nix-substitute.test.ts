import { afterEach, describe, expect, it } from 'vitest';
import { FakeAtticServer } from '../../src/attic';
import { fakeStorePath, NixTestEnv, narOfFile, nixAvailable, nixMissingReason } from '../../src/nix';

/** The fake's fidelity, checked by the real consumer: Nix itself substitutes from it. */
describe.skipIf(!nixAvailable)(
  `real Nix against the fake Attic (${nixAvailable ? 'nix present' : nixMissingReason})`,
  () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const clean of cleanups.splice(0)) await clean();
    });

    async function setup(keyOverride?: string) {
      const attic = new FakeAtticServer();
      await attic.start();
      const cache = attic.createCache('team');
      const token = attic.issueToken({ caches: { team: { r: 1 } } });
      const path = fakeStorePath(`seeded-${Date.now()}-${Math.random().toString(36).slice(2)}`);
      attic.seed('team', { storePath: path, nar: narOfFile('from the fake cache\n') });
      const env = await NixTestEnv.create();
      const host = new URL(attic.url).hostname;
      const { writeFile } = await import('node:fs/promises');
      await writeFile(`${env.dir}/netrc`, `machine ${host}\npassword ${token}\n`, { mode: 0o600 });
      cleanups.push(async () => {
        if (await env.isValid(path)) await env.delete([path]);
        await env.dispose();
        await attic.stop();
      });
      const args = [
        '--option',
        'substituters',
        `${attic.url}/team`,
        '--option',
        'trusted-public-keys',
        keyOverride ?? cache.key.publicKey,
        '--option',
        'netrc-file',
        `${env.dir}/netrc`,
        '--realise',
        path,
      ];
      return { attic, env, path, args };
    }

    it('substitutes a seeded path with a valid signature over netrc Basic auth', async () => {
      const { attic, env, path, args } = await setup();
      const out = await env.run('nix-store', args);
      expect(out.stderr).not.toContain('error');
      expect(out.exitCode).toBe(0);
      expect(await env.isValid(path)).toBe(true);
      const fetched = attic.requests('GET', /\.narinfo$/);
      expect(fetched[0]!.headers.authorization).toMatch(/^Basic /);
    });

    it('refuses the path when the trusted key is a different one', async () => {
      const other = new FakeAtticServer().createCache('team').key.publicKey;
      const { env, path, args } = await setup(other);
      const out = await env.run('nix-store', args);
      expect(out.exitCode).not.toBe(0);
      expect(await env.isValid(path)).toBe(false);
    });
  },
);
