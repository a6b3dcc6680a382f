import { FakeGitHub } from '@gloriousflywheel/testkit/github';
import { FakeGitLab } from '@gloriousflywheel/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGitHubClient,
  createGitLabClient,
  GitHubSource,
  GitLabSource,
  RequestBudget,
} from '../../src/forge';

const DAY = 86_400_000;
const base = Date.parse('2026-03-02T00:00:00Z');
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');

describe('job history from GitHub (ForgeSource.jobHistory)', () => {
  const fake = new FakeGitHub({ validateResponses: true });
  let source: GitHubSource;

  beforeAll(async () => {
    // Three days of runs, 2 jobs each, one run every 2 hours, in two repositories of one org.
    for (const name of ['api', 'web']) {
      fake.addRepo({
        owner: 'acme',
        name,
        runs: Array.from({ length: 36 }, (_, i) => {
          const t = base + i * 2 * 3_600_000;
          return {
            createdAt: iso(t),
            jobs: [0, 1].map((k) => ({
              name: `job-${k}`,
              labels: ['tinyland-nix'],
              createdAt: iso(t),
              startedAt: iso(t),
              completedAt: iso(t + 300_000),
              conclusion: 'success' as const,
              steps: [{ name: 'Set up job', startedAt: iso(t + 7_000), completedAt: iso(t + 9_000) }],
            })),
          };
        }),
      });
    }
    await fake.start();
    source = new GitHubSource(createGitHubClient({ token: 't', baseUrl: fake.apiUrl, retries: 0 }));
  });
  afterAll(() => fake.stop());

  it('reads the jobs created in the window, with pick-up and completion, a day of runs at a time', async () => {
    const repo = await source.repository('acme/api');
    const before = fake.log.length;
    const read = await source.jobHistory(
      repo,
      { since: new Date(base + DAY), until: new Date(base + 2 * DAY) },
      new RequestBudget(100),
    );
    expect(read.complete).toBe(true);
    expect(read.jobs).toHaveLength(24);
    expect(
      read.jobs.every(
        (j) => Date.parse(j.createdAt) >= base + DAY && Date.parse(j.createdAt) < base + 2 * DAY,
      ),
    ).toBe(true);
    const job = read.jobs[0]!;
    expect(Date.parse(job.pickedUpAt!) - Date.parse(job.createdAt)).toBe(7_000);
    expect(Date.parse(job.completedAt!) - Date.parse(job.createdAt)).toBe(300_000);
    const runLists = fake.log.slice(before).filter((r) => r.path.endsWith('/actions/runs'));
    expect(runLists).toHaveLength(1);
    expect(fake.validationErrors).toEqual([]);
  });

  it('shares one request budget among the repositories of an org and says when it ran out', async () => {
    const budget = new RequestBudget(20);
    const window = { since: new Date(base), until: new Date(base + 3 * DAY) };
    const api = await source.jobHistory(await source.repository('acme/api'), window, budget);
    const web = await source.jobHistory(await source.repository('acme/web'), window, budget);
    expect(budget.spentBy('acme')).toBe(20);
    expect(api.complete).toBe(false);
    expect(web).toEqual({ jobs: [], complete: false });
  });
});

describe('job history from GitLab (ForgeSource.jobHistory)', () => {
  const fake = new FakeGitLab();
  let source: GitLabSource;

  beforeAll(async () => {
    fake.tokens.add('glpat');
    fake.addProject({
      id: 41,
      path: 'acme/infra/app',
      jobs: Array.from({ length: 250 }, (_, i) => {
        const t = base + i * 3_600_000;
        return {
          id: 1000 + i,
          name: 'build',
          status: 'success' as const,
          tags: ['nix'],
          createdAt: iso(t),
          startedAt: iso(t + 5_000),
          finishedAt: iso(t + 60_000),
        };
      }),
    });
    await fake.start();
    source = new GitLabSource(createGitLabClient({ host: fake.url, token: 'glpat' }));
  });
  afterAll(() => fake.stop());

  it('pages back from the newest job until the window starts', async () => {
    const repo = await source.repository('acme/infra/app');
    const read = await source.jobHistory(
      repo,
      { since: new Date(base + 200 * 3_600_000), until: new Date(base + 300 * 3_600_000) },
      new RequestBudget(10),
    );
    expect(read.complete).toBe(true);
    expect(read.jobs).toHaveLength(50);
    expect(read.jobs[0]).toMatchObject({ labels: ['nix'] });
    expect(Date.parse(read.jobs[0]!.completedAt!) - Date.parse(read.jobs[0]!.createdAt)).toBe(60_000);
  });
});
