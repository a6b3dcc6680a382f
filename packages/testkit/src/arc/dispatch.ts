import { LABEL } from './constants';
import { faultsFor, type SimContext, types } from './context';
import type { Controller } from './controller';
import { setPodPhase } from './controllers/pods';
import { statusOf } from './controllers/runner-state';
import type { ListenerProcesses } from './listener-process';

/**
 * GitHub's side of job execution: acquired jobs go to idle, registered runners of their scale set;
 * a job that ends makes its runner exit 0 (unless the scale set's runners never finish).
 */
export async function dispatchJobs(ctx: SimContext, listeners: ListenerProcesses): Promise<void> {
  const waiting = ctx.github.openJobs().filter((j) => j.state === 'acquired');
  if (waiting.length === 0) return;
  const byScaleSet = new Map<string, typeof waiting>();
  for (const job of waiting) byScaleSet.set(job.scaleSet, [...(byScaleSet.get(job.scaleSet) ?? []), job]);
  for (const [scaleSet, jobs] of byScaleSet) {
    const [ns, name] = scaleSet.split('/') as [string, string];
    const faults = faultsFor(ctx, scaleSet);
    // The runners GitHub has a job running on, as runningJobOf answers for each, found in one scan.
    const busy = new Set<string>();
    for (const j of ctx.github.openJobs()) if (j.state === 'running' && j.runnerName) busy.add(j.runnerName);
    const idle = ctx.cache
      .list(types.er, ns)
      .filter((er) => er.metadata.labels?.[LABEL.scaleSetName] === name)
      .filter(
        (er) =>
          !er.metadata.deletionTimestamp &&
          statusOf(er).phase === 'Running' &&
          (statusOf(er).runnerId ?? 0) > 0,
      )
      .filter((er) => !faults.leaked.has(er.metadata.name!) && !busy.has(er.metadata.name!))
      .filter((er) => !statusOf(er).jobRequestId)
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
    for (const job of jobs) {
      const runner = idle.shift();
      if (!runner) break;
      job.state = 'running';
      job.runnerName = runner.metadata.name!;
      job.startedAt = ctx.clock.nowMs();
      // The runner learns of its job now; the EphemeralRunner's job fields come later, when the
      // listener handles the JobStarted message (messageDelayMs): until then ARC's controller and
      // arc-apply see the runner as idle (ARC 0.14.2 cmd/ghalistener/scaler/scaler.go
      // HandleJobStarted patches the runner's status; the 0.13 worker does the same).
      listeners.poke(scaleSet);
      if (faults.neverFinishes) continue;
      ctx.clock.schedule(job.durationMs, async () => {
        job.state = 'done';
        job.finishedAt = ctx.clock.nowMs();
        // Exit 0: ARC deletes the runner, and its cleanup deletes the finished pod with it
        // (ephemeralrunner_controller.go 0.14.2), so finished runner pods never pile up here.
        const pod = ctx.cache.get(types.pod, ns, job.runnerName!);
        if (pod) await setPodPhase(ctx, pod, 'Succeeded', 0);
        listeners.poke(scaleSet);
      });
    }
  }
}

/** GitHub's job dispatch as the last controller of every pass. */
export function dispatchController(listeners: ListenerProcesses): Controller {
  return { name: 'dispatch jobs', reconcile: (ctx) => dispatchJobs(ctx, listeners) };
}
