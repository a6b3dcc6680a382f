import { FakeGitHub } from '@gloriousflywheel/testkit/github';
import { FakeGitLab } from '@gloriousflywheel/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRepositories, runOutside } from '../src/outside/run-outside';

const now = new Date();
const base = {
  maxRuns: 5,
  since: new Date(now.getTime() - 86_400_000),
  now,
  checkWorkflows: false,
  maxQueueMs: 15 * 60_000,
  queueTargetMs: 60_000,
  token: 't',
  retryAfterBaseMs: 1,
};

describe('many repositories across orgs', () => {
  const fake = new FakeGitHub({ validateResponses: true });

  beforeAll(async () => {
    for (const org of ['alpha', 'beta']) {
      fake.addOrg({
        login: org,
        groups: [{ id: org === 'alpha' ? 31 : 32, name: 'platform', visibility: 'all' }],
        runners: Array.from({ length: 150 }, (_, i) => ({
          name: `${org}-${i}`,
          labels: [i % 2 ? 'nix' : 'docker'],
          groupId: org === 'alpha' ? 31 : 32,
        })),
      });
      for (let i = 0; i < 6; i++) fake.addRepo({ owner: org, name: `repo-${i}` });
    }
    await fake.start();
  });
  afterAll(() => fake.stop());

  it('reads each org once, shares it across its repositories, and pages at 100', async () => {
    const repositories = [
      ...Array.from({ length: 6 }, (_, i) => `alpha/repo-${i}`),
      ...Array.from({ length: 6 }, (_, i) => `beta/repo-${i}`),
    ];
    const results = await runOutside({
      ...base,
      forge: 'github',
      repositories,
      labels: ['nix', 'docker'],
      apiUrl: fake.apiUrl,
      concurrency: 4,
    });
    expect(results).toHaveLength(12 * 2 * 5);
    expect(results.filter((r) => r.id === 'runner-visibility').every((r) => r.status === 'pass')).toBe(true);
    expect(results.find((r) => r.subject === 'beta/repo-3 × nix' && r.id === 'capacity')?.summary).toBe(
      '75 idle of 75 online runner(s)',
    );
    for (const org of ['alpha', 'beta']) {
      // 150 runners at 100 per page: two requests, once per org, whatever the number of repositories.
      expect(fake.requests('GET', `/orgs/${org}/actions/runners`)).toHaveLength(2);
      expect(fake.requests('GET', `/orgs/${org}/actions/runner-groups`)).toHaveLength(1);
    }
    expect(
      fake.requests('GET', '/orgs/alpha/actions/runners').every((r) => r.query.get('per_page') === '100'),
    ).toBe(true);
    expect(fake.requests('GET', /^\/repos\/[^/]+\/[^/]+$/)).toHaveLength(12);
    expect(fake.validationErrors).toEqual([]);
  });

  it('waits out a secondary rate limit in the middle of a run instead of failing', async () => {
    fake.secondaryRateLimit({ path: '/repos/alpha/repo-0', times: 1, retryAfterSeconds: 2 });
    const events: number[] = [];
    const results = await runOutside({
      ...base,
      forge: 'github',
      repositories: ['alpha/repo-0'],
      labels: ['nix'],
      apiUrl: fake.apiUrl,
      concurrency: 1,
      onRateLimit: (e) => events.push(e.retryAfter),
    });
    expect(events).toEqual([2]);
    expect(results.find((r) => r.id === 'repo-access')?.status).toBe('pass');
  });
});

describe('repository names', () => {
  it('rejects a malformed owner/repo with a clear error', () => {
    expect(() => parseRepositories('github', ['tinyland/app', 'just-a-name'])).toThrow(
      'input `repositories` is invalid: `just-a-name` is not a GitHub repository as `owner/repo`',
    );
    expect(() => parseRepositories('github', ['a/b/c'])).toThrow(/not a GitHub repository/);
    expect(() => parseRepositories('gitlab', ['lonely'])).toThrow(
      '`lonely` is not a GitLab project path as `group/project`',
    );
  });

  it('accepts nested GitLab paths and removes duplicates', () => {
    expect(parseRepositories('gitlab', ['g/sub/p', 'g/sub/p'])).toEqual(['g/sub/p']);
    expect(parseRepositories('github', ['tinyland/app.js'])).toEqual(['tinyland/app.js']);
  });
});

describe('outside checks on GitLab', () => {
  const fake = new FakeGitLab();

  beforeAll(async () => {
    fake.tokens.add('glpat');
    fake.addProject({
      path: 'tinyland/infra/app',
      runners: [
        { id: 1, description: 'nix runner', runnerType: 'group_type', tags: ['nix'], locked: false },
        { id: 2, description: 'paused docker', runnerType: 'project_type', tags: ['docker'], paused: true },
        {
          id: 3,
          description: 'shared',
          runnerType: 'instance_type',
          tags: ['dind'],
          runUntagged: true,
          status: 'offline',
        },
      ],
      files: {
        '.gitlab-ci.yml': [
          'include: [{ local: ci/extra.yml }]',
          'default: { tags: [docker] }',
          '.nix: { tags: [nix] }',
          'build: { extends: .nix, script: [nix build] }',
          'lint: { script: [true] }',
          'test: { extends: [.nix], tags: [dind], script: [true] }',
        ].join('\n'),
      },
      jobs: [
        {
          name: 'build',
          tags: ['nix'],
          createdAt: new Date(now.getTime() - 600_000).toISOString(),
          queuedDuration: 3,
          runnerId: 1,
        },
        {
          name: 'build2',
          tags: ['nix'],
          createdAt: new Date(now.getTime() - 500_000).toISOString(),
          queuedDuration: 5,
          runnerId: 1,
        },
        {
          name: 'stuck',
          tags: ['docker'],
          status: 'pending',
          createdAt: new Date(now.getTime() - 3_600_000).toISOString(),
        },
      ],
    });
    await fake.start();
  });
  afterAll(() => fake.stop());

  const run = (labels: string[], repositories = ['tinyland/infra/app'], checkWorkflows = false) =>
    runOutside({
      ...base,
      checkWorkflows,
      token: 'glpat',
      forge: 'gitlab',
      repositories,
      labels,
      apiUrl: `${fake.url}/api/v4`,
      concurrency: 2,
    });

  it('passes for a tag served by an online group runner, with queued_duration', async () => {
    const results = await run(['nix']);
    const get = (id: string) => results.find((r) => r.id === id)!;
    expect(get('repo-access').status).toBe('pass');
    expect(get('runner-visibility')).toMatchObject({
      status: 'pass',
      summary: 'served by 1 group runner(s)',
    });
    expect(get('runner-visibility').evidence).toEqual([
      'available runners with the tag: 1',
      '#1 nix runner (group_type): online, tags nix, run_untagged false',
    ]);
    expect(get('capacity').status).toBe('pass');
    expect(get('recent-jobs').evidence).toContain('queued_duration p50 4.00s, p95 4.90s');
    expect(get('workflow-labels').status).toBe('skip');
  });

  it('fails for a paused runner and a pending job, and for an offline one', async () => {
    const docker = await run(['docker']);
    expect(docker.find((r) => r.id === 'runner-visibility')).toMatchObject({
      status: 'fail',
      summary: 'runners with tag "docker" exist but all are paused',
    });
    expect(docker.find((r) => r.id === 'recent-jobs')?.status).toBe('fail');
    const dind = await run(['dind']);
    expect(dind.find((r) => r.id === 'capacity')).toMatchObject({
      status: 'fail',
      summary: '1 runner(s) with tag "dind", none online',
    });
    const none = await run(['gpu']);
    expect(none.find((r) => r.id === 'runner-visibility')?.fix).toBe(
      'register a runner with the tag "gpu" for the project or its group, or enable instance runners for the project',
    );
  });

  it('reads .gitlab-ci.yml for check 5: own tags, tags through extends, default tags', async () => {
    const fiveFor = async (label: string) =>
      (await run([label], ['tinyland/infra/app'], true)).find((r) => r.id === 'workflow-labels')!;
    expect(await fiveFor('nix')).toMatchObject({
      status: 'pass',
      summary: '1 job(s) in .gitlab-ci.yml ask for tag "nix"',
      evidence: ['.gitlab-ci.yml: build'],
    });
    expect(await fiveFor('docker')).toMatchObject({ status: 'pass', evidence: ['.gitlab-ci.yml: lint'] });
    expect(await fiveFor('dind')).toMatchObject({ status: 'pass', evidence: ['.gitlab-ci.yml: test'] });
    expect(await fiveFor('gpu')).toMatchObject({
      status: 'warn',
      summary: 'none of 1 CI file(s) asks for tag "gpu" (its included files are not read here)',
      fix: 'add tags: [gpu] to the jobs that should run on the platform (or to default:)',
    });
    expect(
      fake
        .requests('GET', /repository\/files\/\.gitlab-ci\.yml\/raw$/)
        .at(-1)
        ?.query.get('ref'),
    ).toBe('main');
  });

  it('warns when the project has no .gitlab-ci.yml', async () => {
    fake.addProject({ path: 'tinyland/empty' });
    const five = (await run(['nix'], ['tinyland/empty'], true)).find((r) => r.id === 'workflow-labels');
    expect(five).toMatchObject({
      status: 'warn',
      summary: 'tinyland/empty has no .gitlab-ci.yml on its default branch',
    });
  });

  it('fails check 1 for an unknown project', async () => {
    const results = await run(['nix'], ['tinyland/missing']);
    expect(results.find((r) => r.id === 'repo-access')).toMatchObject({
      status: 'fail',
      summary: 'cannot read project tinyland/missing (HTTP 404)',
    });
  });

  it('fails check 2 when the only runner with the tag is an instance runner the project disabled', async () => {
    fake.addProject({
      path: 'tinyland/no-shared',
      sharedRunnersEnabled: false,
      runners: [{ id: 77, description: 'saas', runnerType: 'instance_type', tags: ['gpu'] }],
    });
    const results = await run(['gpu'], ['tinyland/no-shared']);
    expect(results.find((r) => r.id === 'repo-access')?.evidence).toContain('shared runners enabled: false');
    expect(results.find((r) => r.id === 'runner-visibility')).toMatchObject({
      status: 'fail',
      summary: 'no runner with tag "gpu" is available to tinyland/no-shared',
    });
    expect(results.find((r) => r.id === 'capacity')?.status).toBe('skip');
  });

  it('reads a group runner once for every project and tag it serves', async () => {
    const shared = {
      id: 88,
      description: 'group nix',
      runnerType: 'group_type' as const,
      tags: ['nix', 'docker'],
    };
    for (const name of ['one', 'two', 'three'])
      fake.addProject({ path: `tinyland/g/${name}`, runners: [shared] });
    const results = await run(['nix', 'docker'], ['tinyland/g/one', 'tinyland/g/two', 'tinyland/g/three']);
    expect(results.filter((r) => r.id === 'runner-visibility').map((r) => r.status)).toEqual(
      Array(6).fill('pass'),
    );
    expect(fake.requests('GET', '/api/v4/runners/88')).toHaveLength(1);
  });
});
