import type { JobRecord } from './jobs';
import type { MessageSession } from './sessions';
import type { Label, RunnerGroup, RunnerReference, RunnerScaleSet, ScaleSetStatistics } from './wire';

/** What the service keeps of a scale set; the wire object is built from it on every answer. */
export interface ScaleSetRecord {
  id: number;
  name: string;
  runnerGroupId: number;
  labels: Label[];
  disableUpdate: boolean;
  createdOn: string;
}

export interface RunnerRecord {
  id: number;
  name: string;
  scaleSetId: number;
  /** The job the runner is running, if any: RemoveRunner answers JobStillRunning meanwhile. */
  jobId?: string;
}

/** What the service answers when a request cannot be served: the status and the exception name. */
export class ActionsException extends Error {
  constructor(
    readonly status: number,
    readonly typeName: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The Actions service's state for one tenant: runner groups (the default group always exists, id
 * 1), runner scale sets, the runners registered to them through JIT configs, job requests and the
 * scale sets' message sessions (job-flow.ts moves jobs along).
 */
export class ActionsServiceState {
  readonly runnerGroups: RunnerGroup[] = [{ id: 1, name: 'Default', size: 0, isDefaultGroup: true }];
  readonly scaleSets = new Map<number, ScaleSetRecord>();
  readonly runners = new Map<number, RunnerRecord>();
  readonly jobs = new Map<number, JobRecord>();
  /** At most one session per scale set, by scale set id. */
  readonly sessions = new Map<number, MessageSession>();
  private nextScaleSetId = 1;
  private nextRunnerId = 1;
  private lastRequestId = 0;

  constructor(readonly now: () => number = Date.now) {}

  /** A job request id, unique within this service. */
  nextRequestId(): number {
    return ++this.lastRequestId;
  }

  addRunnerGroup(name: string): RunnerGroup {
    const group = { id: this.runnerGroups.length + 1, name, size: 0, isDefaultGroup: false };
    this.runnerGroups.push(group);
    return group;
  }

  /** The group by name, case-insensitively; "default" names the default group (scaleset DefaultRunnerGroup). */
  runnerGroupByName(name: string): RunnerGroup | undefined {
    const wanted = name.toLowerCase();
    return this.runnerGroups.find(
      (g) => g.name.toLowerCase() === wanted || (wanted === 'default' && g.isDefaultGroup),
    );
  }

  scaleSetByName(runnerGroupId: number, name: string): ScaleSetRecord | undefined {
    return [...this.scaleSets.values()].find((s) => s.runnerGroupId === runnerGroupId && s.name === name);
  }

  createScaleSet(input: {
    name: string;
    runnerGroupId: number;
    labels: Label[];
    disableUpdate: boolean;
  }): ScaleSetRecord {
    if (!this.runnerGroups.some((g) => g.id === input.runnerGroupId))
      throw new ActionsException(
        404,
        'RunnerGroupNotFoundException',
        `Runner group ${input.runnerGroupId} not found.`,
      );
    if (this.scaleSetByName(input.runnerGroupId, input.name))
      throw new ActionsException(
        409,
        'RunnerScaleSetExistsException',
        `A runner scale set named ${input.name} already exists in this runner group.`,
      );
    const record = { ...input, id: this.nextScaleSetId++, createdOn: new Date(this.now()).toISOString() };
    this.scaleSets.set(record.id, record);
    return record;
  }

  scaleSet(id: number): ScaleSetRecord {
    const found = this.scaleSets.get(id);
    if (!found)
      throw new ActionsException(404, 'RunnerScaleSetNotFoundException', `Runner scale set ${id} not found.`);
    return found;
  }

  /** Deleting a scale set removes its runners with it. */
  deleteScaleSet(id: number): void {
    this.scaleSet(id);
    this.scaleSets.delete(id);
    for (const [runnerId, runner] of this.runners)
      if (runner.scaleSetId === id) this.runners.delete(runnerId);
  }

  /** A JIT config registers the runner; a second one for a name in use is AgentExists. */
  registerRunner(scaleSetId: number, name: string): RunnerRecord {
    this.scaleSet(scaleSetId);
    if (this.runnerByName(name))
      throw new ActionsException(409, 'AgentExistsException', `A runner named ${name} already exists.`);
    const runner = { id: this.nextRunnerId++, name, scaleSetId };
    this.runners.set(runner.id, runner);
    return runner;
  }

  runnerByName(name: string): RunnerRecord | undefined {
    return [...this.runners.values()].find((r) => r.name === name);
  }

  runner(id: number): RunnerRecord {
    const found = this.runners.get(id);
    if (!found) throw new ActionsException(404, 'AgentNotFoundException', `Runner ${id} not found.`);
    return found;
  }

  /**
   * RemoveRunner. Removing a runner the service already removed succeeds: an ephemeral runner leaves
   * the service with its job, and ARC's finalizer still removes it afterwards, treating any error as
   * a retry (ARC 0.14.2 ephemeralrunner_controller.go deleteRunnerFromService; a 404 here kept every
   * finished runner's finalizer forever when ARC's real manager ran against this fake). An id never
   * issued is AgentNotFound.
   */
  removeRunner(id: number): void {
    if (!this.runners.has(id) && id > 0 && id < this.nextRunnerId) return;
    const runner = this.runner(id);
    if (runner.jobId)
      throw new ActionsException(
        400,
        'JobStillRunningException',
        `Runner ${runner.name} is running job ${runner.jobId} and cannot be removed.`,
      );
    this.runners.delete(id);
  }

  /**
   * RunnerScaleSetStatistic: assigned counts the jobs given to the scale set, waiting or running
   * (what ARC's listener scales on); acquired, the ones waiting for a runner.
   */
  statistics(scaleSetId: number): ScaleSetStatistics {
    const runners = [...this.runners.values()].filter((r) => r.scaleSetId === scaleSetId);
    const jobs = [...this.jobs.values()].filter((j) => j.scaleSetId === scaleSetId);
    const count = (state: JobRecord['state']) => jobs.filter((j) => j.state === state).length;
    const busy = runners.filter((r) => r.jobId).length;
    return {
      totalAvailableJobs: count('available'),
      totalAcquiredJobs: count('assigned'),
      totalAssignedJobs: count('assigned') + count('running'),
      totalRunningJobs: count('running'),
      totalRegisteredRunners: runners.length,
      totalBusyRunners: busy,
      totalIdleRunners: runners.length - busy,
    };
  }

  wireScaleSet(record: ScaleSetRecord, base: string): RunnerScaleSet {
    const group = this.runnerGroups.find((g) => g.id === record.runnerGroupId)!;
    return {
      id: record.id,
      name: record.name,
      runnerGroupId: record.runnerGroupId,
      runnerGroupName: group.name,
      labels: record.labels,
      RunnerSetting: record.disableUpdate ? { disableUpdate: true } : {},
      createdOn: record.createdOn,
      runnerJitConfigUrl: `${base}/_apis/runtime/runnerscalesets/${record.id}/generatejitconfig`,
      statistics: this.statistics(record.id),
    };
  }
}

export function wireRunner(runner: RunnerRecord): RunnerReference {
  return { id: runner.id, name: runner.name, runnerScaleSetId: runner.scaleSetId };
}
