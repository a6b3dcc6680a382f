import {
  createGitHubClient,
  createGitLabClient,
  GitHubSource,
  GitLabSource,
} from '@gloriousflywheel/shared/forge';
import { FakeGitHub } from '@gloriousflywheel/testkit/github';
import { FakeGitLab } from '@gloriousflywheel/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJobTiming } from '../src/queue-time';

describe('queue wait from the GitHub API', () => {
  const github = new FakeGitHub({ validateResponses: true });
  let runId = 0;
  beforeAll(async () => {
    await github.start();
    github.addRepo({ owner: 'tinyland', name: 'app' });
    runId = github.addRun('tinyland/app', {
      id: 9001,
      status: 'in_progress',
      createdAt: '2026-03-02T14:00:00Z',
      jobs: [
        {
          id: 71,
          name: 'build',
          labels: ['tinyland-nix'],
          status: 'in_progress',
          createdAt: '2026-03-02T14:00:05Z',
          startedAt: '2026-03-02T14:00:05Z',
          runnerName: 'tinyland-nix-abcde-runner-x1',
          steps: [
            { name: 'Set up job', startedAt: '2026-03-02T14:00:42Z', completedAt: '2026-03-02T14:00:45Z' },
            { name: 'benchmark', status: 'in_progress', conclusion: null, startedAt: '2026-03-02T14:00:45Z' },
          ],
        },
        {
          id: 72,
          name: 'lint',
          labels: ['tinyland-docker'],
          status: 'in_progress',
          createdAt: '2026-03-02T14:00:05Z',
          runnerName: 'tinyland-docker-zz-runner-q',
          steps: [
            { name: 'Set up job', startedAt: '2026-03-02T14:00:20Z', completedAt: '2026-03-02T14:00:21Z' },
          ],
        },
      ],
    });
  });
  afterAll(() => github.stop());

  const source = () =>
    new GitHubSource(createGitHubClient({ token: 'ghs_test', baseUrl: github.apiUrl, retries: 0 }));

  it('reads the exact job by id: queue = first step start − created, whole seconds', async () => {
    const timing = await readJobTiming(source(), { repository: 'tinyland/app', jobId: 71 });
    expect(timing).toMatchObject({
      source: 'github',
      jobId: 71,
      queueSeconds: 37,
      setupSeconds: 3,
      apiStartedMinusCreatedSeconds: 0,
      runnerName: 'tinyland-nix-abcde-runner-x1',
      labels: ['tinyland-nix'],
      precisionSeconds: 1,
    });
    expect(github.requests('GET', '/repos/tinyland/app/actions/jobs/71')).toHaveLength(1);
    expect(github.validationErrors).toEqual([]);
  });

  it('finds its own job by runner name when no id is given', async () => {
    const timing = await readJobTiming(source(), {
      repository: 'tinyland/app',
      runId,
      runnerName: 'tinyland-docker-zz-runner-q',
    });
    expect(timing.jobId).toBe(72);
    expect(timing.queueSeconds).toBe(15);
    expect(github.validationErrors).toEqual([]);
  });

  it('says how to fix it when the job cannot be found or read', async () => {
    await expect(
      readJobTiming(source(), { repository: 'tinyland/app', runId, runnerName: 'someone-else' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', hint: expect.stringContaining('check_run_id') });
    await expect(
      readJobTiming(source(), { repository: 'tinyland/app', jobId: 999999 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('queue wait from the GitLab API', () => {
  const gitlab = new FakeGitLab();
  beforeAll(async () => {
    await gitlab.start();
    gitlab.tokens.add('job-token-1');
    gitlab.addProject({
      id: 44,
      path: 'tinyland/app',
      jobs: [
        {
          id: 555,
          name: 'bench',
          status: 'running',
          tags: ['nix'],
          createdAt: '2026-03-02T14:00:00Z',
          startedAt: '2026-03-02T14:00:09Z',
          queuedDuration: 6.4,
        },
      ],
    });
  });
  afterAll(() => gitlab.stop());

  it('uses queued_duration (from pending, not from creation) with the job token', async () => {
    const source = new GitLabSource(createGitLabClient({ host: gitlab.url, jobToken: 'job-token-1' }));
    const timing = await readJobTiming(source, { repository: 'tinyland/app', jobId: 555 });
    expect(timing).toMatchObject({
      source: 'gitlab',
      jobId: 555,
      queueSeconds: 6.4,
      apiStartedMinusCreatedSeconds: 9,
      labels: ['nix'],
    });
    expect(gitlab.requests('GET', /\/projects\/tinyland%2Fapp\/jobs\/555$/)).toHaveLength(1);
  });

  it('reports a rejected token as FORGE_AUTH', async () => {
    const source = new GitLabSource(createGitLabClient({ host: gitlab.url, jobToken: 'wrong' }));
    await expect(readJobTiming(source, { repository: 'tinyland/app', jobId: 555 })).rejects.toMatchObject({
      code: 'FORGE_AUTH',
    });
  });
});
