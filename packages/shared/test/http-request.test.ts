import { createServer } from 'node:net';
import { FakeHttpServer, sendJson } from '@gloriousflywheel/testkit/http';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, FlywheelError, httpRequest, parseRetryAfter } from '../src/index';

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function startOk(): Promise<FakeHttpServer> {
  server = new FakeHttpServer((_req, res, url) => sendJson(res, 200, { path: url.pathname }));
  await server.start();
  return server;
}

const fast = { baseDelayMs: 1, maxDelayMs: 5 };

describe('httpRequest', () => {
  it('returns the answer and its body', async () => {
    const s = await startOk();
    const res = await httpRequest(`${s.url}/x`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ path: '/x' });
    expect(res.attempts).toBe(1);
  });

  it('retries 500 and 429 and then succeeds', async () => {
    const s = await startOk();
    s.inject({ path: '/x', status: 500, times: 1 });
    s.inject({ path: '/x', status: 429, times: 1 });
    const retries: string[] = [];
    const res = await httpRequest(`${s.url}/x`, { ...fast, onRetry: (r) => retries.push(r.reason) });
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(3);
    expect(retries).toEqual(['HTTP 500', 'HTTP 429']);
    expect(s.requests('GET', '/x').map((r) => r.status)).toEqual([500, 429, 200]);
  });

  it('honours Retry-After over its own backoff', async () => {
    const s = await startOk();
    s.inject({ path: '/x', status: 429, times: 1, headers: { 'retry-after': '1' } });
    const delays: number[] = [];
    const res = await httpRequest(`${s.url}/x`, { ...fast, onRetry: (r) => delays.push(r.delayMs) });
    expect(res.status).toBe(200);
    expect(delays).toEqual([1000]);
  });

  it('gives up on a Retry-After longer than it may wait and returns the 429', async () => {
    const s = await startOk();
    s.inject({ path: '/x', status: 429, headers: { 'retry-after': '3600' } });
    const res = await httpRequest(`${s.url}/x`, fast);
    expect(res.status).toBe(429);
    expect(res.attempts).toBe(1);
  });

  it('returns a 4xx without retrying', async () => {
    const s = await startOk();
    s.inject({ path: '/x', status: 404, body: { message: 'Not Found' } });
    const res = await httpRequest(`${s.url}/x`, fast);
    expect(res.status).toBe(404);
    expect(s.requests('GET', '/x')).toHaveLength(1);
  });

  it('retries a dropped connection, then names the cause', async () => {
    const s = await startOk();
    s.inject({ path: '/x', reset: true });
    const error = await httpRequest(`${s.url}/x`, { ...fast, retries: 2 }).catch((e) => e);
    expect(error).toBeInstanceOf(FlywheelError);
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.details).toMatchObject({ cause: 'reset', attempts: 3 });
    expect(s.requests('GET', '/x')).toHaveLength(3);
  });

  it('classifies a refused connection and a timeout', async () => {
    const port = await freePort();
    const refused = await httpRequest(`http://127.0.0.1:${port}/`, { ...fast, retries: 0 }).catch((e) => e);
    expect(refused.details).toMatchObject({ cause: 'refused' });
    expect(refused.message).toContain('the connection was refused');

    const s = await startOk();
    s.inject({ path: '/slow', latencyMs: 500 });
    const timedOut = await httpRequest(`${s.url}/slow`, { ...fast, retries: 0, timeoutMs: 50 }).catch(
      (e) => e,
    );
    expect(timedOut.details).toMatchObject({ cause: 'timeout' });
  });

  it('sends a fresh streamed body on every attempt', async () => {
    const bodies: string[] = [];
    server = new FakeHttpServer(async (req, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      bodies.push(text);
      sendJson(res, 200, {});
    });
    await server.start();
    server.inject({ method: 'PUT', path: '/up', status: 503, times: 1 });
    const res = await httpRequest(`${server.url}/up`, {
      ...fast,
      method: 'PUT',
      body: () =>
        (async function* () {
          yield Buffer.from('part1-');
          yield Buffer.from('part2');
        })(),
    });
    expect(res.status).toBe(200);
    expect(bodies).toEqual(['part1-part2']);
  });
});

describe('backoff', () => {
  it('grows exponentially with full jitter and a ceiling', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, options))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
