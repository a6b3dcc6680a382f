/**
 * canary-check's API economy and concurrency (issue 5): an org with 300 repositories, 20 runner
 * groups and 150 runners, 10 repositories to check, 20 ms injected latency per request. Reports the
 * requests made against the minimum the API allows, and the wall time with concurrency as a ratio
 * to checking the repositories one after another.
 */

import { runOutside } from '@gloriousflywheel/canary-check/outside';
import { FakeGitHub } from '@gloriousflywheel/testkit/github';
import { type BenchReport, compare, round, target } from '../lib';

const ORG = 'tinyland';
const REPOS = 300;
const GROUPS = 20;
const RUNNERS = 150;
const CHECKED = 10;
const RUNS_PER_REPO = 2;
const LATENCY_MS = 20;

function seed(now: Date): FakeGitHub {
  const fake = new FakeGitHub();
  const groups = Array.from({ length: GROUPS }, (_, g) => ({
    id: 100 + g,
    name: `group-${g}`,
    // Half the groups serve selected repositories (every 20th repo, offset by the group), half all.
    visibility: g % 2 ? ('all' as const) : ('selected' as const),
    repositories:
      g % 2
        ? []
        : Array.from({ length: REPOS }, (_, r) => `repo-${r}`).filter(
            (_, r) => r % 20 === g % 20 || r < CHECKED,
          ),
  }));
  fake.addOrg({
    login: ORG,
    groups,
    runners: Array.from({ length: RUNNERS }, (_, i) => ({
      name: `runner-${i}`,
      labels: ['self-hosted', `label-${i % 5}`],
      groupId: 100 + (i % GROUPS),
      busy: i % 3 === 0,
    })),
  });
  for (let r = 0; r < REPOS; r++) {
    fake.addRepo({
      owner: ORG,
      name: `repo-${r}`,
      runs: Array.from({ length: RUNS_PER_REPO }, (_, k) => ({
        createdAt: new Date(now.getTime() - (k + 1) * 600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        jobs: [
          {
            name: 'build',
            labels: ['label-0'],
            createdAt: new Date(now.getTime() - (k + 1) * 600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
            runnerName: 'runner-0',
            steps: [
              {
                name: 'Set up job',
                startedAt: new Date(now.getTime() - (k + 1) * 600_000 + 12_000)
                  .toISOString()
                  .replace(/\.\d+Z$/, 'Z'),
              },
            ],
          },
        ],
      })),
    });
  }
  return fake;
}

export async function run(): Promise<BenchReport> {
  const now = new Date();
  const fake = seed(now);
  await fake.start();
  fake.inject({ latencyMs: LATENCY_MS });
  const repositories = Array.from({ length: CHECKED }, (_, r) => `${ORG}/repo-${r}`);
  const check = (concurrency: number) =>
    runOutside({
      forge: 'github',
      repositories,
      labels: ['label-0'],
      token: 't',
      apiUrl: fake.apiUrl,
      concurrency,
      maxRuns: RUNS_PER_REPO,
      since: new Date(now.getTime() - 86_400_000),
      now,
      checkWorkflows: false,
      maxQueueMs: 15 * 60_000,
      queueTargetMs: 60_000,
    });
  try {
    const before = fake.log.length;
    const results = await check(4);
    const requests = fake.log.length - before;
    const passed = results.filter((r) => r.status === 'pass').length;

    // The fewest requests the API allows for the same evidence: per repository its record, its
    // runners, its run list and each run's jobs; per org the groups (≤100 per page), the runners
    // (150 → 2 pages), and the repository list of each selected group that holds runners with the label.
    const labelGroups = new Set(
      Array.from({ length: RUNNERS }, (_, i) => i)
        .filter((i) => i % 5 === 0)
        .map((i) => i % GROUPS),
    );
    const selectedWithLabel = [...labelGroups].filter((g) => g % 2 === 0).length;
    const minimum =
      CHECKED * (3 + RUNS_PER_REPO) + Math.ceil(GROUPS / 100) + Math.ceil(RUNNERS / 100) + selectedWithLabel;
    // What a script without sharing makes: org groups and runners (default 30 per page) per repository.
    const naive =
      CHECKED * (3 + RUNS_PER_REPO + Math.ceil(GROUPS / 30) + Math.ceil(RUNNERS / 30) + selectedWithLabel);

    const timing = await compare(
      () => check(4),
      () => check(1),
      5,
    );
    return {
      suite: 'canary-check',
      metrics: {
        requests,
        minimumRequests: minimum,
        requestsOverMinimum: round(requests / minimum),
        naiveRequests: naive,
        checksPassed: passed,
        concurrentMs: round(timing.oursMs, 1),
        sequentialMs: round(timing.baselineMs, 1),
        concurrentOverSequential: round(timing.ratio),
      },
      targets: [
        target('requests / minimum', round(requests / minimum), '<=', 1),
        target('wall time concurrency 4 / sequential', round(timing.ratio), '<=', 0.6),
      ],
      notes: [
        `${REPOS} repositories, ${GROUPS} runner groups, ${RUNNERS} runners; ${CHECKED} repositories checked for one label; ${LATENCY_MS} ms latency per request`,
        'naiveRequests is computed, not measured: per-repository re-reads of org groups and runners at the default 30 per page',
      ],
    };
  } finally {
    await fake.stop();
  }
}
