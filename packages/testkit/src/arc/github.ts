/** A job as the simulated Actions service tracks it. */
export interface SimJob {
  /** jobRequestId (an integer on the wire). */
  requestId: number;
  /** jobId (a string, 0.13+). */
  jobId: string;
  repository: string;
  workflowRef: string;
  workflowRunId: number;
  displayName: string;
  durationMs: number;
  /** `namespace/name` of the scale set the job targets. */
  scaleSet: string;
  state: 'queued' | 'acquired' | 'running' | 'done';
  runnerName?: string;
  /** When a listener first saw it (ARC's scaleSetAssignTime), for the listener metrics. */
  assignedAt?: number;
  startedAt?: number;
  finishedAt?: number;
  /** The listener has written the job fields onto the runner (JobStarted handled). */
  reported?: boolean;
}

/**
 * The GitHub side of ARC, reduced to what the controller and listener see: scale-set IDs, the job
 * queue per scale set, and runner registrations (RemoveRunner refuses while a job runs).
 */
export class SimActionsService {
  private nextScaleSetId = 1;
  private nextRunnerId = 1;
  private nextRequestId = 1000;
  readonly jobs: SimJob[] = [];
  /** The jobs not yet done: what listeners and dispatch scan (a replayed week leaves 50,000 done ones). */
  private open: SimJob[] = [];
  /** The jobs no listener has seen yet (no assignedAt): what a listener's batch stamps. */
  private unassigned: SimJob[] = [];
  /** runnerId → runner name and the job it runs. */
  private readonly runners = new Map<number, { name: string; scaleSet: string }>();
  readonly scaleSets = new Map<number, { name: string; runnerGroup: string }>();
  /** Runners whose RemoveRunner answers JobStillRunning whatever their job does. */
  private readonly stuckRemovals = new Set<number>();

  createScaleSet(name: string, runnerGroup: string): number {
    const id = this.nextScaleSetId++;
    this.scaleSets.set(id, { name, runnerGroup });
    return id;
  }

  deleteScaleSet(id: number): void {
    this.scaleSets.delete(id);
  }

  enqueue(job: Omit<SimJob, 'requestId' | 'jobId' | 'state'>): SimJob {
    const requestId = this.nextRequestId++;
    const full: SimJob = { ...job, requestId, jobId: `job-${requestId}`, state: 'queued' };
    this.jobs.push(full);
    this.open.push(full);
    this.unassigned.push(full);
    return full;
  }

  /** A listener of the scale set saw its jobs at `at`: each job not yet seen gets that assignedAt. */
  markAssigned(scaleSet: string, at: number): void {
    let seen = false;
    for (const job of this.unassigned) {
      if (job.scaleSet === scaleSet) job.assignedAt ??= at;
      seen ||= job.assignedAt !== undefined;
    }
    if (seen) this.unassigned = this.unassigned.filter((j) => j.assignedAt === undefined);
  }

  jobsOf(scaleSet: string, ...states: SimJob['state'][]): SimJob[] {
    const from = states.length > 0 && !states.includes('done') ? this.openJobs() : this.jobs;
    return from.filter((j) => j.scaleSet === scaleSet && (states.length === 0 || states.includes(j.state)));
  }

  /** The listener acquires queued jobs up to its capacity (maxRunners minus jobs already assigned). */
  acquire(scaleSet: string, maxRunners: number): SimJob[] {
    const assigned = this.jobsOf(scaleSet, 'acquired', 'running').length;
    const room = Math.max(0, maxRunners - assigned);
    const taken = this.jobsOf(scaleSet, 'queued').slice(0, room);
    for (const job of taken) job.state = 'acquired';
    return taken;
  }

  register(scaleSet: string, name: string): number {
    const id = this.nextRunnerId++;
    this.runners.set(id, { name, scaleSet });
    return id;
  }

  runningJobOf(runnerName: string): SimJob | undefined {
    return this.openJobs().find((j) => j.state === 'running' && j.runnerName === runnerName);
  }

  /** Jobs queued, acquired or running (done ones dropped from the scan list as they are found). */
  openJobs(): SimJob[] {
    if (this.open.some((j) => j.state === 'done')) this.open = this.open.filter((j) => j.state !== 'done');
    return this.open;
  }

  /** Whether a runner is still registered with the service (RemoveRunner not yet accepted). */
  isRegistered(runnerId: number): boolean {
    return this.runners.has(runnerId);
  }

  /**
   * From now on RemoveRunner answers JobStillRunning for this runner, forever: the service still
   * believes a job holds it (its pod vanished with the node, so nothing ever reports the end).
   */
  stickRemoval(runnerId: number): void {
    this.stuckRemovals.add(runnerId);
  }

  /** RemoveRunner: false (JobStillRunningError) while the runner has a job running. */
  removeRunner(runnerId: number): boolean {
    if (this.stuckRemovals.has(runnerId)) return false;
    const runner = this.runners.get(runnerId);
    if (!runner) return true;
    if (this.runningJobOf(runner.name)) return false;
    this.runners.delete(runnerId);
    return true;
  }
}
