import { createGitHubClient } from '@gloriousflywheel/shared/forge';
import { FakeGitHub } from '@gloriousflywheel/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetSnapshot, openMetricsText, pushFleet } from '../src/fleet';
import { pushgatewayMissing, pushgatewayMissingReason, startPushgateway } from './pushgateway';

const github = new FakeGitHub({ validateResponses: true });
const runner = (name: string, labels: string[], busy: boolean, status: 'online' | 'offline' = 'online') => ({
  name,
  labels: ['self-hosted', 'linux', 'x64', ...labels],
  busy,
  status,
});
const queuedJob = (name: string, label: string) => ({
  name,
  labels: [label],
  status: 'queued' as const,
  createdAt: '2026-03-02T14:00:00Z',
});

beforeAll(async () => {
  await github.start();
  github.addOrg({
    login: 'tinyland',
    runners: [
      runner('nix-1', ['tinyland-nix'], true),
      runner('nix-2', ['tinyland-nix'], false),
      runner('nix-3', ['tinyland-nix'], true),
      runner('docker-1', ['tinyland-docker'], false),
      runner('docker-2', ['tinyland-docker'], false, 'offline'),
    ],
  });
  github.addRepo({
    owner: 'tinyland',
    name: 'app',
    runs: [
      {
        status: 'queued',
        createdAt: '2026-03-02T14:00:00Z',
        jobs: [
          queuedJob('a', 'tinyland-nix'),
          queuedJob('b', 'tinyland-nix'),
          queuedJob('c', 'tinyland-docker'),
        ],
      },
      {
        status: 'in_progress',
        createdAt: '2026-03-02T13:59:00Z',
        jobs: [
          queuedJob('d', 'tinyland-nix'),
          { name: 'e', labels: ['tinyland-nix'], status: 'in_progress', createdAt: '2026-03-02T13:59:00Z' },
        ],
      },
      { status: 'completed', createdAt: '2026-03-02T13:00:00Z', jobs: [queuedJob('old', 'tinyland-nix')] },
    ],
  });
});
afterAll(() => github.stop());

const client = () => createGitHubClient({ token: 'ghs_test', baseUrl: github.apiUrl, retries: 0 });

describe('fleet gauges', () => {
  it('counts active, idle and queued per pool from the org runners and the repo queue', async () => {
    const snapshot = await fleetSnapshot(client(), {
      org: 'tinyland',
      repositories: [{ owner: 'tinyland', repo: 'app' }],
      pools: [],
    });
    expect(snapshot.runners).toBe(5);
    expect(snapshot.offline).toBe(1);
    expect(snapshot.pools).toEqual([
      { pool: 'tinyland-docker', active: 0, idle: 1, queueDepth: 1 },
      { pool: 'tinyland-nix', active: 2, idle: 1, queueDepth: 3 },
    ]);
    expect(github.validationErrors).toEqual([]);
  });

  it('writes the runner specification metric names as OpenMetrics text', async () => {
    const text = await openMetricsText({
      takenAt: 'now',
      scope: 'x',
      runners: 1,
      offline: 0,
      pools: [{ pool: 'default', active: 2, idle: 3, queueDepth: 21 }],
    });
    expect(text).toContain('# TYPE runner_active gauge');
    expect(text).toContain('runner_active{pool="default"} 2');
    expect(text).toContain('runner_idle{pool="default"} 3');
    expect(text).toContain('queue_depth{pool="default"} 21');
    expect(text.trimEnd().endsWith('# EOF')).toBe(true);
  });

  it.skipIf(pushgatewayMissing)(
    `pushes to a real Pushgateway and reads it back (${pushgatewayMissingReason})`,
    async () => {
      const gateway = await startPushgateway();
      try {
        const snapshot = await fleetSnapshot(client(), {
          org: 'tinyland',
          repositories: [{ owner: 'tinyland', repo: 'app' }],
          pools: ['tinyland-nix'],
        });
        await pushFleet(snapshot, gateway.url, 'gloriousflywheel-fleet');
        const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
        expect(metrics).toMatch(
          /runner_active\{[^}]*job="gloriousflywheel-fleet"[^}]*pool="tinyland-nix"[^}]*\} 2/,
        );
        expect(metrics).toMatch(/runner_idle\{[^}]*pool="tinyland-nix"[^}]*\} 1/);
        expect(metrics).toMatch(/queue_depth\{[^}]*pool="tinyland-nix"[^}]*\} 3/);
        // A second push replaces the group (PUT): a pool that went away is gone.
        await pushFleet(
          { ...snapshot, pools: [{ pool: 'tinyland-docker', active: 0, idle: 0, queueDepth: 4 }] },
          gateway.url,
          'gloriousflywheel-fleet',
        );
        // Only this test's group counts: the gateway may hold other groups.
        const after = (await (await fetch(`${gateway.url}/metrics`)).text())
          .split('\n')
          .filter((line) => line.includes('job="gloriousflywheel-fleet"'))
          .join('\n');
        expect(after).not.toMatch(/pool="tinyland-nix"/);
        expect(after).toMatch(/queue_depth\{[^}]*pool="tinyland-docker"[^}]*\} 4/);
      } finally {
        await gateway.stop();
      }
    },
  );

  it('turns an unreachable Pushgateway into PUSH_FAILED', async () => {
    const snapshot = { takenAt: 'now', scope: 'x', runners: 0, offline: 0, pools: [] };
    await expect(pushFleet(snapshot, 'http://127.0.0.1:1', 'job')).rejects.toMatchObject({
      code: 'PUSH_FAILED',
    });
  });

  it('refuses a fleet query with no scope', async () => {
    await expect(fleetSnapshot(client(), { repositories: [], pools: [] })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});
