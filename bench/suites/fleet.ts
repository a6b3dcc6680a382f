/**
 * Requests one fleet-mode pass makes at org scope — an org of 300 repositories of which only some
 * may use the platform's runner group — against the fewest the GitHub API allows for the same
 * answer, counted by the fake's request log; and the same for a group open to all repositories.
 */

import { readForgeFleet } from '@gloriousflywheel/benchmark/engine';
import { createGitHubClient, GitHubSource } from '@gloriousflywheel/shared/forge';
import { FakeGitHub, type PlatformOrg, seedPlatformOrg } from '@gloriousflywheel/testkit/github';
import { type BenchReport, round, target } from '../lib';

/**
 * The minimum: the runner groups (1), the org runners (1), the selected group's repository list
 * (a page per 100) or — for a group open to all — the org's repository list (a page per 100), then
 * for every repository that may use the group its queued and its in-progress runs (GitHub filters
 * runs by one status a request) and the jobs of each active run.
 */
function minimum(w: PlatformOrg, listed: number): number {
  return 1 + 1 + Math.ceil(listed / 100) + 2 * w.eligible.length + w.activeRuns;
}

async function pass(
  github: FakeGitHub,
  org: string,
  group: string,
): Promise<{ requests: number; nix: number }> {
  const source = new GitHubSource(
    createGitHubClient({ token: 'ghs_bench', baseUrl: github.apiUrl, retries: 0 }),
  );
  const before = github.log.length;
  const fleet = await readForgeFleet(source, {
    owner: org,
    repositories: [],
    runnerGroups: [group],
    pools: [],
  });
  return {
    requests: github.log.length - before,
    nix: fleet.pools.find((p) => p.pool === 'tinyland-nix')?.queueDepth ?? -1,
  };
}

export async function run(): Promise<BenchReport> {
  const metrics: BenchReport['metrics'] = {};
  const targets: BenchReport['targets'] = [];
  const notes: string[] = [];
  const github = new FakeGitHub();
  await github.start();
  try {
    const selected = seedPlatformOrg(github, { org: 'tinyland', repositories: 300, selected: 120 });
    const a = await pass(github, 'tinyland', selected.group);
    const minA = minimum(selected, selected.eligible.length + selected.excluded.length);
    Object.assign(metrics, {
      repositories: 300,
      eligibleRepositories: selected.eligible.length,
      selectedGroupRequests: a.requests,
      selectedGroupMinimum: minA,
      selectedGroupRatio: round(a.requests / minA, 3),
      queueDepthNix: a.nix,
    });
    targets.push(
      target(
        'requests per fleet pass / minimum (selected group, 300 repositories)',
        round(a.requests / minA, 3),
        '<=',
        1.1,
      ),
    );
    targets.push(target('queue depth of the 25 jobs queued in an unlisted org repository', a.nix, '>=', 25));

    // The same org with the platform's group open to every private repository.
    const open = new FakeGitHub();
    await open.start();
    try {
      const all = seedPlatformOrg(open, { org: 'acme', repositories: 300, selected: 300 });
      const groups = open.orgs.get('acme')!.groups;
      const platform = groups.find((g) => g.name === all.group)!;
      platform.visibility = 'private';
      const b = await pass(open, 'acme', all.group);
      // Every private, unarchived repository of the 300 may use it; the org listing is 3 pages.
      const minB = minimum(all, 300);
      Object.assign(metrics, {
        privateGroupEligible: all.eligible.length,
        privateGroupRequests: b.requests,
        privateGroupMinimum: minB,
        privateGroupRatio: round(b.requests / minB, 3),
      });
      targets.push(
        target(
          'requests per fleet pass / minimum (private-repositories group, 300 repositories)',
          round(b.requests / minB, 3),
          '<=',
          1.1,
        ),
      );
    } finally {
      await open.stop();
    }
    notes.push(
      "minimum = runner groups 1 + org runners 1 + the group's (or org's) repository pages + 2 run listings per eligible repository + 1 job listing per active run; GitHub has no org-wide job listing and filters runs by one status a request",
    );
  } finally {
    await github.stop();
  }
  return { suite: 'fleet', metrics, targets, notes };
}
