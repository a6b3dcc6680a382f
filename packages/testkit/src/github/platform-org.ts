import type { FakeGitHub } from './fake-github';
import type { SeedJob, SeedRun } from './model';

/** What a test or a benchmark needs to know about the org it seeded. */
export interface PlatformOrg {
  org: string;
  /** The platform's runner group. */
  group: string;
  repositories: string[];
  /** Repositories that may use the platform's group (private, selected, not archived). */
  eligible: string[];
  /** Selected repositories the group may not serve: public (the group refuses public ones) or archived. */
  excluded: string[];
  /** Jobs waiting for a runner in eligible repositories, per label. */
  queued: Record<string, number>;
  /** Runs that are queued or in progress in eligible repositories (each costs a jobs listing). */
  activeRuns: number;
}

export interface PlatformOrgOptions {
  org?: string;
  repositories?: number;
  /** How many of them (from the first) the platform's group selects. */
  selected?: number;
  /** The repository (by index) with the 25 queued jobs. */
  busyRepository?: number;
}

const at = '2026-03-02T14:00:00Z';
const name = (i: number) => `repo-${String(i).padStart(3, '0')}`;
const queued = (n: number, label: string, prefix: string): SeedJob[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `${prefix}-${i}`,
    labels: [label],
    status: 'queued',
    createdAt: at,
  }));

/**
 * An organization of many repositories of which only some may use the platform's runner group:
 * the group is `selected` with the first `selected` repositories, refuses public ones (every tenth
 * is public) and two are archived. Jobs wait in an eligible repository (25 on `tinyland-nix`, the
 * issue's case), in an in-progress run (3 on `tinyland-docker`, next to running ones and one waiting
 * for an environment's approval) — and in repositories the group does not serve, which must not count.
 */
export function seedPlatformOrg(github: FakeGitHub, o: PlatformOrgOptions = {}): PlatformOrg {
  const org = o.org ?? 'tinyland';
  const total = o.repositories ?? 300;
  const selected = Math.min(total, o.selected ?? 120);
  const busy = o.busyRepository ?? 42;
  const group = 'tinyland-platform';
  const archived = new Set([5, 15].filter((i) => i < selected));
  const isPublic = (i: number) => i % 10 === 0;
  github.addOrg({
    login: org,
    groups: [
      {
        id: 77,
        name: group,
        visibility: 'selected',
        allowsPublicRepositories: false,
        repositories: Array.from({ length: selected }, (_, i) => name(i)),
      },
      { id: 78, name: 'legacy', visibility: 'all' },
    ],
    runners: [
      { name: 'nix-1', labels: ['self-hosted', 'linux', 'tinyland-nix'], busy: true, groupId: 77 },
      { name: 'nix-2', labels: ['self-hosted', 'linux', 'tinyland-nix'], busy: false, groupId: 77 },
      { name: 'docker-1', labels: ['self-hosted', 'linux', 'tinyland-docker'], busy: false, groupId: 77 },
      {
        name: 'docker-2',
        labels: ['self-hosted', 'linux', 'tinyland-docker'],
        status: 'offline',
        groupId: 77,
      },
    ],
  });
  const runs = new Map<number, SeedRun[]>();
  runs.set(busy, [{ status: 'queued', createdAt: at, jobs: queued(25, 'tinyland-nix', 'build') }]);
  const mixed = busy + 1;
  runs.set(mixed, [
    {
      status: 'in_progress',
      createdAt: at,
      jobs: [
        ...queued(3, 'tinyland-docker', 'test'),
        { name: 'lint', labels: ['tinyland-docker'], status: 'in_progress', createdAt: at },
        { name: 'unit', labels: ['tinyland-docker'], status: 'in_progress', createdAt: at },
        { name: 'deploy', labels: ['tinyland-nix'], status: 'waiting', createdAt: at },
      ],
    },
    { status: 'completed', createdAt: '2026-03-01T10:00:00Z', jobs: queued(2, 'tinyland-nix', 'stale') },
  ]);
  // Waiting where the platform's group does not serve: a public selected repository, one outside.
  runs.set(10, [{ status: 'queued', createdAt: at, jobs: queued(4, 'tinyland-nix', 'public') }]);
  if (total > 200)
    runs.set(200, [{ status: 'queued', createdAt: at, jobs: queued(7, 'tinyland-nix', 'outside') }]);
  const repositories: string[] = [];
  const eligible: string[] = [];
  const excluded: string[] = [];
  for (let i = 0; i < total; i++) {
    github.addRepo({
      owner: org,
      name: name(i),
      private: !isPublic(i),
      archived: archived.has(i),
      runs: runs.get(i) ?? [],
    });
    repositories.push(`${org}/${name(i)}`);
    if (i >= selected) continue;
    if (isPublic(i) || archived.has(i)) excluded.push(`${org}/${name(i)}`);
    else eligible.push(`${org}/${name(i)}`);
  }
  const activeRuns = [busy, mixed].filter((i) => eligible.includes(`${org}/${name(i)}`)).length;
  return {
    org,
    group,
    repositories,
    eligible,
    excluded,
    queued: { 'tinyland-nix': 25, 'tinyland-docker': 3 },
    activeRuns,
  };
}
