import { FakeGitLab } from '@gloriousflywheel/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitLabClient, GitLabSource } from '../../src/forge';

const GROUP_RUNNER = {
  id: 11,
  description: 'nix runner',
  runnerType: 'group_type' as const,
  tags: ['nix', 'docker'],
  locked: true,
};

describe('GitLabSource against the fake GitLab API', () => {
  const fake = new FakeGitLab();
  let source: GitLabSource;

  beforeAll(async () => {
    fake.tokens.add('glpat');
    fake.addProject({
      id: 41,
      path: 'acme/infra/app',
      runners: [
        GROUP_RUNNER,
        { id: 12, description: 'shared', runnerType: 'instance_type', tags: ['nix'], runUntagged: true },
      ],
      files: {
        '.gitlab-ci.yml': [
          'include: [{ local: ci/more.yml }]',
          'default: { tags: [docker] }',
          '.nix: { tags: [nix] }',
          '.gpu: { tags: [gpu] }',
          'build: { extends: [.gpu, .nix], script: [nix build] }',
          'lint: { script: [true] }',
          'loop: { extends: loop, script: [true] }',
        ].join('\n'),
      },
      jobs: [
        {
          id: 501,
          name: 'build',
          tags: ['nix'],
          createdAt: '2026-03-02T14:00:00Z',
          startedAt: '2026-03-02T14:00:09Z',
          queuedDuration: 6.4,
          runnerId: 11,
        },
        { id: 502, name: 'wait', tags: ['nix'], status: 'pending', createdAt: '2026-03-02T14:01:00Z' },
        {
          id: 503,
          name: 'old',
          tags: ['nix'],
          status: 'failed',
          createdAt: '2026-02-01T00:00:00Z',
          runnerId: 11,
        },
      ],
    });
    fake.addProject({
      id: 42,
      path: 'acme/infra/site',
      sharedRunnersEnabled: false,
      runners: [GROUP_RUNNER, { id: 13, description: 'shared', runnerType: 'instance_type', tags: ['nix'] }],
    });
    await fake.start();
    source = new GitLabSource(createGitLabClient({ host: fake.url, token: 'glpat' }));
  });
  afterAll(() => fake.stop());

  it('reads the project, with the setting that decides whether instance runners serve it', async () => {
    expect(await source.repository('acme/infra/app')).toEqual({
      id: 41,
      fullName: 'acme/infra/app',
      owner: 'acme/infra',
      name: 'app',
      visibility: 'private',
      archived: false,
      defaultBranch: 'main',
      notes: ['shared runners enabled: true'],
    });
  });

  it('lists the runners GitLab makes available, by runner type, and reads each runner once', async () => {
    const app = await source.repository('acme/infra/app');
    const site = await source.repository('acme/infra/site');
    const [scope] = source.runnerScopes(app);
    const nix = await scope!.runners('nix');
    expect(nix).toEqual({
      total: null,
      matching: [
        {
          id: 11,
          name: 'nix runner',
          status: 'online',
          online: true,
          busy: null,
          paused: false,
          labels: ['nix', 'docker'],
          pool: 'group_type',
          notes: ['locked', 'run_untagged false'],
        },
        expect.objectContaining({ id: 12, pool: 'instance_type', notes: ['run_untagged true'] }),
      ],
    });
    // Instance runners are not listed for a project that disabled them.
    const siteNix = await source.runnerScopes(site)[0]!.runners('nix');
    expect(siteNix?.matching.map((r) => r.id)).toEqual([11]);
    await scope!.runners('docker');
    // The group runner served two projects and two tags: its details were read once.
    expect(fake.requests('GET', '/api/v4/runners/11')).toHaveLength(1);
    expect((await scope!.pools()).map((p) => [p.key, p.rules])).toEqual([
      ['instance_type', undefined],
      ['group_type', undefined],
      ['project_type', undefined],
    ]);
  });

  it('maps jobs (queued_duration, pending, outcome) and drops those older than the window', async () => {
    const app = await source.repository('acme/infra/app');
    const jobs = await source.recentJobs(app, { maxRuns: 10, since: new Date('2026-03-01T00:00:00Z') });
    expect(jobs.map((j) => j.id)).toEqual([502, 501]);
    expect(jobs.find((j) => j.id === 501)).toEqual({
      id: 501,
      runId: 502,
      name: 'build',
      labels: ['nix'],
      state: 'done',
      outcome: 'success',
      status: 'success',
      conclusion: 'success',
      createdAt: '2026-03-02T14:00:00Z',
      startedAt: '2026-03-02T14:00:09Z',
      pickedUpAt: '2026-03-02T14:00:09Z',
      queueSeconds: 6.4,
      setupSeconds: null,
      completedAt: null,
      runnerName: 'nix runner',
    });
    expect(jobs.find((j) => j.id === 502)).toMatchObject({
      state: 'waiting',
      outcome: null,
      runnerName: null,
    });
    expect((await source.job('acme/infra/app', 503)).outcome).toBe('failure');
  });

  it('resolves the tags of .gitlab-ci.yml jobs: own, through extends (last parent wins), default', async () => {
    const config = await source.ciConfig(await source.repository('acme/infra/app'));
    expect(config).toEqual({
      files: ['.gitlab-ci.yml'],
      unreadIncludes: true,
      jobs: [
        { file: '.gitlab-ci.yml', name: 'build', labels: ['nix'] },
        { file: '.gitlab-ci.yml', name: 'lint', labels: ['docker'] },
        { file: '.gitlab-ci.yml', name: 'loop', labels: ['docker'] },
      ],
    });
    await expect(source.ciConfig(await source.repository('acme/infra/site'))).rejects.toMatchObject({
      cause: { response: { status: 404 } },
    });
  });
});
