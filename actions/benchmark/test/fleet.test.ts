import { readFileSync } from 'node:fs';
import {
  createGitHubClient,
  createGitLabClient,
  GitHubSource,
  GitLabSource,
} from '@gloriousflywheel/shared/forge';
import { tempDirs } from '@gloriousflywheel/testkit';
import { FakeGitHub, type PlatformOrg, seedPlatformOrg } from '@gloriousflywheel/testkit/github';
import { FakeGitLab } from '@gloriousflywheel/testkit/gitlab';
import {
  pushgatewayMissing,
  pushgatewayMissingReason,
  startPushgateway,
} from '@gloriousflywheel/testkit/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFleetRecord } from '../src/fleet/fleet-record';
import { readForgeFleet } from '../src/fleet/forge-fleet';
import { gaugeRows, openMetricsText, pushGauges } from '../src/fleet/gauges';
import { runMode } from './run-mode';

const github = new FakeGitHub({ validateResponses: true });
const temp = tempDirs('flywheel-fleet');
let world: PlatformOrg;

beforeAll(async () => {
  await github.start();
  world = seedPlatformOrg(github);
});
afterAll(async () => {
  await github.stop();
  temp.cleanup();
});

const source = () =>
  new GitHubSource(createGitHubClient({ token: 'ghs_test', baseUrl: github.apiUrl, retries: 0 }));

/**
 * The fewest requests GitHub's API allows for one pass: the runner groups (1), the platform group's
 * repository list (a page per 100), the org runners (1), then for each repository that may use the
 * group its queued and its in-progress runs (GitHub filters runs by one status a request) and the
 * jobs of each active run.
 */
function minimumRequests(w: PlatformOrg): number {
  const selected = w.eligible.length + w.excluded.length;
  return 1 + Math.ceil(selected / 100) + 1 + 2 * w.eligible.length + w.activeRuns;
}

describe('fleet gauges from the forge at org scope', () => {
  it("counts the 25 jobs queued in an org repository nobody listed (the issue's case)", async () => {
    const before = github.log.length;
    const fleet = await readForgeFleet(source(), {
      owner: world.org,
      repositories: [],
      runnerGroups: [world.group],
      pools: [],
    });
    const nix = fleet.pools.find((p) => p.pool === 'tinyland-nix')!;
    expect(nix.queueDepth).toBe(25);
    expect(nix).toMatchObject({ active: 1, idle: 1 });
    expect(fleet.pools.find((p) => p.pool === 'tinyland-docker')).toMatchObject({
      queueDepth: 3,
      active: 0,
      idle: 1,
    });
    // Only the repositories that may use the platform's group were read: not the public ones the
    // group refuses, not the archived, not those outside it (whose queued jobs do not count).
    expect(fleet.repositories.sort()).toEqual([...world.eligible].sort());
    expect(fleet.groups).toEqual([{ name: world.group, serves: world.eligible.length }]);
    const requests = github.log.length - before;
    expect(requests).toBe(minimumRequests(world));
    expect(github.validationErrors).toEqual([]);
  });

  it('leaves out jobs waiting for an environment approval and jobs of finished runs', async () => {
    const fleet = await readForgeFleet(source(), {
      owner: world.org,
      repositories: [],
      runnerGroups: [world.group],
      pools: ['tinyland-nix'],
    });
    expect(fleet.waiting.filter((w) => w.labels.includes('tinyland-nix')).map((w) => w.name)).not.toContain(
      'deploy',
    );
    expect(fleet.waiting.some((w) => w.name.startsWith('stale-'))).toBe(false);
  });

  it('names an unknown runner group and a scope-less query', async () => {
    await expect(
      readForgeFleet(source(), { owner: world.org, repositories: [], runnerGroups: ['nope'], pools: [] }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('no runner group "nope"'),
    });
    await expect(
      readForgeFleet(source(), { repositories: [], runnerGroups: [], pools: [] }),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });

  it('reads a GitLab group with its subgroups in one job listing per project', async () => {
    const gitlab = new FakeGitLab();
    const at = '2026-03-02T14:00:00Z';
    const pending = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => ({
        name: `job-${tag}-${i}`,
        tags: [tag],
        status: 'pending' as const,
        createdAt: at,
      }));
    gitlab.addProject({
      path: 'tinyland/infra/app',
      runners: [{ id: 31, description: 'nix', runnerType: 'group_type', tags: ['nix'] }],
      jobs: [...pending(25, 'nix'), { name: 'build', tags: ['nix'], status: 'running', createdAt: at }],
    });
    gitlab.addProject({ path: 'tinyland/web', jobs: pending(2, 'docker') });
    gitlab.addProject({ path: 'tinyland/old', archived: true, jobs: pending(9, 'nix') });
    gitlab.addProject({ path: 'elsewhere/app', jobs: pending(5, 'nix') });
    await gitlab.start();
    try {
      const src = new GitLabSource(createGitLabClient({ host: gitlab.url, token: 'glpat' }));
      const fleet = await readForgeFleet(src, {
        owner: 'tinyland',
        repositories: [],
        runnerGroups: [],
        pools: ['nix', 'docker'],
      });
      expect(fleet.repositories.sort()).toEqual(['tinyland/infra/app', 'tinyland/web']);
      expect(fleet.pools).toEqual([
        { pool: 'nix', active: 1, idle: 0, queueDepth: 25, oldestWaitSeconds: expect.any(Number) },
        { pool: 'docker', active: 0, idle: 0, queueDepth: 2, oldestWaitSeconds: expect.any(Number) },
      ]);
      const jobListings = gitlab.requests('GET', /\/jobs$/);
      expect(jobListings).toHaveLength(2);
      expect(jobListings[0]!.query.getAll('scope[]').sort()).toEqual(['pending', 'running']);
    } finally {
      await gitlab.stop();
    }
  });
});

describe('fleet mode end to end', () => {
  it.skipIf(pushgatewayMissing)(
    `pushes runner_active, runner_idle and queue_depth per label and scale set to a real Pushgateway (${pushgatewayMissing ? pushgatewayMissingReason : 'Pushgateway present'})`,
    async () => {
      const gateway = await startPushgateway();
      const dir = temp.make();
      try {
        const r = await runMode(
          {
            mode: 'fleet',
            org: world.org,
            'runner-groups': world.group,
            token: 'ghs_test',
            'pushgateway-url': gateway.url,
            'report-dir': dir,
            'results-dir': dir,
          },
          { FLYWHEEL_API_URL: github.apiUrl },
          dir,
        );
        expect(r.exitCode, r.log).toBe(0);
        const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
        expect(metrics).toMatch(
          /queue_depth\{[^}]*job="gloriousflywheel-fleet"[^}]*pool="tinyland-nix"[^}]*\} 25/,
        );
        expect(metrics).toMatch(
          /queue_depth\{[^}]*pool="tinyland-nix"[^}]*scale_set=""[^}]*source="forge"[^}]*\} 25/,
        );
        expect(metrics).toMatch(/runner_active\{[^}]*pool="tinyland-nix"[^}]*\} 1/);
        expect(metrics).toMatch(/runner_idle\{[^}]*pool="tinyland-docker"[^}]*\} 1/);
        const record = JSON.parse(readFileSync(r.outputs['fleet-file']!, 'utf8'));
        expect(isFleetRecord(record)).toBe(true);
        expect(record.requests.forge).toBe(minimumRequests(world));
        expect(record.kpis.uptimePct).toBeNull();
        expect(readFileSync(r.outputs['metrics-file']!, 'utf8')).toContain('# TYPE queue_depth gauge');
      } finally {
        await gateway.stop();
      }
    },
  );

  it('writes the gauges as OpenMetrics, labelled pool, scale_set and source', async () => {
    const { rows } = gaugeRows(undefined, {
      source: 'metrics-url',
      scaleSets: [
        {
          scaleSet: 'tinyland-nix',
          namespace: 'arc-runners',
          assigned: 27,
          running: 2,
          registered: 2,
          busy: 2,
          idle: 0,
          desired: 2,
          min: 0,
          max: 2,
          queueDepth: 25,
          suspectStale: false,
        },
      ],
      listeners: [],
      controller: [],
      unreachable: [],
    });
    const text = await openMetricsText(rows);
    expect(text).toContain(
      'queue_depth{pool="tinyland-nix",scale_set="arc-runners/tinyland-nix",source="arc"} 25',
    );
    expect(text.trimEnd().endsWith('# EOF')).toBe(true);
  });

  it('turns an unreachable Pushgateway into PUSHGATEWAY_UNREACHABLE and a source-less pass into INPUT_INVALID', async () => {
    await expect(pushGauges([], 'http://127.0.0.1:1', 'job')).rejects.toMatchObject({
      code: 'PUSHGATEWAY_UNREACHABLE',
      message: expect.stringContaining('the Pushgateway at 127.0.0.1:1'),
    });
    const dir = temp.make();
    const r = await runMode({ mode: 'fleet', 'report-dir': dir }, {}, dir);
    expect(r.exitCode).toBe(1);
    expect(r.envelope).toMatchObject({ error: { code: 'INPUT_INVALID' } });
  });
});
