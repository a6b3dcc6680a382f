/**
 * attic-setup: how fast the cache is wired in main, how few requests and how much parallelism the
 * post push gets, and what the store snapshot costs next to a bare directory read.
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
import { fakeStorePath, narOfFile } from '@gloriousflywheel/testkit/nix';
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

export async function run(): Promise<BenchReport> {
  const report: BenchReport = { suite: 'attic-setup', metrics: {}, targets: [], notes: [] };
  await mainPhase(report);
  await postPhase(report);
  await snapshot(report);
  return report;
}
