import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtticClient, type PushEvent, StreamPusher, UploadGraph } from '../../src/cache';
import { MemorySource } from './memory-source';

let attic: FakeAtticServer;
let client: AtticClient;

beforeEach(async () => {
  attic = new FakeAtticServer();
  await attic.start();
  attic.createCache('team');
  const token = attic.issueToken({ caches: { team: { r: 1, w: 1 } } });
  client = new AtticClient({ endpoint: attic.url, cache: 'team', token, retries: 0 });
});
afterEach(async () => {
  await attic.stop();
});

describe('UploadGraph', () => {
  const info = (path: string, references: string[] = []) => ({
    path,
    narHash: 'sha256:x',
    narSize: 1,
    references,
    sigs: [],
  });

  it('holds a referrer back for a reference that joins after it, and fails referrers of a failure', () => {
    const graph = new UploadGraph();
    graph.join([info('/s/top', ['/s/mid'])]);
    graph.join([info('/s/mid', ['/s/base']), info('/s/base')]);
    expect(graph.takeReady()?.path).toBe('/s/base');
    expect(graph.takeReady()).toBeUndefined();
    expect(graph.settle('/s/base', true)).toEqual([]);
    expect(graph.takeReady()?.path).toBe('/s/mid');
    expect(graph.settle('/s/mid', false)).toEqual(['/s/top']);
    expect(graph.size).toBe(0);
  });
});

describe('StreamPusher', () => {
  it('batches paths that arrive close together into one question to the cache', async () => {
    const source = new MemorySource();
    const events: PushEvent[] = [];
    const pusher = new StreamPusher({
      client,
      source,
      concurrency: 4,
      lingerMs: 60_000,
      onEvent: (e) => events.push(e),
    });
    const base = source.add('base');
    pusher.add([base]);
    const top = source.add('top', [base]);
    pusher.add([top]);
    const cached = source.add('cached');
    attic.seed('team', { storePath: cached, nar: source.nars.get(cached)! });
    pusher.add([cached]);
    // The linger is long: only drain() sends the batch, as one request.
    await pusher.drain();
    expect(attic.requests('POST', '/_api/v1/get-missing-paths')).toHaveLength(1);
    expect(attic.uploads.map((u) => u.storePath)).toEqual([base, top]);
    expect(events.filter((e) => e.kind === 'hit').map((e) => e.path)).toEqual([cached]);
    expect(events.filter((e) => e.kind === 'pushed')).toHaveLength(2);
    expect(pusher.idle).toBe(true);
  });

  it('uploads in arrival order as paths come, and keeps streaming after a drain', async () => {
    const source = new MemorySource();
    const pusher = new StreamPusher({ client, source, concurrency: 2, lingerMs: 0 });
    const a = source.add('a');
    pusher.add([a]);
    await pusher.drain();
    pusher.resume();
    const b = source.add('b', [a]);
    pusher.add([b]);
    await pusher.drain();
    expect(attic.uploads.map((u) => u.storePath)).toEqual([a, b]);
    expect(pusher.counters).toMatchObject({ missingQueries: 2, uploads: 2 });
  });

  it('retries a failing upload with backoff, then records it as a transient failure', async () => {
    const source = new MemorySource();
    const events: PushEvent[] = [];
    const flaky = source.add('flaky');
    const later = source.add('later');
    attic.inject({ method: 'PUT', path: '/_api/v1/upload-path', status: 503, times: 2 });
    const pusher = new StreamPusher({
      client,
      source,
      concurrency: 1,
      retryRounds: 3,
      retryBaseMs: 10,
      onEvent: (e) => events.push(e),
    });
    pusher.add([flaky, later]);
    await pusher.drain();
    expect(
      events
        .filter((e) => e.kind === 'pushed')
        .map((e) => e.path)
        .sort(),
    ).toEqual([flaky, later].sort());
    attic.inject({ method: 'PUT', path: '/_api/v1/upload-path', status: 502 });
    const doomed = source.add('doomed');
    pusher.add([doomed]);
    await pusher.drain();
    expect(events.at(-1)).toMatchObject({ kind: 'failed', path: doomed, transient: true });
    // 1 + 3 rounds for the doomed path.
    expect(attic.requests('PUT', '/_api/v1/upload-path').filter((r) => r.status === 502)).toHaveLength(4);
  });

  it('sends the NAR again when the server got a different one than announced (lost in transit)', async () => {
    const source = new MemorySource();
    const events: PushEvent[] = [];
    const path = source.add('lost');
    attic.inject({
      method: 'PUT',
      path: '/_api/v1/upload-path',
      times: 1,
      status: 400,
      body: { code: 400, error: 'RequestError', message: 'General request error: Bad NAR Hash or Size' },
    });
    const pusher = new StreamPusher({
      client,
      source,
      concurrency: 1,
      retryBaseMs: 10,
      onEvent: (e) => events.push(e),
    });
    pusher.add([path]);
    await pusher.drain();
    expect(events.map((e) => e.kind)).toEqual(['miss', 'pushed']);
    expect(source.opened).toBe(2);
  });

  it('holds at most what it was given: its backlog, never more', async () => {
    const source = new MemorySource();
    const paths = Array.from({ length: 30 }, (_, i) => source.add(`p${i}`));
    attic.inject({ method: 'PUT', path: '/_api/v1/upload-path', latencyMs: 20 });
    const pusher = new StreamPusher({ client, source, concurrency: 2, batchSize: 5 });
    pusher.add(paths);
    expect(pusher.backlog).toBe(30);
    await pusher.drain();
    expect(pusher.backlog).toBe(0);
    expect(pusher.counters.peakBacklog).toBe(30);
    expect(attic.requests('POST', '/_api/v1/get-missing-paths').length).toBe(6);
  });
});
