import { createServer } from 'node:net';
import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import { FakeBazelRemote } from '@gloriousflywheel/testkit/bazel';
import { afterEach, describe, expect, it } from 'vitest';
import { probeAtticCache, probeBazelRemote } from '../../src/cache';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function atticServer() {
  const attic = new FakeAtticServer();
  await attic.start();
  stops.push(() => attic.stop());
  attic.createCache('team');
  return attic;
}

/** A port nothing listens on: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('probeAtticCache', () => {
  it('returns the cache config when the token can pull', async () => {
    const attic = await atticServer();
    const token = attic.issueToken({ caches: { team: { r: 1 } } });
    const result = await probeAtticCache({ endpoint: attic.url, cache: 'team', token });
    expect(result.available).toBe(true);
    if (!result.available) return;
    expect(result.config.public_key).toBe(attic.caches.get('team')!.key.publicKey);
    expect(result.config.substituter_endpoint).toBe(`${attic.url}/team`);
    expect(result.public).toBe(false);
    expect(result.requests).toBe(2);
  });

  it('names each failure cause: unauthorized, expired, not-found, refused, dns, timeout, http-502', async () => {
    const attic = await atticServer();
    const noToken = await probeAtticCache({ endpoint: attic.url, cache: 'team' });
    expect(noToken).toMatchObject({
      available: false,
      cause: 'unauthorized',
      stage: 'nix-cache-info',
      status: 401,
    });

    const expired = attic.issueToken({
      caches: { team: { r: 1 } },
      expiresAt: new Date(Date.now() - 60_000),
    });
    const stale = await probeAtticCache({ endpoint: attic.url, cache: 'team', token: expired });
    expect(stale).toMatchObject({ available: false, cause: 'unauthorized' });
    if (!stale.available) expect(stale.message).toContain('invalid or expired');

    const admin = attic.issueToken({ caches: { '*': { r: 1 } } });
    const missing = await probeAtticCache({ endpoint: attic.url, cache: 'nope', token: admin });
    expect(missing).toMatchObject({ available: false, cause: 'not-found', status: 404 });

    const refused = await probeAtticCache({
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      cache: 'team',
      retries: 0,
    });
    expect(refused).toMatchObject({ available: false, cause: 'refused' });

    const dns = await probeAtticCache({ endpoint: 'http://attic.invalid/', cache: 'team', retries: 0 });
    expect(dns).toMatchObject({ available: false, cause: 'dns' });

    attic.inject({ path: '/team/nix-cache-info', latencyMs: 2000 });
    const slow = await probeAtticCache({ endpoint: attic.url, cache: 'team', timeoutMs: 150, retries: 0 });
    expect(slow).toMatchObject({ available: false, cause: 'timeout' });
    attic.faults.clear();

    attic.inject({ path: '/_api/v1/cache-config', status: 502 });
    const token = attic.issueToken({ caches: { team: { r: 1 } } });
    const bad = await probeAtticCache({ endpoint: attic.url, cache: 'team', token, retries: 0 });
    expect(bad).toMatchObject({ available: false, cause: 'http-502', stage: 'cache-config' });
  });

  it('retries a transient 503 once and then succeeds', async () => {
    const attic = await atticServer();
    attic.createCache('open', { isPublic: true });
    attic.inject({ path: '/open/nix-cache-info', status: 503, times: 1 });
    const result = await probeAtticCache({ endpoint: `${attic.url}/`, cache: 'open' });
    expect(result).toMatchObject({ available: true, public: true, requests: 3 });
  });

  it('never puts the token in a failure message', async () => {
    const attic = await atticServer();
    const token = attic.issueToken({ caches: { other: { r: 1 } } });
    const result = await probeAtticCache({ endpoint: attic.url, cache: 'team', token });
    expect(result.available).toBe(false);
    expect(JSON.stringify(result)).not.toContain(token);
  });
});

describe('probeBazelRemote', () => {
  it('is available with the right credentials and unauthorized without', async () => {
    const bazel = new FakeBazelRemote({ bearerTokens: ['bz-token'], basicAuth: ['ci:pw'] });
    await bazel.start();
    stops.push(() => bazel.stop());
    expect(await probeBazelRemote({ url: bazel.url, token: 'bz-token' })).toMatchObject({ available: true });
    expect(await probeBazelRemote({ url: bazel.url, token: 'ci:pw' })).toMatchObject({ available: true });
    expect(await probeBazelRemote({ url: bazel.url })).toMatchObject({
      available: false,
      cause: 'unauthorized',
    });
    expect(bazel.requests('HEAD', '/cas/').length).toBe(3);
  });

  it('reports refused and a URL that is not a bazel-remote cache', async () => {
    const refused = await probeBazelRemote({ url: `http://127.0.0.1:${await closedPort()}`, retries: 0 });
    expect(refused).toMatchObject({ available: false, cause: 'refused' });
    const attic = await atticServer();
    const wrong = await probeBazelRemote({ url: attic.url });
    expect(wrong).toMatchObject({ available: false, cause: 'not-found' });
  });
});
