/** A job request as the Actions service tracks it for one scale set. */
export interface JobRecord {
  /** runnerRequestId: the integer the listener acquires by. */
  requestId: number;
  jobId: string;
  scaleSetId: number;
  repository: string;
  owner: string;
  workflowRef: string;
  displayName: string;
  workflowRunId: number;
  eventName: string;
  labels: string[];
  queueTime: string;
  /** available → acquired (by a listener) → assigned → running (a runner took it) → done. */
  state: 'available' | 'assigned' | 'running' | 'done';
  scaleSetAssignTime?: string;
  runnerId?: number;
  runnerName?: string;
  runnerAssignTime?: string;
  finishTime?: string;
  result?: string;
}

export type JobMessageType = 'JobAvailable' | 'JobAssigned' | 'JobStarted' | 'JobCompleted';

/** Go's zero time, which the service sends for a time not reached yet (time.Time has no null). */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * One job message of a batch, with JobMessageBase's fields (actions/scaleset v0.4.0 types.go):
 * JobAvailable adds acquireJobUrl, JobStarted the runner, JobCompleted the runner and the result.
 */
export function jobMessage(
  type: JobMessageType,
  job: JobRecord,
  acquireJobUrl: string,
): Record<string, unknown> {
  const base = {
    messageType: type,
    runnerRequestId: job.requestId,
    repositoryName: job.repository,
    ownerName: job.owner,
    jobId: job.jobId,
    jobWorkflowRef: job.workflowRef,
    jobDisplayName: job.displayName,
    workflowRunId: job.workflowRunId,
    eventName: job.eventName,
    requestLabels: job.labels,
    queueTime: job.queueTime,
    scaleSetAssignTime: job.scaleSetAssignTime ?? ZERO_TIME,
    runnerAssignTime: job.runnerAssignTime ?? ZERO_TIME,
    finishTime: job.finishTime ?? ZERO_TIME,
  };
  switch (type) {
    case 'JobAvailable':
      return { ...base, acquireJobUrl };
    case 'JobAssigned':
      return base;
    case 'JobStarted':
      return { ...base, runnerId: job.runnerId, runnerName: job.runnerName };
    case 'JobCompleted':
      return { ...base, result: job.result, runnerId: job.runnerId ?? 0, runnerName: job.runnerName ?? '' };
  }
}
