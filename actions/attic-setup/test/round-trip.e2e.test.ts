import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import {
  generateSigningKey,
  NixTestEnv,
  nixAvailable,
  nixMissingReason,
} from '@gloriousflywheel/testkit/nix';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { actionDir, cleanupRun, runJob } from './helpers/job';

const bundled = existsSync(join(actionDir, 'dist/index.js'));
const reason = !nixAvailable
  ? nixMissingReason
  : 'the bundle is not built (node scripts/build.mjs attic-setup)';

/**
 * The whole promise with real Nix on the real bundle: a job pushes what it built; a later job on a
 * clean store gets it back from the cache through nothing but the config the action wrote, counts it
 * as a hit, and pushes only its own new paths; a wrong key makes Nix refuse the cache.
 */
describe.skipIf(!nixAvailable || !bundled)(
  `attic-setup round trip with real Nix (${nixAvailable && bundled ? 'ready' : reason})`,
  () => {
    let attic: FakeAtticServer;
    let token: string;
    const envs: NixTestEnv[] = [];
    const built: string[] = [];

    beforeAll(async () => {
      attic = new FakeAtticServer();
      await attic.start();
      attic.createCache('team');
      token = attic.issueToken({ caches: { team: { r: 1, w: 1 } } });
    });
    afterAll(async () => {
      const env = envs[0];
      if (env) {
        const valid = [];
        for (const p of built) if (await env.isValid(p)) valid.push(p);
        if (valid.length) await env.delete(valid).catch(() => {});
      }
      for (const e of envs) await e.dispose();
      await attic.stop();
    });

    async function freshEnv() {
      const env = await NixTestEnv.create();
      envs.push(env);
      return env;
    }

    // Other test files build in the same /nix/store at the same time: push only this file's paths.
    const tag = `rt${Math.random().toString(36).slice(2, 8)}`;
    const inputs = () => ({
      endpoint: attic.url,
      cache: 'team',
      token,
      'push-concurrency': 4,
      'push-exclude': `^(?!.*-${tag}).*$`,
    });

    it('pushes the paths a job built, references first, and a later clean job substitutes them back', async () => {
      const first = await freshEnv();
      let chain: string[] = [];
      const job1 = await runJob({ inputs: inputs(), env: first.env }, async ({ main }) => {
        expect(main.main.exitCode).toBe(0);
        expect(main.outputs['nix-cache-available']).toBe('true');
        chain = await first.buildChain(`${tag}job1`, 3);
        built.push(...chain);
      });
      expect(job1.post.exitCode).toBe(0);
      expect(job1.post.outputs['pushed-paths']).toBe('3');
      expect(job1.post.outputs['nix-hit-rate']).toBe('0.0000');
      expect(job1.post.outputs['deferred-paths']).toBe('0');
      expect(attic.uploads.map((u) => u.storePath)).toEqual(chain);
      expect(Number(job1.post.outputs['pushed-bytes'])).toBe(
        attic.uploads.reduce((n, u) => n + u.narSize, 0),
      );

      // The next job starts on a store without those paths and with a fresh narinfo cache.
      await first.delete([...chain].reverse());
      expect(await first.isValid(chain[2]!)).toBe(false);
      const second = await freshEnv();
      attic.uploads.length = 0;
      let newChain: string[] = [];
      const job2 = await runJob({ inputs: inputs(), env: second.env }, async ({ main }) => {
        const conf = readFileSync(main.outputs['nix-conf']!, 'utf8');
        expect(conf).toContain(`extra-substituters = ${attic.url}/team`);
        expect(conf).toContain(`extra-trusted-public-keys = ${attic.caches.get('team')!.key.publicKey}`);
        expect(main.env['NIX_USER_CONF_FILES']!.split(':')[0]).toBe(main.outputs['nix-conf']);
        // Only the environment the action exported: no --option flags.
        const realise = await second.run('nix-store', ['--realise', chain[2]!], main.env);
        expect(realise.exitCode, realise.stderr).toBe(0);
        newChain = await second.buildChain(`${tag}job2`, 2);
        built.push(...newChain);
      });
      for (const p of chain) expect(await second.isValid(p)).toBe(true);
      expect(attic.requests('GET', /\/team\/nar\//).length).toBe(3);
      expect(job2.post.exitCode).toBe(0);
      expect(job2.post.outputs['nix-hit-rate']).toBe('0.6000');
      expect(job2.post.outputs['pushed-paths']).toBe('2');
      expect(attic.uploads.map((u) => u.storePath)).toEqual(newChain);
      expect(job2.post.summary).toContain('| Nix (Attic) |');
      expect(job2.post.summary).toContain('60.0 %');
    });

    it('makes Nix refuse the cache when its narinfos are not signed by the advertised key', async () => {
      const env = await freshEnv();
      let path: string | undefined;
      await runJob({ inputs: inputs(), env: env.env }, async () => {
        [path] = await env.buildChain(`${tag}wrongkey`, 1);
        built.push(path!);
      });
      expect(attic.has('team', path!)).toBe(true);
      await env.delete([path!]);
      const clean = await freshEnv();
      const job = await runJob(
        { inputs: { ...inputs(), push: 'never' }, env: clean.env },
        async ({ main }) => {
          // The server now signs with a key other than the one its config (and so the job) trusts.
          const cache = attic.caches.get('team')!;
          const advertised = cache.key;
          cache.key = generateSigningKey('team');
          try {
            const realise = await clean.run('nix-store', ['--realise', path!], main.env);
            expect(realise.exitCode).not.toBe(0);
            expect(realise.stderr).toContain("is not signed by any of the keys in 'trusted-public-keys'");
          } finally {
            cache.key = advertised;
          }
        },
      );
      expect(await clean.isValid(path!)).toBe(false);
      expect(job.post.exitCode).toBe(0);
    });

    it('never leaks the token outside the 0600 netrc', async () => {
      const env = await freshEnv();
      const job = await runJob({ inputs: inputs(), env: env.env, keepFiles: true }, async () => {
        built.push(...(await env.buildChain(`${tag}secret`, 1)));
      });
      onTestFinished(() => cleanupRun(job.main));
      const { main, post } = job;
      const streams = [main.main.log, main.main.stderr, post.log, post.stderr, main.summary, post.summary];
      for (const text of streams) expect(text).not.toContain(token);
      expect(JSON.stringify([main.outputs, post.outputs, main.env, main.state])).not.toContain(token);
      expect(main.masks).toContain(token);
      const netrc = join(main.outputs['nix-conf']!, '..', 'netrc');
      expect(statSync(netrc).mode & 0o777).toBe(0o600);
      expect(readFileSync(netrc, 'utf8')).toContain(`password ${token}`);
      const leaking = main.files().filter((f) => f !== netrc && readFileSync(f).includes(token));
      expect(leaking).toEqual([]);
      const resultFile = post.outputs['result-file']!;
      expect(readFileSync(resultFile, 'utf8')).not.toContain(token);
    });
  },
);
