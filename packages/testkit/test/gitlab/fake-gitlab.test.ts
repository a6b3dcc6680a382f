import { createGitLabClient, GITLAB_PER_PAGE } from '@gloriousflywheel/shared/forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitLab } from '../../src/gitlab';

describe('FakeGitLab through @gitbeaker/rest', () => {
  const fake = new FakeGitLab();
  let projectId = 0;

  beforeAll(async () => {
    fake.tokens.add('glpat-test');
    projectId = fake.addProject({
      path: 'tinyland/infra/app',
      runners: [
        { id: 1, description: 'nix project runner', runnerType: 'project_type', tags: ['nix'], locked: true },
        {
          id: 2,
          description: 'docker group runner',
          runnerType: 'group_type',
          tags: ['docker', 'dind'],
          paused: true,
        },
        {
          id: 3,
          description: 'shared',
          runnerType: 'instance_type',
          tags: [],
          runUntagged: true,
          status: 'offline',
        },
      ],
      jobs: Array.from({ length: 130 }, (_, i) => ({
        id: 10_000 + i,
        name: `build-${i}`,
        tags: ['nix'],
        createdAt: '2026-01-01T10:00:00.000Z',
        startedAt: '2026-01-01T10:00:04.000Z',
        finishedAt: '2026-01-01T10:01:04.000Z',
        queuedDuration: 4.2,
        runnerId: 1,
        status: i % 10 === 0 ? ('failed' as const) : ('success' as const),
      })),
    });
    await fake.start();
  });
  afterAll(() => fake.stop());

  const client = () => createGitLabClient({ host: fake.url, token: 'glpat-test' });

  it('shows a project by id and by path', async () => {
    const byId = await client().Projects.show(projectId);
    expect(byId.path_with_namespace).toBe('tinyland/infra/app');
    const byPath = await client().Projects.show('tinyland/infra/app');
    expect(byPath.id).toBe(projectId);
    expect(fake.requests('GET', '/api/v4/projects/tinyland%2Finfra%2Fapp')).toHaveLength(1);
  });

  it('lists the runners available to the project, filtered by type, with details', async () => {
    const all = await client().Runners.all({ projectId });
    expect(all.map((r) => r.runner_type).sort()).toEqual(['group_type', 'instance_type', 'project_type']);
    const group = await client().Runners.all({ projectId, type: 'group_type' });
    expect(group.map((r) => r.id)).toEqual([2]);
    const details = await client().Runners.show(2);
    expect(details.tag_list).toEqual(['docker', 'dind']);
    expect(details.paused).toBe(true);
    const shared = await client().Runners.show(3);
    expect(shared.run_untagged).toBe(true);
    expect(shared.online).toBe(false);
    expect(shared.status).toBe('offline');
    expect((await client().Runners.show(1)).locked).toBe(true);
  });

  it('paginates jobs with x-next-page and x-total, 100 per page at most', async () => {
    const before = fake.requests('GET', `/api/v4/projects/${projectId}/jobs`).length;
    const jobs = await client().Jobs.all(projectId, { perPage: GITLAB_PER_PAGE });
    expect(jobs).toHaveLength(130);
    expect(jobs[0]?.queued_duration).toBe(4.2);
    expect(fake.requests('GET', `/api/v4/projects/${projectId}/jobs`).length - before).toBe(2);
    const res = await fetch(`${fake.url}/api/v4/projects/${projectId}/jobs?per_page=500`, {
      headers: { 'private-token': 'glpat-test' },
    });
    expect(res.headers.get('x-per-page')).toBe('100');
    expect(res.headers.get('x-total')).toBe('130');
    expect(res.headers.get('x-next-page')).toBe('2');
    expect(res.headers.get('x-total-pages')).toBe('2');
    const failed = await client().Jobs.all(projectId, { scope: ['failed'] as never, perPage: 100 });
    expect(failed).toHaveLength(13);
  });

  it('shows one job with its runner and queue time', async () => {
    const job = await client().Jobs.show(projectId, 10_005);
    expect(job.queued_duration).toBe(4.2);
    expect(job.tag_list).toEqual(['nix']);
    expect((job.runner as { id: number }).id).toBe(1);
  });

  it('rejects unknown tokens and unknown projects', async () => {
    const stranger = createGitLabClient({ host: fake.url, token: 'wrong' });
    await expect(stranger.Projects.show(projectId)).rejects.toMatchObject({
      cause: { response: { status: 401 } },
    });
    await expect(client().Projects.show(999_999)).rejects.toMatchObject({
      cause: { response: { status: 404 } },
    });
  });
});
