import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import type { HarnessResult } from '@gloriousflywheel/testkit/harness';
import { NixTestEnv, nixAvailable, nixMissingReason } from '@gloriousflywheel/testkit/nix';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { actionDir, runJob, waitFor } from './helpers/job';

const bundled = existsSync(join(actionDir, 'dist/index.js'));
const reason = !nixAvailable
  ? nixMissingReason
  : 'the bundle is not built (node scripts/build.mjs attic-setup)';

/**
 * Pushing while the job builds, with real Nix on the real bundle: the post-build hook feeds the
 * detached uploader, which pushes between steps; report gives the figures to a later step; post has
 * little left; an evicted pod still leaves what was built before on the server; a killed uploader is
 * made good by post.
 */
describe.skipIf(!nixAvailable || !bundled)(
  `attic-setup pushes while the job builds (${nixAvailable && bundled ? 'ready' : reason})`,
  () => {
    let attic: FakeAtticServer;
    let token: string;
    const envs: NixTestEnv[] = [];
    const built: string[] = [];
    // Other test files build in the same /nix/store at the same time: push only this file's paths.
    const tag = `st${Math.random().toString(36).slice(2, 8)}`;
    const inputs = (extra: Record<string, string | number | boolean> = {}) => ({
      endpoint: attic.url,
      cache: 'team',
      token,
      'push-exclude': `^(?!.*-${tag}).*$`,
      ...extra,
    });
    const warnings = (annotations: Array<{ level: string; message: string }>) =>
      annotations.filter((a) => a.level === 'warning').map((a) => a.message);

    beforeAll(async () => {
      attic = new FakeAtticServer();
      await attic.start();
      attic.createCache('team');
      token = attic.issueToken({ caches: { team: { r: 1, w: 1 } } });
    });
    afterEach(() => {
      attic.faults.clear();
    });
    afterAll(async () => {
      const env = envs[0];
      if (env) {
        const valid = [];
        for (const p of built) if (await env.isValid(p)) valid.push(p);
        if (valid.length) await env.delete(valid).catch(() => {});
      }
      for (const e of envs) await e.dispose();
      // The evicted build's lock file stays behind, as after a real eviction.
      for (const name of readdirSync('/nix/store'))
        if (name.includes(tag) && name.endsWith('.lock')) rmSync(`/nix/store/${name}`, { force: true });
      await attic.stop();
    });
    async function freshEnv() {
      const env = await NixTestEnv.create();
      envs.push(env);
      return env;
    }

    it('pushes step 1 before step 2 starts, reports to a later step, and leaves post little to do', async () => {
      const env = await freshEnv();
      let first: string[] = [];
      let second: string[] = [];
      let report: HarnessResult | undefined;
      const job = await runJob({ inputs: inputs(), env: env.env }, async (steps) => {
        expect(steps.main.main.exitCode).toBe(0);
        expect(steps.main.main.log).toContain(
          'post-build hook (single-user Nix runs the post-build hook itself)',
        );
        const conf = readFileSync(steps.main.outputs['nix-conf']!, 'utf8');
        expect(conf).toMatch(/^post-build-hook = \//m);
        // Step 1: a chain of three derivations; they reach the cache while the job goes on.
        first = await env.buildChain(`${tag}one`, 3, 16, steps.env);
        built.push(...first);
        await waitFor('step 1 on the server', () => first.every((p) => attic.has('team', p)));
        // Step 2 builds on step 1.
        second = await env.buildChain(`${tag}two`, 2, 16, steps.env);
        built.push(...second);
        report = await steps.report();
      });
      expect(report!.main.exitCode).toBe(0);
      expect(report!.outputs['pushed-paths']).toBe('5');
      expect(report!.outputs['nix-hit-rate']).toBe('0.0000');
      expect(report!.outputs['deferred-paths']).toBe('0');
      expect(report!.summary).toContain('Cache figures so far');
      // References first: each chain's paths arrived in build order.
      const order = attic.uploads.map((u) => u.storePath).filter((p) => p.includes(tag));
      expect(order.filter((p) => first.includes(p))).toEqual(first);
      expect(order.filter((p) => second.includes(p))).toEqual(second);
      expect(job.post.exitCode).toBe(0);
      expect(job.post.outputs['pushed-paths']).toBe('5');
      expect(job.post.outputs['pushed-during-job']).toBe('5');
      expect(job.post.summary).toContain('5 path(s); by this step: 0.');
      // Nothing was uploaded twice.
      expect(new Set(order).size).toBe(order.length);
    });

    it('leaves on the server what was built before the pod was evicted mid-step', async () => {
      const env = await freshEnv();
      const before = attic.uploads.length;
      await runJob({ inputs: inputs(), env: env.env, post: false }, async (steps) => {
        const build = await env.startHangingChain(`${tag}evict`, 3, steps.env);
        // The first two derivations build, then the step hangs in the third.
        await waitFor(
          'the paths built before the hang on the server',
          () => attic.uploads.length >= before + 2,
        );
        // The pod goes: the build, the uploader, everything; post never runs.
        build.kill();
        process.kill(steps.uploaderPid()!, 'SIGKILL');
        await build.exited;
      });
      const evicted = attic.uploads.slice(before).map((u) => u.storePath);
      expect(evicted).toHaveLength(2);
      for (const p of evicted) {
        expect(p).toMatch(new RegExp(`-${tag}evict-[01]$`));
        expect(attic.has('team', p)).toBe(true);
        built.push(p);
      }
    });

    it('recovers in post when the uploader is killed mid-upload', async () => {
      const env = await freshEnv();
      attic.inject({ method: 'PUT', path: '/_api/v1/upload-path', latencyMs: 1500, times: 1 });
      let chain: string[] = [];
      const job = await runJob({ inputs: inputs(), env: env.env }, async (steps) => {
        chain = await env.buildChain(`${tag}killed`, 2, 16, steps.env);
        built.push(...chain);
        await waitFor('an upload in flight', () =>
          attic.requests('PUT', '/_api/v1/upload-path').some((r) => r.status === undefined),
        );
        process.kill(steps.uploaderPid()!, 'SIGKILL');
      });
      expect(job.post.exitCode).toBe(0);
      for (const p of chain) expect(attic.has('team', p)).toBe(true);
      expect(warnings(job.post.annotations).join('\n')).toContain('The background uploader had stopped');
      expect(job.post.outputs['deferred-paths']).toBe('0');
      expect(job.post.outputs['nix-hit-rate']).toBe('0.0000');
      expect(job.post.summary).toContain('this step took over');
    });

    it('keeps the token out of argv, the environment, the hook and every file but its 0600 credentials', async () => {
      const env = await freshEnv();
      const job = await runJob({ inputs: inputs(), env: env.env }, async (steps) => {
        const pid = await waitFor('the uploader', () => steps.uploaderPid());
        await waitFor('the uploader to read its credentials', () => !existsSync(steps.files!.credentials));
        expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(token);
        expect(readFileSync(`/proc/${pid}/environ`, 'utf8')).not.toContain(token);
        const hook = readFileSync(steps.files!.hook, 'utf8');
        expect(hook).not.toContain(token);
        expect(hook).toContain('exit 0');
        built.push(...(await env.buildChain(`${tag}secret`, 1, 16, steps.env)));
        const files = steps.main.files();
        const netrc = files.find((f) => f.endsWith('/netrc'))!;
        expect(statSync(netrc).mode & 0o777).toBe(0o600);
        expect(files.filter((f) => f !== netrc && readFileSync(f).includes(token))).toEqual([]);
      });
      expect(job.post.exitCode).toBe(0);
      expect(job.post.log + job.post.stderr + job.main.main.log).not.toContain(token);
    });

    it('needs no `with:` on a runner that carries ATTIC_SERVER, ATTIC_CACHE and ATTIC_TOKEN', async () => {
      const env = await freshEnv();
      let chain: string[] = [];
      const job = await runJob(
        {
          inputs: { 'push-exclude': `^(?!.*-${tag}).*$` },
          env: { ...env.env, ATTIC_SERVER: attic.url, ATTIC_CACHE: 'team', ATTIC_TOKEN: token },
        },
        async (steps) => {
          expect(steps.main.outputs['nix-cache-available']).toBe('true');
          expect(steps.main.main.log).toContain(
            "Using the platform's settings: endpoint from ATTIC_SERVER, cache from ATTIC_CACHE, token from ATTIC_TOKEN.",
          );
          expect(steps.main.masks).toContain(token);
          chain = await env.buildChain(`${tag}platform`, 1, 16, steps.env);
          built.push(...chain);
          await waitFor('the path on the server', () => attic.has('team', chain[0]!));
        },
      );
      expect(job.post.outputs['pushed-paths']).toBe('1');
    });
  },
);
