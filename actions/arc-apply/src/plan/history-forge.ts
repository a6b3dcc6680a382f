import { mapLimit } from '@gloriousflywheel/shared';
import type { ForgeSource } from '@gloriousflywheel/shared/forge';
import { RequestBudget } from '@gloriousflywheel/shared/forge';
import { type History, type HistoryJob, type HistorySource, scaleSetFor } from './history';

/** Repositories read at the same time; the budget, not this, bounds the requests. */
const CONCURRENCY = 4;

/**
 * Job history from the forge: each repository's jobs in the window, mapped to the set in scope
 * whose labels they asked for. Repositories of one owner share `maxRequestsPerOwner`.
 */
export async function readForgeHistory(
  source: ForgeSource,
  repositories: readonly string[],
  window: { since: Date; until: Date },
  maxRequestsPerOwner: number,
  sets: readonly { name: string; labels: readonly string[] }[],
): Promise<History> {
  const budget = new RequestBudget(maxRequestsPerOwner);
  const jobs: HistoryJob[] = [];
  const sources = await mapLimit(repositories, CONCURRENCY, async (path): Promise<HistorySource> => {
    const repo = await source.repository(path);
    const read = await source.jobHistory(repo, window, budget);
    let kept = 0;
    for (const j of read.jobs) {
      const set = scaleSetFor({ labels: j.labels }, sets);
      if (!set) continue;
      const job: HistoryJob = { scaleSet: set, createdAt: Date.parse(j.createdAt) };
      if (j.pickedUpAt) job.startedAt = Date.parse(j.pickedUpAt);
      if (j.completedAt) job.completedAt = Date.parse(j.completedAt);
      if (j.runId !== null) job.runId = `${path}#${j.runId}`;
      jobs.push(job);
      kept++;
    }
    return {
      kind: source.forge,
      where: repo.fullName,
      jobs: kept,
      complete: read.complete,
      ...(read.complete ? {} : { note: `request budget of ${repo.owner} used up: history cut short` }),
    };
  });
  return { jobs, sources };
}
