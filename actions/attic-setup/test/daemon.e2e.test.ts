import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import { NixDaemon, NixTestEnv, nixAvailable, nixMissingReason } from '@gloriousflywheel/testkit/nix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionDir, runJob, waitFor } from './helpers/job';

const bundled = existsSync(join(actionDir, 'dist/index.js'));
const daemonAvailable = nixAvailable && existsSync('/usr/bin/nix-daemon');
const reason = !daemonAvailable
  ? `nix-daemon is not installed (${nixMissingReason})`
  : 'the bundle is not built (node scripts/build.mjs attic-setup)';

/**
 * Nix through a real nix-daemon on a private socket: a trusted user's post-build hook is run by the
 * daemon (as root); an untrusted user's is dropped, and the uploader watches the store instead.
 */
describe.skipIf(!daemonAvailable || !bundled)(
  `attic-setup with nix-daemon (${daemonAvailable && bundled ? 'ready' : reason})`,
  () => {
    let attic: FakeAtticServer;
    let token: string;
    const cleanups: Array<() => Promise<void>> = [];
    const built: string[] = [];
    const tag = `dm${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      attic = new FakeAtticServer();
      await attic.start();
      attic.createCache('team');
      token = attic.issueToken({ caches: { team: { r: 1, w: 1 } } });
    });
    afterAll(async () => {
      const local = await NixTestEnv.create();
      const valid = [];
      for (const p of built) if (await local.isValid(p)) valid.push(p);
      if (valid.length) await local.delete(valid).catch(() => {});
      await local.dispose();
      for (const cleanup of cleanups.reverse()) await cleanup();
      await attic.stop();
    });

    async function daemonEnv(trustedUsers: string) {
      const env = await NixTestEnv.create(`trusted-users = ${trustedUsers}`);
      const daemon = await NixDaemon.start(env);
      cleanups.push(
        () => env.dispose(),
        () => daemon.stop(),
      );
      return { env, jobEnv: { ...env.env, ...daemon.clientEnv } };
    }

    const inputs = () => ({ endpoint: attic.url, cache: 'team', token, 'push-exclude': `^(?!.*-${tag}).*$` });

    it('falls back to watching the store when the daemon does not trust the user, and says so', async () => {
      const { env, jobEnv } = await daemonEnv('');
      let chain: string[] = [];
      const job = await runJob({ inputs: inputs(), env: jobEnv }, async (steps) => {
        expect(steps.main.main.log).toContain(
          'store watch, since nix-daemon ignores the post-build hook of user "root", who is not in trusted-users',
        );
        expect(readFileSync(steps.main.outputs['nix-conf']!, 'utf8')).not.toContain('post-build-hook');
        await waitFor('the uploader', () => steps.status()?.state === 'running');
        chain = await env.buildChain(`${tag}watch`, 2, 16, steps.env);
        built.push(...chain);
        await waitFor('the watched paths on the server', () => chain.every((p) => attic.has('team', p)));
        expect(steps.status()?.feed).toBe('watch');
      });
      expect(job.post.outputs['pushed-during-job']).toBe('2');
      expect(job.post.summary).toContain('from the store watch');
    });

    it("hands a trusted user's builds to the uploader through the hook the daemon runs", async () => {
      const { env, jobEnv } = await daemonEnv('root');
      let chain: string[] = [];
      const job = await runJob({ inputs: inputs(), env: jobEnv }, async (steps) => {
        expect(steps.main.main.log).toContain('nix-daemon runs the post-build hook (as root)');
        const conf = readFileSync(steps.main.outputs['nix-conf']!, 'utf8');
        // In the store, so that the daemon can run it wherever it lives.
        const hook = /^post-build-hook = (\/nix\/store\/\S+)$/m.exec(conf)?.[1];
        expect(hook).toBeDefined();
        built.push(hook!);
        chain = await env.buildChain(`${tag}hook`, 2, 16, steps.env);
        built.push(...chain);
        await waitFor('the hooked paths on the server', () => chain.every((p) => attic.has('team', p)));
        expect(readdirSync(steps.files!.queue)).toEqual([]);
      });
      expect(job.post.outputs['pushed-during-job']).toBe('2');
      expect(job.post.summary).toContain('from the post-build hook');
    });
  },
);
