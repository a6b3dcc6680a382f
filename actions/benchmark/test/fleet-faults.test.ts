/**
 * Findings 9 and 10 (issue 11): a forge API that cut its body made fleet mode exit 0 reporting
 * "0 runners", a Pushgateway that cut its body ended the process with exit 13 and the minified
 * bundle on stderr, and a server that never answers kept fleet mode running. Each fault now ends,
 * within the call's deadline, in a classified error naming the host.
 */
import { FlywheelError } from '@gloriousflywheel/shared';
import { createGitHubClient, GitHubSource } from '@gloriousflywheel/shared/forge';
import {
  LOOPBACK_FAULTS,
  type LoopbackFault,
  type LoopbackFaultServer,
  startLoopbackFault,
} from '@gloriousflywheel/testkit/http';
import { afterEach, describe, expect, it } from 'vitest';
import { readForgeFleet } from '../src/fleet/forge-fleet';
import { pushGauges } from '../src/fleet/gauges';
import { pushKpiValues } from '../src/reports';
import type { PlatformScore } from '../src/scorecard/platform';

/** pushKpiValues reads only the KPIs: none is enough to make it push. */
const NO_KPIS = { kpis: [] } as unknown as PlatformScore;

let server: LoopbackFaultServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function failure(promise: Promise<unknown>): Promise<FlywheelError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(FlywheelError);
  return outcome.error as FlywheelError;
}

const FORGE: Record<LoopbackFault, string> = {
  refused: 'FORGE_UNREACHABLE',
  hang: 'FORGE_UNREACHABLE',
  'status-500': 'FORGE_API',
  html: 'BAD_RESPONSE',
  'not-json': 'BAD_RESPONSE',
  truncated: 'FORGE_UNREACHABLE',
};

const PUSH: Record<LoopbackFault, string | undefined> = {
  refused: 'PUSHGATEWAY_UNREACHABLE',
  hang: 'PUSHGATEWAY_UNREACHABLE',
  'status-500': 'PUSH_FAILED',
  html: 'BAD_RESPONSE',
  'not-json': undefined,
  truncated: 'PUSHGATEWAY_UNREACHABLE',
};

describe.each(LOOPBACK_FAULTS)('fleet mode meeting %s', (fault) => {
  it('counts nothing: the forge call fails with its code, naming the host', async () => {
    server = await startLoopbackFault(fault);
    const client = createGitHubClient({
      token: 'ghs_t0ken_value',
      baseUrl: server.url,
      timeoutMs: 800,
      retries: 0,
    });
    const error = await failure(
      readForgeFleet(new GitHubSource(client), {
        owner: 'tinyland',
        repositories: [],
        runnerGroups: [],
        pools: [],
      }),
    );
    expect(error.code).toBe(FORGE[fault]);
    expect(error.message).toContain(new URL(server.url).host);
    expect(error.message).not.toContain('ghs_t0ken_value');
  });

  it('pushes to the Pushgateway or says why not, never a crash', async () => {
    server = await startLoopbackFault(fault);
    const push = pushGauges([], server.url, 'job', { timeoutMs: 800, retries: 0 });
    // A gateway answers a push with 200/202 and no body (its README, "API"): text after a 200 is
    // no reason to doubt it, an HTML page is a proxy or a login page in front of it.
    if (PUSH[fault] === undefined) return void (await expect(push).resolves.toBeUndefined());
    const error = await failure(push);
    expect(error.code).toBe(PUSH[fault]);
    expect(error.message).toContain(`the Pushgateway at ${new URL(server.url).host}`);
  });

  it('pushes the scorecard KPI values the same way', async () => {
    server = await startLoopbackFault(fault);
    const push = pushKpiValues(NO_KPIS, server.url, 'job', { timeoutMs: 800, retries: 0 });
    if (PUSH[fault] === undefined) return void (await expect(push).resolves.toBeUndefined());
    expect((await failure(push)).code).toBe(PUSH[fault]);
  });
});
