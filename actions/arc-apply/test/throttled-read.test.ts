/**
 * A read the API server throttles (429 with Retry-After, as right after a CRD is replaced: "storage
 * is (re)initializing") is tried again after the time it asks, as client-go does; without
 * Retry-After, or for a write, the 429 is the answer (RATE_LIMITED).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { kubeconfigYaml } from '@gloriousflywheel/testkit/kube';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeClientGateway, loadKubeConfig } from '../src/kube/client-gateway';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** An API server answering the first `throttled` requests 429 (with `retryAfter` when given), then an empty list. */
async function throttling(throttled: number, retryAfter?: string) {
  const seen: string[] = [];
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    if (seen.length <= throttled) {
      if (retryAfter !== undefined) res.setHeader('retry-after', retryAfter);
      res.statusCode = 429;
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'storage is (re)initializing',
          reason: 'TooManyRequests',
          details: { retryAfterSeconds: 1 },
          code: 429,
        }),
      );
      return;
    }
    res.end(
      JSON.stringify({ apiVersion: 'actions.github.com/v1alpha1', kind: 'List', items: [], metadata: {} }),
    );
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  const gw = new KubeClientGateway(loadKubeConfig(kubeconfigYaml({ server: url, token: 'kube-tok-1234' })));
  return { gw, seen };
}

describe('a throttled API server', () => {
  it('gets a read again after its Retry-After, until it answers', async () => {
    const { gw, seen } = await throttling(2, '0');
    await expect(gw.list('AutoscalingRunnerSet', 'arc-runners')).resolves.toEqual([]);
    expect(seen).toHaveLength(3);
  });

  it('answers RATE_LIMITED for a 429 without Retry-After, after one request', async () => {
    const { gw, seen } = await throttling(5);
    const error = await gw.list('AutoscalingRunnerSet', 'arc-runners').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED' });
    expect((error as Error).message).not.toContain('kube-tok-1234');
    expect(seen).toHaveLength(1);
  });

  it('never repeats a write on its own', async () => {
    const { gw, seen } = await throttling(5, '0');
    const error = await gw
      .patch('AutoscalingRunnerSet', 'arc-runners', 'nix', { spec: { maxRunners: 0 } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(seen).toEqual([
      'PATCH /apis/actions.github.com/v1alpha1/namespaces/arc-runners/autoscalingrunnersets/nix',
    ]);
  });
});
