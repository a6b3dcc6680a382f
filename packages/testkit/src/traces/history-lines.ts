import type { TraceJob } from './generator';

/**
 * The trace as a job-history file in arc-apply's documented JSON-lines format, version 1
 * (actions/arc-apply/schemas/job-history.v1.schema.json): one job per line.
 */
export function historyLines(jobs: readonly TraceJob[]): string {
  return jobs
    .map((j) =>
      JSON.stringify({
        v: 1,
        id: j.id,
        scaleSet: j.scaleSet,
        labels: j.labels,
        repository: j.repository,
        runId: j.runId,
        createdAt: new Date(j.createdAt).toISOString(),
        startedAt: new Date(j.startedAt).toISOString(),
        completedAt: new Date(j.completedAt).toISOString(),
        coldStart: j.coldStart,
      }),
    )
    .join('\n')
    .concat(jobs.length ? '\n' : '');
}
