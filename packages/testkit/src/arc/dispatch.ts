import { LABEL } from './constants';
import { faultsFor, type SimContext, types } from './context';
import { setPodPhase } from './controllers/pods';
import { statusOf } from './controllers/runner-state';
import type { ListenerProcesses } from './listener-process';

/**
 * GitHub's side of job execution: acquired jobs go to idle, registered runners of their scale set;
 * a job that ends makes its runner exit 0 (unless the scale set's runners never finish).
 */
export function dispatchJobs(ctx: SimContext, listeners: ListenerProcesses): void {
  const waiting = ctx.github.openJobs().filter((j) => j.state === 'acquired');
  if (waiting.length === 0) return;
  const byScaleSet = new Map<string, typeof waiting>();
  for (const job of waiting) byScaleSet.set(job.scaleSet, [...(byScaleSet.get(job.scaleSet) ?? []), job]);
  for (const [scaleSet, jobs] of byScaleSet) {
    const [ns, name] = scaleSet.split('/') as [string, string];
    const faults = faultsFor(ctx, scaleSet);
    const idle = ctx.store
      .scan(types.er, { namespace: ns })
      .filter((er) => er.metadata.labels?.[LABEL.scaleSetName] === name)
      .filter(
        (er) =>
          !er.metadata.deletionTimestamp &&
          statusOf(er).phase === 'Running' &&
          (statusOf(er).runnerId ?? 0) > 0,
      )
      .filter((er) => !faults.leaked.has(er.metadata.name!) && !ctx.github.runningJobOf(er.metadata.name!))
      .filter((er) => !statusOf(er).jobRequestId)
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
    for (const job of jobs) {
      const runner = idle.shift();
      if (!runner) break;
      job.state = 'running';
      job.runnerName = runner.metadata.name!;
      job.startedAt = ctx.clock.nowMs();
      listeners.report(job);
      listeners.poke(scaleSet);
      if (faults.neverFinishes) continue;
      ctx.clock.schedule(job.durationMs, () => {
        job.state = 'done';
        const pod = ctx.store.peek(types.pod, ns, job.runnerName!);
        if (pod) setPodPhase(ctx, pod, 'Succeeded', 0);
        listeners.poke(scaleSet);
      });
    }
  }
}
