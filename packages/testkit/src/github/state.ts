import {
  fakeSha,
  newId,
  type SeedCache,
  type SeedCommit,
  type SeedJob,
  type SeedOrg,
  type SeedPull,
  type SeedRepo,
  type SeedRun,
  type SeedRunner,
  type SeedRunnerGroup,
} from './model';

/** The fake's state: what tests seed, with the ids GitHub would have assigned. */

export type Runner = SeedRunner & { id: number };
export type Group = SeedRunnerGroup & { id: number; repositories: string[] };
export interface Org {
  login: string;
  id: number;
  groups: Group[];
  runners: Runner[];
}
export interface Job extends SeedJob {
  id: number;
  runId: number;
}
export interface Run extends SeedRun {
  id: number;
  runNumber: number;
  jobs: Job[];
}
export interface Repo {
  id: number;
  owner: string;
  ownerId: number;
  name: string;
  private: boolean;
  archived: boolean;
  defaultBranch: string;
  files: Map<string, string>;
  runners: Runner[];
  runs: Run[];
  pulls: SeedPull[];
  caches: SeedCache[];
  /** Oldest first, each with its sha. */
  commits: Required<SeedCommit>[];
}

/** Orgs and repositories by lower-cased name (GitHub's names are case-insensitive). */
export class GitHubState {
  readonly orgs = new Map<string, Org>();
  readonly repos = new Map<string, Repo>();
  private readonly ownerIds = new Map<string, number>();

  org(login: string): Org | undefined {
    return this.orgs.get(login.toLowerCase());
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  addOrg(seed: SeedOrg): void {
    const defaultGroup: Group = {
      id: 1,
      name: 'Default',
      visibility: 'all',
      default: true,
      allowsPublicRepositories: false,
      repositories: [],
    };
    const groups: Group[] = (seed.groups ?? []).map((g) => ({
      ...g,
      id: g.id ?? newId(),
      repositories: g.repositories ?? [],
    }));
    if (!groups.some((g) => g.default)) groups.unshift(defaultGroup);
    const defaultId = groups.find((g) => g.default)!.id;
    this.orgs.set(seed.login.toLowerCase(), {
      login: seed.login,
      id: this.ownerId(seed.login),
      groups,
      runners: (seed.runners ?? []).map((r) => ({
        ...r,
        id: r.id ?? newId(),
        groupId: r.groupId ?? defaultId,
      })),
    });
  }

  addRepo(seed: SeedRepo): void {
    const runs = (seed.runs ?? []).map((run, i) => toRun(run, i + 1));
    this.repos.set(`${seed.owner}/${seed.name}`.toLowerCase(), {
      id: newId(),
      owner: seed.owner,
      ownerId: this.ownerId(seed.owner),
      name: seed.name,
      private: seed.private ?? true,
      archived: seed.archived ?? false,
      defaultBranch: seed.defaultBranch ?? 'main',
      files: new Map(Object.entries(seed.files ?? {})),
      runners: (seed.runners ?? []).map((r) => ({ ...r, id: r.id ?? newId() })),
      runs,
      pulls: seed.pulls ?? [],
      caches: seed.caches ?? [],
      commits: (seed.commits ?? []).map((c, i) => ({
        ...c,
        sha: c.sha ?? fakeSha(`${seed.owner}/${seed.name}:commit:${i}:${c.message}`),
      })),
    });
  }

  /** Adds a run to a seeded repository; returns its id. */
  addRun(fullName: string, run: SeedRun): number {
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) throw new Error(`unknown repository ${fullName}`);
    const state = toRun(run, repo.runs.length + 1);
    repo.runs.push(state);
    return state.id;
  }

  private ownerId(login: string): number {
    const key = login.toLowerCase();
    if (!this.ownerIds.has(key)) this.ownerIds.set(key, newId());
    return this.ownerIds.get(key)!;
  }
}

function toRun(seed: SeedRun, runNumber: number): Run {
  const id = seed.id ?? newId();
  return {
    ...seed,
    id,
    runNumber,
    jobs: (seed.jobs ?? []).map((j) => ({ ...j, id: j.id ?? newId(), runId: id })),
  };
}
