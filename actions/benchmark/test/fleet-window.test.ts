import {
  createGitHubClient,
  createGitLabClient,
  GitHubSource,
  GitLabSource,
} from '@gloriousflywheel/shared/forge';
import { FakeGitHub } from '@gloriousflywheel/testkit/github';
import { FakeGitLab } from '@gloriousflywheel/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyHistory, sustainedDrift } from '../src/fleet/apply-results';
import { failedRatePct } from '../src/fleet/failed-rate';
import { readFinishedRuns, readWindow } from '../src/fleet/forge-window';
import { leadTimes } from '../src/fleet/lead-time';
import { globMatches } from '../src/fleet/tiers';
import { businessHoursBetween, DEFAULT_TARGETS, pipelineTiers } from '../src/kpi';

const since = new Date('2026-03-01T00:00:00Z');
const t = (hhmm: string, day = '02') => `2026-03-${day}T${hhmm}:00Z`;

describe('the window KPIs from GitHub', () => {
  const github = new FakeGitHub({ validateResponses: true });
  const job = (
    name: string,
    label: string,
    conclusion: 'success' | 'failure' | 'cancelled' | 'skipped',
    start: string,
    end: string,
  ) => ({
    name,
    labels: [label],
    status: 'completed' as const,
    conclusion,
    createdAt: start,
    completedAt: end,
    steps: [{ name: 'Set up job', startedAt: start, completedAt: start }],
  });
  beforeAll(async () => {
    github.addOrg({ login: 'tinyland' });
    github.addRepo({
      owner: 'tinyland',
      name: 'app',
      runs: [
        {
          name: 'Unit tests',
          path: '.github/workflows/unit.yml',
          status: 'completed',
          createdAt: t('14:00'),
          jobs: [
            job('unit', 'tinyland-docker', 'success', t('14:00'), t('14:06')),
            job('lint', 'tinyland-docker', 'failure', t('14:00'), t('14:02')),
            job('hosted', 'ubuntu-latest', 'failure', t('14:00'), t('14:01')),
          ],
        },
        {
          name: 'CI',
          path: '.github/workflows/ci.yml',
          status: 'completed',
          createdAt: t('15:00'),
          jobs: [
            job('build', 'tinyland-nix', 'success', t('15:00'), t('15:20')),
            job('e2e', 'tinyland-nix', 'cancelled', t('15:00'), t('15:25')),
            job('docs', 'tinyland-nix', 'skipped', t('15:00'), t('15:00')),
          ],
        },
        {
          name: 'old',
          status: 'completed',
          createdAt: '2026-02-01T00:00:00Z',
          jobs: [job('x', 'tinyland-nix', 'failure', t('00:00', '01'), t('00:01', '01'))],
        },
      ],
      pulls: [
        {
          number: 7,
          title: 'raise nix max',
          state: 'closed',
          createdAt: t('09:00'),
          mergedAt: t('14:30'),
          mergeCommitSha: 'a'.repeat(40),
        },
        {
          number: 8,
          title: 'docker caps',
          state: 'closed',
          createdAt: t('10:00'),
          mergedAt: t('21:30'),
          mergeCommitSha: 'b'.repeat(40),
        },
        { number: 9, title: 'abandoned', state: 'closed', createdAt: t('10:00'), updatedAt: t('11:00') },
        {
          number: 10,
          title: 'not merged into main',
          state: 'closed',
          base: 'dev',
          createdAt: t('10:00'),
          mergedAt: t('11:00'),
          mergeCommitSha: 'c'.repeat(40),
        },
      ],
      commits: [
        { sha: 'a'.repeat(40), message: 'Merge #7', date: t('14:30') },
        { sha: 'b'.repeat(40), message: 'Merge #8', date: t('21:30') },
        { sha: 'd'.repeat(40), message: 'docs', date: t('22:10') },
      ],
    });
    await github.start();
  });
  afterAll(() => github.stop());
  const source = () =>
    new GitHubSource(createGitHubClient({ token: 't', baseUrl: github.apiUrl, retries: 0 }));

  it("rates failed jobs over the fleet's own jobs on platform labels, cancelled and skipped left out", async () => {
    const src = source();
    const repo = await src.repository('tinyland/app');
    const runs = await readFinishedRuns(src, [repo], { since, maxRuns: 20 });
    expect(runs.map((r) => r.name)).toEqual(['CI', 'Unit tests']);
    const w = readWindow(
      runs,
      ['tinyland-docker', 'tinyland-nix'],
      DEFAULT_TARGETS,
      pipelineTiers(DEFAULT_TARGETS),
    );
    // Platform jobs: unit ✓, lint ✗, build ✓; e2e cancelled, docs skipped; the hosted job is not ours.
    expect(w.failedJobs).toEqual({ failed: 1, succeeded: 2, cancelled: 1, other: 1 });
    expect(failedRatePct(w.failedJobs)).toBeCloseTo(100 / 3, 10);
    // Tiers: "Unit tests" is unit (6 min, created → last job done), CI is full (25 min).
    expect(w.pipelines).toEqual([
      { tier: 'unit', minutes: [6] },
      { tier: 'full', minutes: [25] },
    ]);
    expect(github.validationErrors, github.validationErrors.join('\n')).toEqual([]);
  });

  it('takes tiers by job name from the targets file, the span of the matching jobs', async () => {
    const src = source();
    const runs = await readFinishedRuns(src, [await src.repository('tinyland/app')], { since, maxRuns: 20 });
    const w = readWindow(runs, ['tinyland-nix'], DEFAULT_TARGETS, [
      { name: 'unit', minutes: 10, jobs: ['unit', 'lint'] },
      { name: 'full', minutes: 30, workflows: ['.github/workflows/ci.yml'], jobs: ['build'] },
    ]);
    expect(w.pipelines).toEqual([
      { tier: 'unit', minutes: [6] },
      { tier: 'full', minutes: [20] },
    ]);
    expect(globMatches('*unit*', 'Unit tests')).toBe(true);
    expect(globMatches('ci.yml', '.github/workflows/ci.yml')).toBe(false);
  });

  it('measures lead time from merge to the apply that proved it, in business hours', async () => {
    const src = source();
    const repo = await src.repository('tinyland/app');
    const changes = await src.mergedChanges(repo, { branch: 'main', since });
    expect(changes.map((c) => c.number)).toEqual([7, 8]);
    const commits = await src.branchCommits(repo, { branch: 'main', since });
    const history = applyHistory([
      // Applied #7's commit at 15:10; a later apply of the docs commit proves #8 the next morning.
      {
        data: { mode: 'apply', outcome: 'succeeded', dryRun: false },
        meta: { action: 'arc-apply', sha: 'a'.repeat(40), finishedAt: t('15:10') },
      },
      {
        data: { mode: 'apply', outcome: 'failed', dryRun: false },
        meta: { action: 'arc-apply', sha: 'b'.repeat(40), finishedAt: t('21:50') },
      },
      {
        data: { mode: 'apply', outcome: 'succeeded', dryRun: true },
        meta: { action: 'arc-apply', sha: 'b'.repeat(40), finishedAt: t('21:55') },
      },
      {
        data: { mode: 'apply', outcome: 'succeeded', dryRun: false },
        meta: { action: 'arc-apply', sha: 'd'.repeat(40), finishedAt: t('13:30', '03') },
      },
      {
        data: { mode: 'apply', outcome: 'succeeded', dryRun: false },
        meta: { action: 'arc-apply', finishedAt: t('16:00') },
      },
      {
        data: { mode: 'apply' },
        meta: { action: 'canary-check', sha: 'a'.repeat(40), finishedAt: t('14:40') },
      },
    ]);
    expect(history.unattributed).toBe(1);
    const lead = leadTimes(changes, commits, history.proofs, DEFAULT_TARGETS);
    expect(lead[0]).toMatchObject({ change: 7, provedBy: 'a'.repeat(40), provedAt: t('15:10') });
    expect(lead[0]!.hours).toBeCloseTo(40 / 60, 10);
    // #8 merged 21:30 (30 business minutes left that day), proved 13:30 next day (30 more).
    expect(lead[1]).toMatchObject({ change: 8, provedBy: 'd'.repeat(40), wallHours: 16 });
    expect(lead[1]!.hours).toBeCloseTo(1, 10);
    expect(
      leadTimes(changes, commits, [], DEFAULT_TARGETS).every((l) => l.provedAt === null && l.hours === null),
    ).toBe(true);
    expect(github.validationErrors, github.validationErrors.join('\n')).toEqual([]);
  });
});

describe('the window KPIs from GitLab', () => {
  const gitlab = new FakeGitLab();
  beforeAll(async () => {
    gitlab.addProject({
      id: 61,
      path: 'tinyland/infra',
      pipelines: [
        { id: 900, name: 'unit', status: 'success', createdAt: t('14:00') },
        { id: 901, status: 'failed', source: 'push', createdAt: t('15:00') },
      ],
      jobs: [
        {
          name: 'test',
          tags: ['docker'],
          status: 'success',
          pipelineId: 900,
          createdAt: t('14:00'),
          startedAt: t('14:01'),
          finishedAt: t('14:08'),
          queuedDuration: 50,
        },
        {
          name: 'build',
          tags: ['nix'],
          status: 'failed',
          pipelineId: 901,
          createdAt: t('15:00'),
          startedAt: t('15:00'),
          finishedAt: t('15:40'),
          queuedDuration: 4,
        },
        {
          name: 'deploy',
          tags: ['nix'],
          status: 'canceled',
          pipelineId: 901,
          createdAt: t('15:00'),
          finishedAt: t('15:01'),
        },
      ],
      mergeRequests: [
        {
          iid: 3,
          title: 'caps',
          createdAt: t('10:00'),
          mergedAt: t('14:00'),
          mergeCommitSha: null,
          squashCommitSha: null,
          sha: 'e'.repeat(40),
        },
      ],
      commits: [{ sha: 'e'.repeat(40), message: 'caps', date: t('14:00') }],
    });
    await gitlab.start();
  });
  afterAll(() => gitlab.stop());

  it('reads pipelines per tier, failed jobs and queue waits, and merged changes', async () => {
    const src = new GitLabSource(createGitLabClient({ host: gitlab.url, token: 'glpat' }));
    const repo = await src.repository('tinyland/infra');
    const runs = await readFinishedRuns(src, [repo], { since, maxRuns: 10 });
    expect(runs.map((r) => [r.id, r.name])).toEqual([
      [901, 'push'],
      [900, 'unit'],
    ]);
    const w = readWindow(runs, ['docker', 'nix'], DEFAULT_TARGETS, pipelineTiers(DEFAULT_TARGETS));
    expect(w.failedJobs).toEqual({ failed: 1, succeeded: 1, cancelled: 1, other: 0 });
    expect(w.pipelines).toEqual([
      { tier: 'unit', minutes: [8] },
      { tier: 'full', minutes: [40] },
    ]);
    // GitLab's queued_duration; 2026-03-02 is a Monday, 14:00 and 15:00 UTC are peak.
    expect(w.queueWaits.peak.sort((a, b) => a - b)).toEqual([4, 50]);
    const changes = await src.mergedChanges(repo, { branch: 'main', since });
    // A fast-forward merge has no merge commit: the MR head is what main got.
    expect(changes).toEqual([{ number: 3, title: 'caps', mergedAt: t('14:00'), sha: 'e'.repeat(40) }]);
    expect(await src.branchCommits(repo, { branch: 'main', since })).toEqual(['e'.repeat(40)]);
  });
});

describe('drift and business hours', () => {
  it('calls drift sustained only when it lasted the sustain period', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 2, 2, 14, m)).toISOString();
    const item = (scaleSet: string) => ({ scaleSet, namespace: 'arc-runners', kind: 'caps-differ' });
    const reports = [
      { at: at(0), items: [item('nix')] },
      { at: at(30), items: [item('nix'), item('dind')] },
      { at: at(59), items: [item('nix'), item('dind')] },
    ];
    expect(sustainedDrift(reports, 60)).toEqual([]);
    expect(sustainedDrift([...reports, { at: at(61), items: [item('nix'), item('dind')] }], 60)).toEqual([
      'arc-runners/nix: caps-differ',
    ]);
  });

  it('counts business hours on weekdays only', () => {
    // Friday 21:00 → Monday 14:00: one hour on Friday, one on Monday.
    expect(
      businessHoursBetween(
        new Date('2026-03-06T21:00:00Z'),
        new Date('2026-03-09T14:00:00Z'),
        DEFAULT_TARGETS,
      ),
    ).toBe(2);
  });
});
