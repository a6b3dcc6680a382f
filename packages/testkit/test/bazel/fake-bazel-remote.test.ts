import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_SHA256, FakeBazelRemote } from '../../src/bazel';

let server: FakeBazelRemote | undefined;
afterEach(async () => {
  await server?.stop();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('fake bazel-remote', () => {
  it('always has the empty blob and round-trips CAS and AC entries', async () => {
    server = new FakeBazelRemote();
    await server.start();
    expect((await fetch(`${server.url}/cas/${EMPTY_SHA256}`, { method: 'HEAD' })).status).toBe(200);
    const blob = Buffer.from('action output');
    expect((await fetch(`${server.url}/cas/${sha(blob)}`, { method: 'PUT', body: blob })).status).toBe(200);
    const got = await fetch(`${server.url}/cas/${sha(blob)}`);
    expect(Buffer.from(await got.arrayBuffer()).toString()).toBe('action output');
    const key = sha(Buffer.from('action key'));
    expect((await fetch(`${server.url}/ac/${key}`)).status).toBe(404);
    await fetch(`${server.url}/ac/${key}`, { method: 'PUT', body: 'result' });
    expect(await (await fetch(`${server.url}/ac/${key}`)).text()).toBe('result');
    expect(server.counters.get).toEqual({ hit: 2, miss: 1 });
  });

  it('rejects a CAS upload whose body does not match its hash', async () => {
    server = new FakeBazelRemote();
    await server.start();
    const res = await fetch(`${server.url}/cas/${sha(Buffer.from('a'))}`, { method: 'PUT', body: 'b' });
    expect(res.status).toBe(400);
    expect(server.cas.size).toBe(0);
  });

  it('requires Basic or Bearer credentials when configured, optionally not for reads', async () => {
    server = new FakeBazelRemote({
      basicAuth: ['ci:s3cret'],
      bearerTokens: ['tok'],
      allowUnauthenticatedReads: true,
    });
    await server.start();
    const blob = Buffer.from('x');
    const url = `${server.url}/cas/${sha(blob)}`;
    expect((await fetch(url, { method: 'PUT', body: blob })).status).toBe(401);
    const basic = `Basic ${Buffer.from('ci:s3cret').toString('base64')}`;
    expect((await fetch(url, { method: 'PUT', body: blob, headers: { authorization: basic } })).status).toBe(
      200,
    );
    expect(
      (await fetch(url, { method: 'PUT', body: blob, headers: { authorization: 'Bearer tok' } })).status,
    ).toBe(200);
    expect(
      (await fetch(url, { method: 'PUT', body: blob, headers: { authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    expect((await fetch(url)).status).toBe(200);
  });

  it('serves /status and instance-prefixed paths', async () => {
    server = new FakeBazelRemote();
    await server.start();
    server.seedCas(Buffer.from('seeded'));
    const status = (await (await fetch(`${server.url}/status`)).json()) as Record<string, number>;
    expect(status['NumFiles']).toBe(1);
    expect(
      (await fetch(`${server.url}/main/cas/${sha(Buffer.from('seeded'))}`, { method: 'HEAD' })).status,
    ).toBe(200);
  });
});
