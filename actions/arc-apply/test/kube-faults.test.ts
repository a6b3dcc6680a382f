/**
 * Findings 2 and 9 (issue 11): an API server that is unreachable said `fetch failed` without naming
 * it, and one that accepts and never answers hung the drift mode for minutes. Every call now has a
 * deadline and each fault maps to a stable code naming the server.
 */
import {
  LOOPBACK_FAULTS,
  type LoopbackFault,
  type LoopbackFaultServer,
  startLoopbackFault,
} from '@gloriousflywheel/testkit/http';
import { kubeconfigYaml } from '@gloriousflywheel/testkit/kube';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeClientGateway, loadKubeConfig } from '../src/kube/client-gateway';

let server: LoopbackFaultServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const CODE: Record<LoopbackFault, string> = {
  refused: 'KUBE_UNREACHABLE',
  hang: 'KUBE_UNREACHABLE',
  'status-500': 'HTTP_ERROR',
  html: 'BAD_RESPONSE',
  'not-json': 'BAD_RESPONSE',
  truncated: 'KUBE_UNREACHABLE',
};

describe.each(LOOPBACK_FAULTS)('the Kubernetes API server meeting %s', (fault) => {
  it('ends in a classified error naming the server, within the deadline', async () => {
    server = await startLoopbackFault(fault);
    const gw = new KubeClientGateway(
      loadKubeConfig(kubeconfigYaml({ server: server.url, token: 'kube-tok-1234' })),
      {
        timeoutMs: 700,
      },
    );
    const error = await gw.list('AutoscalingRunnerSet', 'arc-runners').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: CODE[fault] });
    const message = (error as Error).message;
    expect(message).toContain(`the Kubernetes API server at ${new URL(server.url).host}`);
    expect(message).toMatch(/^list AutoscalingRunnerSet in arc-runners: /);
    expect(message).not.toContain('kube-tok-1234');
  });
});
