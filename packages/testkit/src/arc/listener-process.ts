import type { KubeObject } from '../kube/index';
import { type SimContext, types } from './context';
import { listenerSpec } from './controllers/listener';
import { setPodPhase } from './controllers/pods';
import type { SimJob } from './github';

interface ListenerProcess {
  uid: string;
  namespace: string;
  name: string;
  scaleSet: string;
  patchSeq: number;
  lastTarget: number;
  dirty: boolean;
  pokeTimer?: number;
  pollTimer?: number;
}

/**
 * The listener pods' behaviour (cmd/ghalistener): acquire jobs, report JobStarted as a status
 * patch on the runner, and on every batch patch the runner set with `{replicas, patchID}`.
 */
export class ListenerProcesses {
  private readonly procs = new Map<string, ListenerProcess>();

  constructor(private readonly ctx: SimContext) {}

  /** The listener pod came up: the process starts with a fresh patch sequence and handles a first batch. */
  start(al: KubeObject): void {
    if (this.procs.has(al.metadata.uid!)) return;
    const spec = listenerSpec(al);
    const proc: ListenerProcess = {
      uid: al.metadata.uid!,
      namespace: al.metadata.namespace!,
      name: al.metadata.name!,
      scaleSet: `${spec.autoscalingRunnerSetNamespace}/${spec.autoscalingRunnerSetName}`,
      // The scaler starts at -1 and increments before use, so its first batch is patchID 0 (a forced
      // state: scale-down allowed). ARC gha-runner-scale-set-0.14.2 cmd/ghalistener/scaler/scaler.go
      // (New, setDesiredWorkerState); the same in 0.12/0.13 cmd/ghalistener/worker/worker.go.
      patchSeq: -1,
      lastTarget: -1,
      dirty: false,
    };
    this.procs.set(proc.uid, proc);
    this.schedulePoll(proc, 0);
  }

  private schedulePoll(proc: ListenerProcess, delay: number): void {
    proc.pollTimer = this.ctx.clock.schedule(
      delay,
      async () => {
        proc.pollTimer = undefined;
        if (await this.pass(proc)) this.schedulePoll(proc, this.ctx.timings.listenerPollMs);
      },
      delay > 0,
    );
  }

  private running(scaleSet: string): ListenerProcess | undefined {
    for (const p of this.procs.values()) if (p.scaleSet === scaleSet && this.alive(p)) return p;
    return undefined;
  }

  hasRunning(scaleSet: string): boolean {
    return this.running(scaleSet) !== undefined;
  }

  /** A message for this scale set (job available, started, completed): handled after a short delay. */
  poke(scaleSet: string): void {
    const proc = this.running(scaleSet);
    if (!proc) return;
    proc.dirty = true;
    if (proc.pokeTimer !== undefined) return;
    proc.pokeTimer = this.ctx.clock.schedule(this.ctx.timings.messageDelayMs, async () => {
      proc.pokeTimer = undefined;
      await this.pass(proc);
    });
  }

  private alive(proc: ListenerProcess): boolean {
    const al = this.ctx.cache.get(types.listener, proc.namespace, proc.name);
    const pod = this.ctx.cache.get(types.pod, proc.namespace, proc.name);
    const ok =
      !!al &&
      al.metadata.uid === proc.uid &&
      !al.metadata.deletionTimestamp &&
      (pod?.status as { phase?: string } | undefined)?.phase === 'Running';
    if (!ok) this.stop(proc);
    return ok;
  }

  private stop(proc: ListenerProcess): void {
    this.ctx.clock.cancel(proc.pokeTimer);
    this.ctx.clock.cancel(proc.pollTimer);
    this.procs.delete(proc.uid);
  }

  /** Writes the job fields onto the runner, as the listener does on JobStarted (never cleared). */
  async report(job: SimJob): Promise<boolean> {
    const ns = job.scaleSet.split('/')[0]!;
    const er = job.runnerName ? this.ctx.cache.get(types.er, ns, job.runnerName) : undefined;
    const proc = this.running(job.scaleSet);
    if (!er || !proc) return false;
    await this.ctx.api.patch(
      types.er,
      ns,
      job.runnerName!,
      {
        status: {
          jobRequestId: job.requestId,
          ...(this.ctx.version.minor === '0.12' ? {} : { jobId: job.jobId }),
          jobRepositoryName: job.repository,
          jobWorkflowRef: job.workflowRef,
          workflowRunId: job.workflowRunId,
          jobDisplayName: job.displayName,
        },
      },
      { subresource: 'status' },
    );
    job.reported = true;
    proc.dirty = true;
    return true;
  }

  /** One batch: HandleDesiredRunnerCount. Returns false when the process has ended. */
  private async pass(proc: ListenerProcess): Promise<boolean> {
    if (!this.alive(proc)) return false;
    const al = this.ctx.cache.get(types.listener, proc.namespace, proc.name)!;
    const spec = listenerSpec(al);
    if (this.ctx.github.acquire(proc.scaleSet, spec.maxRunners).length > 0) proc.dirty = true;
    // The real listener acquires every available job at once (metrics/scale-set-state.ts says why).
    this.ctx.github.markAssigned(proc.scaleSet, this.ctx.clock.nowMs());
    for (const job of this.ctx.github.jobsOf(proc.scaleSet, 'running'))
      if (!job.reported) await this.report(job);
    const count = this.ctx.github.jobsOf(proc.scaleSet, 'acquired', 'running').length;
    const target = Math.min(spec.minRunners + count, spec.maxRunners);
    proc.patchSeq += 1;
    let patchID = proc.patchSeq;
    if (!proc.dirty && target === proc.lastTarget && target === spec.minRunners) patchID = 0;
    proc.lastTarget = target;
    proc.dirty = false;
    const ersNs = spec.autoscalingRunnerSetNamespace;
    if (this.ctx.cache.get(types.ers, ersNs, spec.ephemeralRunnerSetName)) {
      await this.ctx.api.patch(types.ers, ersNs, spec.ephemeralRunnerSetName, {
        spec: { replicas: target, patchID },
      });
      return true;
    }
    // The scaler's patch fails, Run returns the error and the process exits 1 (actions/scaleset
    // v0.4.0 listener/listener.go Run; ARC 0.14.2 cmd/ghalistener/main.go): the pod is Failed.
    this.ctx.log(
      `${proc.namespace}/${proc.name}: could not patch ephemeral runner set: ${ersNs}/${spec.ephemeralRunnerSetName} not found: listener exits 1`,
    );
    this.stop(proc);
    const pod = this.ctx.cache.get(types.pod, proc.namespace, proc.name);
    if (pod) await setPodPhase(this.ctx, pod, 'Failed', 1);
    return false;
  }
}
