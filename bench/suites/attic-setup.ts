/**
 * attic-setup: how fast the cache is wired in main, how few requests and how much parallelism the
 * post push gets, what the store snapshot costs next to a bare directory read, and — with real Nix
 * and the fake Attic at 20 ms a request — what pushing while the job builds saves the post step.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AtticClient,
  type NarStream,
  type PathSource,
  pushPaths,
  type StorePathInfo,
  snapshotStore,
} from '@gloriousflywheel/shared/cache';
import { repoRoot } from '@gloriousflywheel/testkit';
import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import { runAction } from '@gloriousflywheel/testkit/harness';
import { fakeStorePath, NixTestEnv, narOfFile, nixAvailable } from '@gloriousflywheel/testkit/nix';
import { type BenchReport, compare, median, round, target } from '../lib';

const actionDir = join(repoRoot, 'actions', 'attic-setup');

/** Small store paths held in memory: the push pipeline without Nix in the measurement. */
class MemorySource implements PathSource {
  private readonly nars = new Map<string, Buffer>();
  private readonly infos = new Map<string, StorePathInfo>();
  add(name: string): string {
    const path = fakeStorePath(name);
    const nar = narOfFile(`bench ${name}`);
    this.nars.set(path, nar);
    this.infos.set(path, {
      path,
      narHash: `sha256:${createHash('sha256').update(nar).digest('hex')}`,
      narSize: nar.length,
      references: [],
      sigs: [],
    });
    return path;
  }
  async pathInfo(paths: string[]): Promise<StorePathInfo[]> {
    return paths.map((p) => this.infos.get(p)!);
  }
  openNar(path: string): NarStream {
    const nar = this.nars.get(path)!;
    return {
      stream: (async function* () {
        yield nar;
      })(),
      close: () => {},
    };
  }
  nar(path: string): Buffer {
    return this.nars.get(path)!;
  }
}

async function mainPhase(report: BenchReport): Promise<void> {
  if (!existsSync(join(actionDir, 'dist/index.js'))) {
    report.notes.push('main phase: bundle not built (node scripts/build.mjs attic-setup), not measured');
    return;
  }
  const attic = new FakeAtticServer();
  await attic.start();
  try {
    attic.createCache('team');
    const token = attic.issueToken({ caches: { team: { r: 1 } } });
    const wall: number[] = [];
    const inProcess: number[] = [];
    for (let i = 0; i < 7; i++) {
      const run = await runAction({
        actionDir,
        phases: 'main',
        inputs: { endpoint: attic.url, cache: 'team', token },
      });
      if (run.outputs['nix-cache-available'] !== 'true')
        throw new Error(`main did not wire the cache: ${run.main.stdout}`);
      wall.push(run.main.durationMs);
      inProcess.push((JSON.parse(run.state['attic-setup'] ?? '{}') as { mainMs: number }).mainMs);
    }
    report.metrics['main_wall_ms_median'] = round(median(wall), 1);
    report.metrics['main_in_process_ms_median'] = round(median(inProcess), 1);
    report.metrics['main_requests'] = attic.log.length / 7;
    report.targets.push(target('main_wall_ms_median', round(median(wall), 1), '<=', 1000));
    report.notes.push(
      'main wall time includes starting Node on the bundle; the peers first install a client (~40 s reported)',
    );
  } finally {
    await attic.stop();
  }
}

async function postPhase(report: BenchReport): Promise<void> {
  const source = new MemorySource();
  const paths = Array.from({ length: 2000 }, (_, i) => source.add(`bench-${i}`));
  const cached = paths.filter((_, i) => i % 2 === 0);
  const runAt = async (concurrency: number) => {
    const attic = new FakeAtticServer();
    await attic.start();
    try {
      attic.createCache('team');
      for (const p of cached) attic.seed('team', { storePath: p, nar: source.nar(p) });
      attic.inject({ latencyMs: 20 });
      const token = attic.issueToken({ caches: { team: { r: 1, w: 1 } } });
      const client = new AtticClient({ endpoint: attic.url, cache: 'team', token });
      const started = performance.now();
      const result = await pushPaths({ client, source, paths, concurrency, deadlineMs: 600_000 });
      const ms = performance.now() - started;
      if (result.pushed.length !== 1000 || result.hits !== 1000)
        throw new Error('bench push did not push the misses');
      return { ms, requests: attic.log.length, minimum: 2 + 1000 };
    } finally {
      await attic.stop();
    }
  };
  const one = await runAt(1);
  const eight = await runAt(8);
  report.metrics['post_requests'] = eight.requests;
  report.metrics['post_requests_minimum'] = eight.minimum;
  report.metrics['post_ms_concurrency_1'] = round(one.ms, 0);
  report.metrics['post_ms_concurrency_8'] = round(eight.ms, 0);
  const ratio = round(eight.ms / one.ms);
  report.metrics['post_ratio_8_vs_1'] = ratio;
  report.targets.push(target('post_requests_over_minimum', eight.requests / eight.minimum, '<=', 1.01));
  report.targets.push(target('post_ratio_8_vs_1', ratio, '<=', 0.25));
}

async function snapshot(report: BenchReport): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  try {
    for (let i = 0; i < 50_000; i++) {
      const name = fakeStorePath(`entry-${i}`, dir).slice(dir.length + 1);
      if (i % 10 === 0) mkdirSync(join(dir, name));
      else writeFileSync(join(dir, i % 7 === 0 ? `${name}.drv` : name), '');
    }
    const count = (await snapshotStore(dir)).length;
    const { oursMs, baselineMs, ratio } = await compare(
      () => snapshotStore(dir),
      () => readdir(dir),
      9,
    );
    report.metrics['snapshot_entries'] = readdirSync(dir).length;
    report.metrics['snapshot_kept'] = count;
    report.metrics['snapshot_ms'] = round(oursMs, 1);
    report.metrics['readdir_ms'] = round(baselineMs, 1);
    report.metrics['snapshot_ratio_to_readdir'] = round(ratio);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One job: setup, `steps` build steps of a chain of `perStep` derivations each, then post. */
async function pushJob(streaming: boolean, steps: number, perStep: number) {
  const attic = new FakeAtticServer();
  await attic.start();
  const env = await NixTestEnv.create('fsync-metadata = false');
  const tag = `bn${Math.random().toString(36).slice(2, 8)}`;
  const built: string[] = [];
  let workDir: string | undefined;
  try {
    attic.createCache('team');
    const token = attic.issueToken({ caches: { team: { r: 1, w: 1 } } });
    attic.inject({ latencyMs: 20 });
    let onServerAtLastBuild = 0;
    const run = await runAction({
      actionDir,
      env: env.env,
      timeoutMs: 600_000,
      inputs: {
        endpoint: attic.url,
        cache: 'team',
        token,
        'push-during-job': streaming,
        'push-exclude': `^(?!.*-${tag}).*$`,
      },
      betweenPhases: async (main) => {
        workDir = main.workDir;
        const jobEnv = { ...env.env, ...main.env };
        for (let step = 0; step < steps; step++)
          built.push(...(await env.buildChain(`${tag}s${step}`, perStep, 16, jobEnv)));
        onServerAtLastBuild = attic.uploads.length;
      },
    });
    if (!run.post || run.postOutputs?.['pushed-paths'] !== String(steps * perStep))
      throw new Error(`the job did not push everything: ${run.post?.stdout}`);
    const n = steps * perStep;
    // Nix's own narinfo look-ups at the cache (it substitutes from it) are the same in both modes
    // and no part of the push: counted are the push's requests, get-missing-paths and upload-path.
    const pushRequests =
      attic.requests('POST', '/_api/v1/get-missing-paths').length +
      attic.requests('PUT', '/_api/v1/upload-path').length;
    return {
      postMs: run.post.durationMs,
      onServerAtLastBuild,
      requests: pushRequests,
      allRequests: attic.log.length,
      // The least a push of n new misses can take: one get-missing-paths request per 1,000 paths
      // and one upload each.
      minimum: Math.ceil(n / 1000) + n,
    };
  } finally {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
    if (built.length) await env.delete(built).catch(() => {});
    await env.dispose();
    await attic.stop();
  }
}

async function streaming(report: BenchReport): Promise<void> {
  if (!existsSync(join(actionDir, 'dist/index.js')) || !nixAvailable) {
    report.notes.push('streaming: needs the built bundle and Nix (nix-bin); not measured');
    return;
  }
  const steps = 4;
  const perStep = 100;
  const stream: Array<Awaited<ReturnType<typeof pushJob>>> = [];
  const atPost: Array<Awaited<ReturnType<typeof pushJob>>> = [];
  // Interleaved, so that load on the machine hits both alike.
  for (let i = 0; i < 3; i++) {
    stream.push(await pushJob(true, steps, perStep));
    atPost.push(await pushJob(false, steps, perStep));
  }
  const n = steps * perStep;
  const streamPost = median(stream.map((r) => r.postMs));
  const atPostPost = median(atPost.map((r) => r.postMs));
  const ratio = (runs: typeof stream) => median(runs.map((r) => r.requests / r.minimum));
  report.metrics['streaming_paths'] = n;
  report.metrics['streaming_post_ms'] = round(streamPost, 0);
  report.metrics['push_at_post_post_ms'] = round(atPostPost, 0);
  report.metrics['streaming_post_ratio'] = round(streamPost / atPostPost);
  report.metrics['streaming_on_server_at_last_build'] = median(stream.map((r) => r.onServerAtLastBuild));
  report.metrics['push_at_post_on_server_at_last_build'] = median(atPost.map((r) => r.onServerAtLastBuild));
  report.metrics['streaming_requests'] = median(stream.map((r) => r.requests));
  report.metrics['streaming_all_requests_incl_nix_lookups'] = median(stream.map((r) => r.allRequests));
  report.metrics['push_at_post_all_requests_incl_nix_lookups'] = median(atPost.map((r) => r.allRequests));
  report.metrics['streaming_requests_minimum'] = stream[0]!.minimum;
  report.metrics['streaming_requests_over_minimum'] = round(ratio(stream));
  report.metrics['push_at_post_requests_over_minimum'] = round(ratio(atPost));
  report.targets.push(
    target('streaming_post_ms', round(streamPost, 0), '<=', Math.max(2000, 0.1 * atPostPost)),
  );
  report.targets.push(target('streaming_requests_over_minimum', round(ratio(stream)), '<=', 1.1));
  report.notes.push(
    `streaming: ${steps} build steps of a ${perStep}-derivation chain each, fake Attic at 20 ms a request; post time is the harness's wall time of the post step (Node start included)`,
  );
}

export async function run(): Promise<BenchReport> {
  const report: BenchReport = { suite: 'attic-setup', metrics: {}, targets: [], notes: [] };
  await mainPhase(report);
  await postPhase(report);
  await snapshot(report);
  await streaming(report);
  return report;
}
