import { createGitHubClient, type GitHubClient } from '@gloriousflywheel/shared/forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub, validateGitHubResponse } from '../../src/github';

const ORG = 'tinyland';

function seed(fake: FakeGitHub): void {
  fake.addOrg({
    login: ORG,
    groups: [
      { id: 10, name: 'nix', visibility: 'selected', repositories: ['app'], allowsPublicRepositories: false },
      {
        id: 11,
        name: 'open',
        visibility: 'all',
        allowsPublicRepositories: true,
        restrictedToWorkflows: true,
        selectedWorkflows: [`${ORG}/app/.github/workflows/ci.yml@refs/heads/main`],
      },
    ],
    runners: Array.from({ length: 250 }, (_, i) => ({
      name: `nix-${i}`,
      labels: ['self-hosted', 'tinyland-nix'],
      groupId: i % 2 ? 10 : 11,
      busy: i % 3 === 0,
    })),
  });
  fake.addRepo({
    owner: ORG,
    name: 'app',
    files: {
      '.github/workflows/ci.yml': 'jobs:\n  build:\n    runs-on: tinyland-nix\n',
      'README.md': '# app\n',
    },
    runners: [{ name: 'repo-runner', labels: ['self-hosted', 'tinyland-docker'] }],
    runs: [
      {
        id: 501,
        createdAt: '2026-01-01T10:00:00Z',
        jobs: [
          {
            id: 601,
            name: 'build',
            labels: ['tinyland-nix'],
            createdAt: '2026-01-01T10:00:00Z',
            completedAt: '2026-01-01T10:05:00Z',
            conclusion: 'success',
            runnerId: 1,
            runnerName: 'nix-1',
            runnerGroupId: 10,
            runnerGroupName: 'nix',
            steps: [
              { name: 'Set up job', startedAt: '2026-01-01T10:00:12Z', completedAt: '2026-01-01T10:00:13Z' },
            ],
          },
          {
            id: 602,
            name: 'queued',
            labels: ['tinyland-nix'],
            createdAt: '2026-01-01T10:00:00Z',
            status: 'queued',
          },
        ],
      },
    ],
  });
  fake.addRepo({ owner: ORG, name: 'public-site', private: false });
  fake.addRepo({ owner: 'other-org', name: 'secret' });
}

describe('FakeGitHub', () => {
  const fake = new FakeGitHub({ validateResponses: true });
  let gh: GitHubClient;

  beforeAll(async () => {
    seed(fake);
    fake.addToken('admin', { orgAdmin: [ORG] });
    fake.addToken('reader', { repositories: [`${ORG}/app`] });
    fake.addToken('tiny', { rateLimit: 2 });
    await fake.start();
    gh = createGitHubClient({ token: 'admin', baseUrl: fake.apiUrl, retries: 0, retryAfterBaseMs: 1 });
  });
  afterAll(() => fake.stop());

  it('serves every route with bodies that validate against the OpenAPI description', async () => {
    const calls: Array<[string, Record<string, unknown>, string]> = [
      ['GET /repos/{owner}/{repo}', { owner: ORG, repo: 'app' }, '/repos/{owner}/{repo}'],
      ['GET /orgs/{org}/actions/runners', { org: ORG }, '/orgs/{org}/actions/runners'],
      [
        'GET /repos/{owner}/{repo}/actions/runners',
        { owner: ORG, repo: 'app' },
        '/repos/{owner}/{repo}/actions/runners',
      ],
      ['GET /orgs/{org}/actions/runner-groups', { org: ORG }, '/orgs/{org}/actions/runner-groups'],
      [
        'GET /orgs/{org}/actions/runner-groups/{runner_group_id}',
        { org: ORG, runner_group_id: 10 },
        '/orgs/{org}/actions/runner-groups/{runner_group_id}',
      ],
      [
        'GET /orgs/{org}/actions/runner-groups/{runner_group_id}/repositories',
        { org: ORG, runner_group_id: 10 },
        '/orgs/{org}/actions/runner-groups/{runner_group_id}/repositories',
      ],
      [
        'GET /orgs/{org}/actions/runner-groups/{runner_group_id}/runners',
        { org: ORG, runner_group_id: 10 },
        '/orgs/{org}/actions/runner-groups/{runner_group_id}/runners',
      ],
      [
        'GET /repos/{owner}/{repo}/actions/runs',
        { owner: ORG, repo: 'app' },
        '/repos/{owner}/{repo}/actions/runs',
      ],
      [
        'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
        { owner: ORG, repo: 'app', run_id: 501 },
        '/repos/{owner}/{repo}/actions/runs/{run_id}',
      ],
      [
        'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs',
        { owner: ORG, repo: 'app', run_id: 501 },
        '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs',
      ],
      [
        'GET /repos/{owner}/{repo}/actions/jobs/{job_id}',
        { owner: ORG, repo: 'app', job_id: 601 },
        '/repos/{owner}/{repo}/actions/jobs/{job_id}',
      ],
      [
        'GET /repos/{owner}/{repo}/contents/{path}',
        { owner: ORG, repo: 'app', path: '.github/workflows/ci.yml' },
        '/repos/{owner}/{repo}/contents/{path}',
      ],
      [
        'GET /repos/{owner}/{repo}/contents/{path}',
        { owner: ORG, repo: 'app', path: '.github/workflows' },
        '/repos/{owner}/{repo}/contents/{path}',
      ],
    ];
    for (const [route, params, template] of calls) {
      const response = await gh.request(route, { ...params, per_page: 100 });
      expect(response.status, route).toBe(200);
      expect(validateGitHubResponse('GET', template, 200, response.data), route).toEqual([]);
    }
    expect(fake.validationErrors).toEqual([]);
  });

  it('the validator rejects a body that breaks the description', () => {
    const errors = validateGitHubResponse('GET', '/orgs/{org}/actions/runners', 200, {
      total_count: 1,
      runners: [{ id: 1, name: 'x', os: 'linux', status: 'online', labels: [] }],
    });
    expect(errors.join('\n')).toContain("must have required property 'busy'");
  });

  it('paginates at most 100 per page with Link headers', async () => {
    const first = await gh.request('GET /orgs/{org}/actions/runners', { org: ORG, per_page: 500 });
    expect(first.data.runners).toHaveLength(100);
    expect(first.data.total_count).toBe(250);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain('page=3');
    const before = fake.requests('GET', '/orgs/tinyland/actions/runners').length;
    const all = await gh.paginate('GET /orgs/{org}/actions/runners', { org: ORG, per_page: 100 });
    expect(all).toHaveLength(250);
    expect(new Set(all.map((r) => r.name)).size).toBe(250);
    expect(fake.requests('GET', '/orgs/tinyland/actions/runners').length - before).toBe(3);
    const defaultPage = await gh.request('GET /orgs/{org}/actions/runners', { org: ORG });
    expect(defaultPage.data.runners).toHaveLength(30);
  });

  it('carries org runner group ids and job timing fields', async () => {
    const { data } = await gh.request('GET /orgs/{org}/actions/runners', { org: ORG, per_page: 2 });
    expect(data.runners.map((r) => r.runner_group_id)).toEqual([11, 10]);
    const job = await gh.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}', {
      owner: ORG,
      repo: 'app',
      job_id: 601,
    });
    expect(job.data.created_at).toBe('2026-01-01T10:00:00Z');
    expect(job.data.started_at).toBe('2026-01-01T10:00:00Z');
    expect(job.data.steps?.[0]?.started_at).toBe('2026-01-01T10:00:12Z');
    expect(job.data.runner_name).toBe('nix-1');
    const queued = await gh.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}', {
      owner: ORG,
      repo: 'app',
      job_id: 602,
    });
    expect(queued.data.runner_name).toBeNull();
    expect(queued.data.conclusion).toBeNull();
  });

  it('filters runner groups by visible_to_repository like GitHub', async () => {
    const app = await gh.request('GET /orgs/{org}/actions/runner-groups', {
      org: ORG,
      visible_to_repository: 'app',
    });
    expect(app.data.runner_groups.map((g) => g.name).sort()).toEqual(['Default', 'nix', 'open']);
    const site = await gh.request('GET /orgs/{org}/actions/runner-groups', {
      org: ORG,
      visible_to_repository: 'public-site',
    });
    expect(site.data.runner_groups.map((g) => g.name)).toEqual(['open']);
  });

  it('decodes file contents and lists directories', async () => {
    const file = await gh.rest.repos.getContent({
      owner: ORG,
      repo: 'app',
      path: '.github/workflows/ci.yml',
    });
    const data = file.data as { content: string; encoding: string };
    expect(data.encoding).toBe('base64');
    expect(Buffer.from(data.content, 'base64').toString()).toContain('runs-on: tinyland-nix');
    const dir = await gh.rest.repos.getContent({ owner: ORG, repo: 'app', path: '.github/workflows' });
    expect((dir.data as Array<{ name: string }>).map((d) => d.name)).toEqual(['ci.yml']);
  });

  it('sends rate-limit headers and answers 403 once the primary limit is spent', async () => {
    const tiny = createGitHubClient({ token: 'tiny', baseUrl: fake.apiUrl, retries: 0, retryAfterBaseMs: 1 });
    const first = await tiny.request('GET /repos/{owner}/{repo}', { owner: ORG, repo: 'app' });
    expect(first.headers['x-ratelimit-limit']).toBe('2');
    expect(first.headers['x-ratelimit-remaining']).toBe('1');
    await tiny.request('GET /repos/{owner}/{repo}', { owner: ORG, repo: 'app' });
    await expect(
      tiny.request('GET /repos/{owner}/{repo}', { owner: ORG, repo: 'app' }),
    ).rejects.toMatchObject({
      status: 403,
    });
    const last = fake.log.at(-1)!;
    expect(last.status).toBe(403);
  });

  it('answers 401, 403 and 404 where GitHub does', async () => {
    const reader = createGitHubClient({ token: 'reader', baseUrl: fake.apiUrl, retries: 0 });
    await expect(reader.request('GET /orgs/{org}/actions/runners', { org: ORG })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      reader.request('GET /repos/{owner}/{repo}', { owner: 'other-org', repo: 'secret' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      gh.request('GET /repos/{owner}/{repo}', { owner: ORG, repo: 'missing' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    const stranger = createGitHubClient({ token: 'nope', baseUrl: fake.apiUrl, retries: 0 });
    await expect(
      stranger.request('GET /repos/{owner}/{repo}', { owner: ORG, repo: 'app' }),
    ).rejects.toMatchObject({
      status: 401,
    });
    expect(fake.validationErrors).toEqual([]);
  });

  it('serves secondary rate limits with retry-after', async () => {
    fake.secondaryRateLimit({
      path: '/repos/tinyland/public-site',
      times: 1,
      status: 429,
      retryAfterSeconds: 7,
    });
    const res = await fetch(`${fake.apiUrl}/repos/tinyland/public-site`, {
      headers: { authorization: 'token admin' },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(((await res.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    const again = await fetch(`${fake.apiUrl}/repos/tinyland/public-site`, {
      headers: { authorization: 'token admin' },
    });
    expect(again.status).toBe(200);
  });
});
