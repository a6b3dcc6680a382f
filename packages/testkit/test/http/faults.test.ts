/**
 * The fault kinds issue 11's probe used, on every fake: a server that accepts and never answers,
 * and one that promises a body (Content-Length) and cuts it half-way.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeHttpServer, sendJson } from '../../src/http/fake-server';
import {
  LOOPBACK_FAULTS,
  type LoopbackFaultServer,
  startLoopbackFault,
} from '../../src/http/loopback-faults';

const BODY = { items: Array.from({ length: 100 }, (_, i) => ({ id: i })) };
let server: FakeHttpServer | undefined;
let loopback: LoopbackFaultServer | undefined;
afterEach(async () => {
  await server?.stop();
  await loopback?.stop();
  server = undefined;
  loopback = undefined;
});

interface Outcome {
  status?: number;
  promised?: number;
  received: number;
  error?: string;
}

/** A plain GET that reports what arrived and how it ended (no client library between). */
function get(url: string, giveUpMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { received: 0 };
    const req = request(url, (res) => {
      outcome.status = res.statusCode;
      const length = res.headers['content-length'];
      if (length) outcome.promised = Number(length);
      res.on('data', (chunk: Buffer) => {
        outcome.received += chunk.length;
      });
      res.on('end', () => resolve(outcome));
      res.on('error', (e) => resolve({ ...outcome, error: e.message }));
    });
    req.setTimeout(giveUpMs, () => req.destroy(new Error('client gave up')));
    req.on('error', (e) => resolve({ ...outcome, error: e.message }));
    req.end();
  });
}

async function fake(): Promise<string> {
  server = new FakeHttpServer((_req, res) => sendJson(res, 200, BODY));
  return server.start();
}

describe('FaultInjector', () => {
  it('hang: the request is taken and never answered', async () => {
    const url = await fake();
    server?.inject({ hang: true, times: 1 });
    const hung = await get(`${url}/x`, 500);
    expect(hung).toEqual({ received: 0, error: 'client gave up' });
    expect(server?.requests('GET', '/x')).toHaveLength(1);
    // Only the one request: the next is answered.
    const next = await get(`${url}/x`, 5000);
    expect(next.status).toBe(200);
    expect(next.error).toBeUndefined();
  });

  it('truncateBody: the headers promise the whole body, half arrives, the connection drops', async () => {
    const url = await fake();
    server?.inject({ truncateBody: true });
    const cut = await get(`${url}/x`, 5000);
    const whole = Buffer.byteLength(JSON.stringify(BODY));
    expect(cut.status).toBe(200);
    expect(cut.promised).toBe(whole);
    expect(cut.received).toBeGreaterThan(0);
    expect(cut.received).toBeLessThan(whole);
    expect(cut.error).toMatch(/aborted|socket hang up|ECONNRESET/);
  });
});

describe('startLoopbackFault', () => {
  it.each(LOOPBACK_FAULTS)('%s behaves as its name says', async (fault) => {
    loopback = await startLoopbackFault(fault);
    const outcome = await get(`${loopback.url}/anything`, 800);
    switch (fault) {
      case 'refused':
        expect(outcome.error).toMatch(/ECONNREFUSED/);
        break;
      case 'hang':
        expect(outcome).toEqual({ received: 0, error: 'client gave up' });
        break;
      case 'status-500':
        expect(outcome.status).toBe(500);
        break;
      case 'html':
      case 'not-json':
        expect(outcome.status).toBe(200);
        expect(outcome.error).toBeUndefined();
        expect(outcome.received).toBeGreaterThan(0);
        break;
      case 'truncated':
        expect(outcome.received).toBeLessThan(outcome.promised ?? 0);
        expect(outcome.error).toBeDefined();
        break;
    }
  });
});
