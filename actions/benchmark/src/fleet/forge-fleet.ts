import { FlywheelError, mapLimit } from '@gloriousflywheel/shared';
import {
  errorStatus,
  type ForgeJob,
  type ForgeRepository,
  type ForgeRunner,
  type ForgeSource,
  toForgeError,
} from '@gloriousflywheel/shared/forge';

/** Labels every self-hosted runner carries; they name no pool. */
const GENERIC_LABELS = new Set(['self-hosted', 'linux', 'windows', 'macos', 'x64', 'arm64', 'arm', 'x86']);

/** Repositories read at once: enough to hide round trips, few enough not to trip secondary limits. */
export const FLEET_CONCURRENCY = 8;

export interface ForgeFleetQuery {
  /** GitHub organization or GitLab group: every repository that may use `runnerGroups`. */
  owner?: string;
  /** Further repositories (`owner/repo`, `group/project`), or the whole scope without `owner`. */
  repositories: readonly string[];
  /** GitHub runner group names (GitLab: runner types); all when empty. */
  runnerGroups: readonly string[];
  /** Labels to report; every non-generic label of the runners and the waiting jobs when empty. */
  pools: readonly string[];
}

export interface ForgePool {
  pool: string;
  /** Runners executing a job (GitHub: busy online runners; GitLab: running jobs, it has no busy flag). */
  active: number;
  /** Online runners not executing one. */
  idle: number;
  /** Jobs waiting for a runner with this label. */
  queueDepth: number;
  /** Seconds the longest-waiting of them has waited. */
  oldestWaitSeconds: number | null;
}

export interface ForgeFleet {
  scope: string;
  /** The repositories whose jobs were read. */
  repositories: string[];
  repos: ForgeRepository[];
  /** From the owner's runner groups: how many of its repositories each serves. */
  groups: { name: string; serves: number }[];
  runners: number;
  offline: number;
  pools: ForgePool[];
  /** The waiting jobs themselves (repository, name, labels, created). */
  waiting: { repository: string; name: string; labels: string[]; createdAt: string }[];
}

const forgeError = (error: unknown, what: string) =>
  toForgeError(
    error,
    what,
    "the token needs to read the org runners and runner groups (GitHub: organization_self_hosted_runners: read) and the repositories' Actions (actions: read)",
  );

/** Waiting for a runner: GitHub's `queued` (its `waiting` is an environment approval), GitLab's `pending`. */
function isQueued(source: ForgeSource, job: ForgeJob): boolean {
  return job.status === (source.forge === 'github' ? 'queued' : 'pending');
}

/**
 * The runner pools as the forge sees them: runners online and busy per label, and every job that
 * waits for a runner in every repository of the scope — at org scope, each repository that may use
 * the platform's runner groups, not only those listed.
 */
export async function readForgeFleet(
  source: ForgeSource,
  q: ForgeFleetQuery,
  now = new Date(),
): Promise<ForgeFleet> {
  if (!q.owner && q.repositories.length === 0) {
    throw new FlywheelError('INPUT_INVALID', 'fleet mode needs `org` or `repositories`', {
      hint: 'set `org` to count every repository that may use the runner groups',
    });
  }
  const repos = new Map<string, ForgeRepository>();
  let groups: ForgeFleet['groups'] = [];
  if (q.owner) {
    try {
      const scope = await source.fleetRepositories(q.owner, q.runnerGroups);
      groups = scope.pools;
      for (const r of scope.repositories) repos.set(r.fullName.toLowerCase(), r);
    } catch (error) {
      throw forgeError(error, `listing the repositories of ${q.owner} that may use its runner groups`);
    }
  }
  for (const path of q.repositories) {
    if (repos.has(path.toLowerCase())) continue;
    try {
      repos.set(path.toLowerCase(), await source.repository(path));
    } catch (error) {
      throw forgeError(error, `reading ${path}`);
    }
  }
  const owners = q.owner ? [q.owner] : [...new Set([...repos.values()].map((r) => r.owner))];
  const runners: ForgeRunner[] = [];
  for (const owner of owners) {
    try {
      runners.push(...(await source.ownerRunners(owner)));
    } catch (error) {
      // A user account has no org runners; without `org` that is not a failure.
      if (q.owner || errorStatus(error) !== 404) throw forgeError(error, `listing the runners of ${owner}`);
    }
  }
  const jobs = (
    await mapLimit([...repos.values()], FLEET_CONCURRENCY, async (repo) => {
      try {
        return (await source.activeJobs(repo)).map((job) => ({ repo, job }));
      } catch (error) {
        throw forgeError(error, `listing the waiting and running jobs of ${repo.fullName}`);
      }
    })
  ).flat();
  const waiting = jobs.filter(({ job }) => isQueued(source, job));
  const running = jobs.filter(({ job }) => job.state === 'running');
  const online = runners.filter((r) => r.online && !r.paused);
  const pools =
    q.pools.length > 0
      ? [...q.pools]
      : [
          ...new Set(
            [...runners.flatMap((r) => r.labels), ...waiting.flatMap(({ job }) => job.labels)].filter(
              (l) => !GENERIC_LABELS.has(l.toLowerCase()),
            ),
          ),
        ].sort();
  return {
    scope: q.owner
      ? `${source.forge === 'github' ? 'org' : 'group'} ${q.owner}`
      : [...repos.values()].map((r) => r.fullName).join(', '),
    repositories: [...repos.values()].map((r) => r.fullName),
    repos: [...repos.values()],
    groups,
    runners: runners.length,
    offline: runners.length - online.length,
    pools: pools.map((pool) => {
      const mine = online.filter((r) => r.labels.includes(pool));
      const queued = waiting.filter(({ job }) => job.labels.includes(pool));
      const busy =
        source.forge === 'github'
          ? mine.filter((r) => r.busy).length
          : running.filter(({ job }) => job.labels.includes(pool)).length;
      const oldest = queued.map(({ job }) => Date.parse(job.createdAt)).sort((a, b) => a - b)[0];
      return {
        pool,
        active: busy,
        idle: Math.max(0, mine.length - busy),
        queueDepth: queued.length,
        oldestWaitSeconds:
          oldest === undefined ? null : Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
      };
    }),
    waiting: waiting.map(({ repo, job }) => ({
      repository: repo.fullName,
      name: job.name,
      labels: job.labels,
      createdAt: job.createdAt,
    })),
  };
}
