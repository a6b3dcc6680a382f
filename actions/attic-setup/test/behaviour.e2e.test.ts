import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import { FakeBazelRemote } from '@gloriousflywheel/testkit/bazel';
import { runAction } from '@gloriousflywheel/testkit/harness';
import { NixTestEnv, nixAvailable, nixMissingReason } from '@gloriousflywheel/testkit/nix';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionDir, cleanupRun, runJob } from './helpers/job';

const bundled = existsSync(join(actionDir, 'dist/index.js'));
const notBuilt = 'the bundle is not built (node scripts/build.mjs attic-setup): skipped';

let attic: FakeAtticServer;
let token: string;
beforeEach(async () => {
  attic = new FakeAtticServer();
  await attic.start();
  attic.createCache('team');
  token = attic.issueToken({ caches: { team: { r: 1, w: 1 } } });
});
afterEach(async () => {
  await attic.stop();
  for (const dir of workDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The harness, with the run's folder removed after the test (nothing left in the temp dir). */
const workDirs: string[] = [];
async function harness(options: Parameters<typeof runAction>[0]) {
  const result = await runAction(options);
  workDirs.push(result.workDir);
  return result;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const warnings = (r: { annotations: Array<{ level: string; message: string }> }) =>
  r.annotations.filter((a) => a.level === 'warning').map((a) => a.message);

describe.skipIf(!bundled)(`attic-setup when things go wrong (${bundled ? 'bundle built' : notBuilt})`, () => {
  it('goes on with one warning naming the cause when the server refuses connections', async () => {
    const run = await harness({
      actionDir,
      inputs: { endpoint: `http://127.0.0.1:${await closedPort()}`, cache: 'team', token },
    });
    expect(run.main.exitCode).toBe(0);
    expect(run.post!.exitCode).toBe(0);
    expect(run.outputs['nix-cache-available']).toBe('false');
    expect(run.env['NIX_USER_CONF_FILES']).toBeUndefined();
    const w = warnings(run);
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('(refused)');
    expect(run.summary).toContain('cache unavailable (refused)');
  });

  it('fails with CACHE_UNREACHABLE when fail-on-unreachable is set', async () => {
    const run = await harness({
      actionDir,
      phases: 'main',
      inputs: {
        endpoint: `http://127.0.0.1:${await closedPort()}`,
        cache: 'team',
        'fail-on-unreachable': true,
      },
    });
    expect(run.main.exitCode).toBe(1);
    expect(run.annotations.find((a) => a.level === 'error')!.message).toContain('[CACHE_UNREACHABLE]');
  });

  it('names an expired token and an unknown cache', async () => {
    const expired = attic.issueToken({
      caches: { team: { r: 1, w: 1 } },
      expiresAt: new Date(Date.now() - 1000),
    });
    const stale = await harness({
      actionDir,
      phases: 'main',
      inputs: { endpoint: attic.url, cache: 'team', token: expired },
    });
    expect(stale.main.exitCode).toBe(0);
    expect(warnings(stale)[0]).toContain('401 Unauthorized');
    expect(warnings(stale)[0]).toContain('invalid or expired');
    const admin = attic.issueToken({ caches: { '*': { r: 1 } } });
    const missing = await harness({
      actionDir,
      phases: 'main',
      inputs: { endpoint: attic.url, cache: 'nope', token: admin },
    });
    expect(warnings(missing)[0]).toContain('no such cache');
    expect(missing.outputs['nix-cache-available']).toBe('false');
  });

  it('refuses bad inputs with INPUT_INVALID before doing anything', async () => {
    const cases: Array<Record<string, string | number>> = [
      { endpoint: 'attic.example.com', cache: 'team' },
      { endpoint: attic.url, cache: 'bad name!' },
      { endpoint: attic.url, cache: 'team', 'push-exclude': '(unclosed' },
      { endpoint: attic.url, cache: 'team', 'push-concurrency': 0 },
      { endpoint: attic.url },
    ];
    for (const inputs of cases) {
      const run = await harness({ actionDir, phases: 'main', inputs });
      expect(run.main.exitCode, JSON.stringify(inputs)).toBe(1);
      expect(run.annotations.find((a) => a.level === 'error')!.message).toContain('[INPUT_INVALID]');
    }
    expect(attic.log).toHaveLength(0);
  });

  it('pulls a public cache without writing the token anywhere and does not scan the store without push', async () => {
    attic.createCache('open', { isPublic: true });
    const run = await harness({ actionDir, inputs: { endpoint: attic.url, cache: 'open' } });
    expect(run.main.exitCode).toBe(0);
    const conf = readFileSync(run.outputs['nix-conf']!, 'utf8');
    expect(conf).not.toContain('netrc-file');
    expect(conf).toContain('fallback = true');
    expect(run.state['attic-setup']).not.toContain('snapshotFile');
    expect(run.summary).toContain('not pushing: no token (pull only)');
    expect(run.postOutputs?.['pushed-paths']).toBe('0');
  });

  it('starts pushing with every push input at its default', async () => {
    const run = await harness({
      actionDir,
      phases: 'main',
      inputs: { endpoint: attic.url, cache: 'team', token },
    });
    try {
      expect(run.main.exitCode).toBe(0);
      expect(run.main.log).toContain('Pushing while the job builds: a background uploader (pid');
      expect(run.env['FLYWHEEL_ATTIC_JOB_DIR']).toBeDefined();
    } finally {
      // Its folder gone, the uploader stops, as at the end of a real job.
      cleanupRun(run);
    }
  });

  it('wires Bazel and BuildKit read-only on a fork and reads the Bazel hit rate from its log', async () => {
    const bazel = new FakeBazelRemote({ bearerTokens: ['bz-secret-token'] });
    await bazel.start();
    try {
      const run = await harness({
        actionDir,
        phases: 'main',
        inputs: { endpoint: attic.url, cache: 'team' },
      });
      const log = join(run.workDir, 'bazel.log');
      writeFileSync(
        log,
        'INFO: Analyzed target //app:app\nINFO: 11 processes: 6 remote cache hit, 3 internal, 2 linux-sandbox.\n',
      );
      const fork = await harness({
        actionDir,
        eventName: 'pull_request',
        event: {
          pull_request: {
            head: { repo: { fork: true, full_name: 'x/y' } },
            base: { repo: { fork: false, full_name: 'octo-org/octo-repo' } },
          },
        },
        inputs: {
          'bazel-remote-cache': bazel.url,
          'bazel-remote-token': 'bz-secret-token',
          'buildkit-cache-ref': 'registry.example.com/app:buildcache',
          'bazel-log': log,
        },
      });
      expect(fork.main.exitCode).toBe(0);
      expect(fork.outputs['bazel-cache-available']).toBe('true');
      const rc = readFileSync(fork.outputs['bazelrc']!, 'utf8');
      expect(rc).toContain(`build --remote_cache=${bazel.url}/`);
      expect(rc).toContain('build --remote_header=Authorization=Bearer bz-secret-token');
      expect(rc).toContain('build --remote_upload_local_results=false');
      expect(fork.outputs['cache-from']).toBe('type=registry,ref=registry.example.com/app:buildcache');
      expect(fork.outputs['cache-to']).toBe('');
      expect(fork.postOutputs?.['bazel-hit-rate']).toBe('0.7500');
      expect(fork.main.log + fork.post!.log).not.toContain('bz-secret-token');
      expect(fork.summary).toContain('| Bazel remote | in use | 6 | 2 | 75.0 % |');
    } finally {
      await bazel.stop();
    }
  });
});

describe.skipIf(!bundled || !nixAvailable)(
  `attic-setup push limits with real Nix (${bundled && nixAvailable ? 'ready' : !bundled ? notBuilt : nixMissingReason})`,
  () => {
    let env: NixTestEnv;
    const built: string[] = [];
    // Other test files build in the same /nix/store at the same time: push only this file's paths.
    const tag = `bh${Math.random().toString(36).slice(2, 8)}`;
    const only = `^(?!.*-${tag}).*$`;
    beforeEach(async () => {
      env = await NixTestEnv.create();
    });
    afterEach(async () => {
      if (built.length) await env.delete(built.splice(0).reverse()).catch(() => {});
      await env.dispose();
    });

    it('reports a 413 naming the limit and still succeeds', async () => {
      attic.maxBodyBytes = 100;
      const job = await runJob(
        { inputs: { endpoint: attic.url, cache: 'team', token, 'push-exclude': only }, env: env.env },
        async () => {
          built.push(...(await env.buildChain(`${tag}big`, 1, 400)));
        },
      );
      expect(job.post.exitCode).toBe(0);
      expect(job.post.outputs['pushed-paths']).toBe('0');
      const w = warnings(job.post).join('\n');
      expect(w).toContain('HTTP 413');
      expect(w).toContain('limit is 100 bytes');
      expect(job.post.summary).toContain('1 path(s) not pushed');
    });

    it('stops at push-timeout on a slow server, lists the rest as deferred and succeeds', async () => {
      attic.inject({ method: 'PUT', path: '/_api/v1/upload-path', latencyMs: 5000 });
      const job = await runJob(
        {
          inputs: {
            endpoint: attic.url,
            cache: 'team',
            token,
            'push-timeout': '1s',
            'push-concurrency': 1,
            'push-exclude': only,
          },
          env: env.env,
        },
        async () => {
          built.push(...(await env.buildChain(`${tag}slow`, 2)));
        },
      );
      expect(job.post.exitCode).toBe(0);
      expect(job.post.outputs['deferred-paths']).toBe('2');
      expect(job.post.outputs['pushed-paths']).toBe('0');
      expect(warnings(job.post).join('\n')).toContain('push-timeout reached: 2 path(s) deferred');
      expect(job.post.summary).toContain('2 deferred path(s)');
    });
  },
);
