import { FakeGitHub } from '@gloriousflywheel/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient, GitHubSource } from '../../src/forge';

/** A workflow expression as YAML writes it. */
const EXPR = (inner: string) => `$${'{{'} ${inner} }}`;

const at = (minute: number, second = 0) =>
  `2026-03-02T14:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}Z`;

describe('GitHubSource against the fake GitHub API', () => {
  const fake = new FakeGitHub({ validateResponses: true });
  let source: GitHubSource;

  beforeAll(async () => {
    fake.addOrg({
      login: 'acme',
      groups: [
        {
          id: 7,
          name: 'linux',
          visibility: 'selected',
          repositories: ['api'],
          allowsPublicRepositories: false,
        },
        {
          id: 8,
          name: 'deploy',
          visibility: 'all',
          restrictedToWorkflows: true,
          selectedWorkflows: ['acme/api/.github/workflows/deploy.yml@refs/heads/main'],
        },
        { id: 9, name: 'private-only', visibility: 'private' },
      ],
      runners: [
        { name: 'linux-1', labels: ['self-hosted', 'linux'], groupId: 7, busy: true },
        { name: 'linux-2', labels: ['self-hosted', 'linux'], groupId: 7, status: 'offline' },
        { name: 'deploy-1', labels: ['deploy'], groupId: 8 },
      ],
    });
    fake.addRepo({
      owner: 'acme',
      name: 'api',
      runners: [{ name: 'own-1', labels: ['linux'] }],
      files: {
        '.github/workflows/ci.yml':
          'on: push\njobs:\n  build:\n    runs-on: [self-hosted, linux]\n    steps: []\n',
        '.github/workflows/matrix.yml': `on: push\njobs:\n  test:\n    strategy:\n      matrix:\n        os: [linux, { extra: gpu }]\n    runs-on: ${EXPR('matrix.os')}\n    steps: []\n  grouped:\n    runs-on: { group: linux, labels: [deploy] }\n    steps: []\n`,
        '.github/workflows/notes.txt': 'not yaml',
      },
      runs: [
        {
          id: 300,
          createdAt: at(0),
          jobs: [
            {
              id: 31,
              name: 'build',
              labels: ['linux'],
              createdAt: at(0, 5),
              startedAt: at(0, 5),
              conclusion: 'timed_out',
              runnerName: 'linux-1',
              steps: [
                { name: 'Set up job', startedAt: at(0, 42), completedAt: at(0, 45) },
                { name: 'make', startedAt: at(0, 45), completedAt: at(2) },
              ],
            },
            { id: 32, name: 'wait', labels: ['linux'], createdAt: at(0, 5), status: 'queued' },
          ],
        },
      ],
    });
    fake.addRepo({ owner: 'acme', name: 'web', private: false });
    fake.addRepo({ owner: 'someone', name: 'dotfiles' });
    await fake.start();
    source = new GitHubSource(createGitHubClient({ token: 't', baseUrl: fake.apiUrl, retries: 0 }));
  });
  afterAll(() => fake.stop());

  it('reads the repository with its visibility', async () => {
    expect(await source.repository('acme/api')).toMatchObject({
      fullName: 'acme/api',
      owner: 'acme',
      name: 'api',
      visibility: 'private',
      archived: false,
      defaultBranch: 'main',
    });
    expect((await source.repository('acme/web')).visibility).toBe('public');
  });

  it('gives repo-level and org runners with their pools, and the group rules as data', async () => {
    const api = await source.repository('acme/api');
    const [repoScope, orgScope] = source.runnerScopes(api);
    expect(await repoScope!.runners('linux')).toMatchObject({
      matching: [{ name: 'own-1', pool: 'repository', paused: false }],
      total: null,
    });
    const org = await orgScope!.runners('linux');
    expect(org?.total).toBe(3);
    expect(org?.matching.map((r) => [r.name, r.online, r.busy, r.pool])).toEqual([
      ['linux-1', true, true, 'group 7'],
      ['linux-2', false, false, 'group 7'],
    ]);
    const pools = await orgScope!.pools();
    const linux = pools.find((p) => p.key === 'group 7')!;
    expect(linux).toMatchObject({
      title: 'group "linux"',
      settings: 'Organization settings → Actions → Runner groups → "linux"',
      rules: { allowsPublicRepositories: false, access: { to: 'selected' } },
    });
    expect(pools.find((p) => p.key === 'group 8')?.rules?.workflows).toEqual([
      'acme/api/.github/workflows/deploy.yml@refs/heads/main',
    ]);
    expect(pools.find((p) => p.key === 'group 9')?.rules?.access).toEqual({ to: 'private' });
    const access = linux.rules!.access;
    if (access.to !== 'selected') throw new Error('expected a selected group');
    expect([...(await access.repositories())]).toEqual(['api']);
    expect(fake.validationErrors).toEqual([]);
  });

  it("reads each org's runners, groups and group repositories once for all its repositories", async () => {
    const shared = new GitHubSource(createGitHubClient({ token: 't', baseUrl: fake.apiUrl, retries: 0 }));
    const before = fake.log.length;
    const repos = await Promise.all(['acme/api', 'acme/web'].map((p) => shared.repository(p)));
    for (const repo of repos) {
      const org = shared.runnerScopes(repo)[1]!;
      await Promise.all([org.runners('linux'), org.runners('deploy'), org.pools()]);
      for (const pool of await org.pools()) {
        if (pool.rules?.access.to === 'selected') await pool.rules.access.repositories();
      }
    }
    const made = fake.log.slice(before).map((r) => r.path);
    expect(made.filter((p) => p === '/orgs/acme/actions/runners')).toHaveLength(1);
    expect(made.filter((p) => p === '/orgs/acme/actions/runner-groups')).toHaveLength(1);
    expect(made.filter((p) => p === '/orgs/acme/actions/runner-groups/7/repositories')).toHaveLength(1);
  });

  it('has no org scope for a user account (404), rather than a refusal', async () => {
    const repo = await source.repository('someone/dotfiles');
    expect(await source.runnerScopes(repo)[1]!.runners('linux')).toBeNull();
  });

  it('maps jobs: queue wait from the first step, waiting jobs, outcomes', async () => {
    const api = await source.repository('acme/api');
    const jobs = await source.recentJobs(api, { maxRuns: 5, since: new Date('2026-03-01T00:00:00Z') });
    expect(jobs.find((j) => j.id === 31)).toEqual({
      id: 31,
      runId: 300,
      name: 'build',
      labels: ['linux'],
      state: 'done',
      outcome: 'failure',
      status: 'completed',
      conclusion: 'timed_out',
      createdAt: at(0, 5),
      startedAt: at(0, 5),
      pickedUpAt: at(0, 42),
      queueSeconds: 37,
      setupSeconds: 3,
      completedAt: null,
      runnerName: 'linux-1',
    });
    expect(jobs.find((j) => j.id === 32)).toMatchObject({
      state: 'waiting',
      runnerName: null,
      queueSeconds: null,
    });
    expect(await source.recentJobs(api, { maxRuns: 5, since: new Date('2026-03-03T00:00:00Z') })).toEqual([]);
    expect((await source.job('acme/api', 31)).queueSeconds).toBe(37);
    expect((await source.runJobs('acme/api', 300)).map((j) => j.id)).toEqual([31, 32]);
    expect(fake.validationErrors).toEqual([]);
  });

  it('reads the workflow files and the labels each job asks for, matrix values included', async () => {
    const config = await source.ciConfig(await source.repository('acme/api'));
    expect(config.files).toEqual(['.github/workflows/ci.yml', '.github/workflows/matrix.yml']);
    expect(config.unreadIncludes).toBe(false);
    expect(config.jobs).toEqual([
      { file: '.github/workflows/ci.yml', name: 'build', labels: ['self-hosted', 'linux'] },
      { file: '.github/workflows/matrix.yml', name: 'test', labels: [EXPR('matrix.os'), 'linux', 'gpu'] },
      { file: '.github/workflows/matrix.yml', name: 'grouped', labels: ['deploy'] },
    ]);
    await expect(source.ciConfig(await source.repository('acme/web'))).rejects.toMatchObject({ status: 404 });
  });
});
