import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import { fakeStorePath, narOfFile } from '@gloriousflywheel/testkit/nix';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtticClient, pushPaths } from '../../src/cache';
import { MemorySource } from './memory-source';

let attic: FakeAtticServer;
let client: AtticClient;
let token: string;

beforeEach(async () => {
  attic = new FakeAtticServer();
  await attic.start();
  attic.createCache('team');
  token = attic.issueToken({ caches: { team: { r: 1, w: 1 } } });
  client = new AtticClient({ endpoint: attic.url, cache: 'team', token, retries: 2 });
});
afterEach(async () => {
  await attic.stop();
});

describe('AtticClient', () => {
  it('asks for missing paths in batches and maps bare hashes back to paths', async () => {
    const paths = Array.from({ length: 25 }, (_, i) => fakeStorePath(`p${i}`));
    attic.seed('team', { storePath: paths[3]!, nar: narOfFile('x') });
    const batched = new AtticClient({ endpoint: attic.url, cache: 'team', token, batchSize: 10 });
    const { missing, requests } = await batched.missingPaths(paths);
    expect(requests).toBe(3);
    expect(attic.requests('POST', '/_api/v1/get-missing-paths')).toHaveLength(3);
    expect(missing.size).toBe(24);
    expect(missing.has(paths[3]!)).toBe(false);
    expect(missing.has(paths[4]!)).toBe(true);
  });

  it('uses the header below 4 KiB of metadata and the preamble above, converting SRI hashes', async () => {
    const source = new MemorySource();
    const small = source.add('small');
    const refs = Array.from({ length: 100 }, (_, i) => fakeStorePath(`dep-${i}`));
    const big = source.add('many-refs', refs);
    for (const path of [small, big]) {
      const [info] = await source.pathInfo([path]);
      await client.uploadPath(info!, () => source.openNar(path));
    }
    expect(attic.uploads.map((u) => u.metadata)).toEqual(['header', 'preamble']);
    expect(attic.object('team', big)!.references).toEqual(refs);
    expect(attic.object('team', small)!.nar.equals(source.nars.get(small)!)).toBe(true);
  });
});

describe('pushPaths', () => {
  it('counts cached paths as hits, uploads the misses references first, and reports bytes', async () => {
    const source = new MemorySource();
    const base = source.add('base');
    const mid = source.add('mid', [base]);
    const top = source.add('top', [mid, base]);
    const cached = source.add('cached');
    attic.seed('team', { storePath: cached, nar: source.nars.get(cached)! });
    const report = await pushPaths({
      client,
      source,
      paths: [top, cached, mid, base],
      concurrency: 4,
      deadlineMs: 30_000,
    });
    expect(report).toMatchObject({
      candidates: 4,
      hits: 1,
      misses: 3,
      hitRate: 0.25,
      deferred: [],
      failed: [],
    });
    expect(attic.uploads.map((u) => u.storePath)).toEqual([base, mid, top]);
    expect(report.pushedBytes).toBe([base, mid, top].reduce((n, p) => n + source.nars.get(p)!.length, 0));
    expect(report.requests).toEqual({ missingQueries: 1, uploads: 3 });
  });

  it('retries a 503 upload and reports a 413 naming the limit, failing its referrers but not the step', async () => {
    const source = new MemorySource();
    const fine = source.add('fine');
    const huge = source.add('huge', [], 'z'.repeat(5000));
    const above = source.add('above-huge', [huge]);
    attic.maxBodyBytes = 2000;
    attic.inject({ method: 'PUT', path: '/_api/v1/upload-path', status: 503, times: 1 });
    const report = await pushPaths({
      client,
      source,
      paths: [fine, huge, above],
      concurrency: 1,
      deadlineMs: 30_000,
    });
    expect(report.pushed).toEqual([fine]);
    expect(report.failed.map((f) => f.path).sort()).toEqual([above, huge].sort());
    const tooBig = report.failed.find((f) => f.path === huge)!.reason;
    expect(tooBig).toContain('HTTP 413');
    expect(tooBig).toContain('limit is 2000 bytes');
    expect(report.failed.find((f) => f.path === above)!.reason).toContain('was not uploaded');
  });

  it('stops at the deadline and lists what is left as deferred', async () => {
    const source = new MemorySource();
    const paths = Array.from({ length: 6 }, (_, i) => source.add(`slow-${i}`));
    attic.inject({ method: 'PUT', path: '/_api/v1/upload-path', latencyMs: 400 });
    const report = await pushPaths({ client, source, paths, concurrency: 2, deadlineMs: 600 });
    expect(report.deadlineReached).toBe(true);
    expect(report.pushed.length).toBeLessThan(6);
    expect(report.pushed.length + report.deferred.length).toBe(6);
    expect(report.failed).toEqual([]);
    expect(report.misses).toBe(6);
  });

  it('defers everything with a clear error when the token is refused', async () => {
    const source = new MemorySource();
    const paths = [source.add('a'), source.add('b')];
    const readOnly = attic.issueToken({ caches: { team: { r: 1 } } });
    const report = await pushPaths({
      client: new AtticClient({ endpoint: attic.url, cache: 'team', token: readOnly }),
      source,
      paths,
      concurrency: 2,
      deadlineMs: 10_000,
    });
    expect(report.hitRate).toBeUndefined();
    expect(report.deferred).toEqual(paths);
    expect(report.error).toContain('HTTP 403');
    expect(report.error).toContain('push (w) permission');
  });
});
