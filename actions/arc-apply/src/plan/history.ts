/** One job of a scale set's history: what the planner learns demand from. Times are epoch ms. */
export interface HistoryJob {
  scaleSet: string;
  createdAt: number;
  /** When a runner picked it up; absent when never (cancelled) or unknown. */
  startedAt?: number;
  completedAt?: number;
  /** The workflow run or pipeline: jobs of one run arrive as a burst. */
  runId?: string;
}

/** Where the history came from and how complete it is, for the report. */
export interface HistorySource {
  kind: 'file' | 'github' | 'gitlab' | 'prometheus';
  where: string;
  jobs: number;
  /** False when a request budget or a page limit cut the read short. */
  complete: boolean;
  note?: string;
}

export interface History {
  jobs: HistoryJob[];
  sources: HistorySource[];
}

/**
 * Which scale set a job ran on: its own name when the record says, else the first set in scope
 * whose name or workflow-facing labels are all among the job's labels (ARC matches a job to the
 * scale set whose labels it asks for).
 */
export function scaleSetFor(
  record: { scaleSet?: string | undefined; labels?: readonly string[] | undefined },
  sets: readonly { name: string; labels: readonly string[] }[],
): string | undefined {
  if (record.scaleSet) return sets.some((s) => s.name === record.scaleSet) ? record.scaleSet : undefined;
  const labels = new Set(record.labels ?? []);
  for (const set of sets) {
    const wanted = set.labels.length ? set.labels : [set.name];
    if (wanted.every((l) => labels.has(l))) return set.name;
  }
  return undefined;
}
