import { randomUUID } from 'node:crypto';
import { type JobMessageType, type JobRecord, jobMessage } from './jobs';
import { ActionsException, type ActionsServiceState } from './state';

/*
 * How a job request moves through the service, and the message each step puts on the scale set's
 * session queue (the order ARC's listener sees them: JobAvailable → it acquires → JobAssigned →
 * a runner takes it → JobStarted → JobCompleted).
 */

const iso = (ms: number) => new Date(ms).toISOString();

function announce(
  state: ActionsServiceState,
  type: JobMessageType,
  jobs: JobRecord[],
  acquireJobUrl: string,
): void {
  const byScaleSet = new Map<number, JobRecord[]>();
  for (const job of jobs) byScaleSet.set(job.scaleSetId, [...(byScaleSet.get(job.scaleSetId) ?? []), job]);
  for (const [scaleSetId, batch] of byScaleSet)
    state.sessions.get(scaleSetId)?.push(batch.map((job) => jobMessage(type, job, acquireJobUrl)));
}

export interface QueueJobOptions {
  repository?: string;
  owner?: string;
  displayName?: string;
  workflowRef?: string;
  eventName?: string;
}

/** A workflow job targets the scale set: it is available, and its session hears JobAvailable. */
export function queueJob(
  state: ActionsServiceState,
  scaleSetId: number,
  acquireJobUrl: string,
  o: QueueJobOptions = {},
): JobRecord {
  const set = state.scaleSet(scaleSetId);
  const owner = o.owner ?? 'tinyland';
  const repository = o.repository ?? 'app';
  const requestId = state.nextRequestId();
  const job: JobRecord = {
    requestId,
    jobId: randomUUID(),
    scaleSetId,
    repository,
    owner,
    workflowRef: o.workflowRef ?? `${owner}/${repository}/.github/workflows/ci.yml@refs/heads/main`,
    displayName: o.displayName ?? 'build',
    workflowRunId: 1000 + requestId,
    eventName: o.eventName ?? 'push',
    labels: set.labels.map((l) => l.name),
    queueTime: iso(state.now()),
    state: 'available',
  };
  state.jobs.set(job.requestId, job);
  announce(state, 'JobAvailable', [job], acquireJobUrl);
  return job;
}

/** A session that starts late hears of the jobs already waiting (the service replays availability). */
export function announceAvailable(
  state: ActionsServiceState,
  scaleSetId: number,
  acquireJobUrl: string,
): void {
  const waiting = [...state.jobs.values()].filter(
    (j) => j.scaleSetId === scaleSetId && j.state === 'available',
  );
  announce(state, 'JobAvailable', waiting, acquireJobUrl);
}

/** AcquireJobs: the listener takes the available ones it names; they are assigned to the scale set at once. */
export function acquireJobs(
  state: ActionsServiceState,
  scaleSetId: number,
  requestIds: number[],
  acquireJobUrl: string,
): number[] {
  const taken = requestIds
    .map((id) => state.jobs.get(id))
    .filter((j): j is JobRecord => j?.scaleSetId === scaleSetId && j.state === 'available');
  for (const job of taken) {
    job.state = 'assigned';
    job.scaleSetAssignTime = iso(state.now());
  }
  announce(state, 'JobAssigned', taken, acquireJobUrl);
  return taken.map((j) => j.requestId);
}

/** The runner, once its process is up, takes the oldest job assigned to its scale set. */
export function startJob(state: ActionsServiceState, runnerName: string): JobRecord | undefined {
  const runner = state.runnerByName(runnerName);
  if (!runner)
    throw new ActionsException(404, 'AgentNotFoundException', `Runner ${runnerName} is not registered.`);
  if (runner.jobId) return undefined;
  const job = [...state.jobs.values()].find(
    (j) => j.scaleSetId === runner.scaleSetId && j.state === 'assigned',
  );
  if (!job) return undefined;
  job.state = 'running';
  job.runnerId = runner.id;
  job.runnerName = runner.name;
  job.runnerAssignTime = iso(state.now());
  runner.jobId = job.jobId;
  announce(state, 'JobStarted', [job], '');
  return job;
}

/** The runner's job ends: an ephemeral runner is removed from the service with it. */
export function completeJob(state: ActionsServiceState, runnerName: string, result = 'Succeeded'): JobRecord {
  const runner = state.runnerByName(runnerName);
  const job = runner && [...state.jobs.values()].find((j) => j.jobId === runner.jobId);
  if (!runner || !job)
    throw new ActionsException(404, 'JobNotFoundException', `Runner ${runnerName} runs no job.`);
  job.state = 'done';
  job.result = result;
  job.finishTime = iso(state.now());
  delete runner.jobId;
  state.runners.delete(runner.id);
  announce(state, 'JobCompleted', [job], '');
  return job;
}

/**
 * The workflow run is cancelled before a runner took the job: it ends with result `canceled`, and
 * the session hears JobCompleted; the scale set's assigned count drops (what the listener scales on).
 */
export function cancelJob(state: ActionsServiceState, requestId: number): JobRecord {
  const job = state.jobs.get(requestId);
  if (!job || (job.state !== 'available' && job.state !== 'assigned'))
    throw new ActionsException(404, 'JobNotFoundException', `No waiting job with request id ${requestId}.`);
  job.state = 'done';
  job.result = 'canceled';
  job.finishTime = iso(state.now());
  announce(state, 'JobCompleted', [job], '');
  return job;
}
