import type { KubeObject } from '../kube/index';
import { LABEL } from './constants';
import { faultsFor, keyOf, type SimContext, types, writer } from './context';
import { schedulePodStart } from './controllers/er';
import { isUnschedulable, setPodPhase } from './controllers/pods';
import { isBusy, isDone, statusOf } from './controllers/runner-state';

/** The scheduler's wording when every node is at its pod-count ceiling (kube-scheduler FitError + preemption). */
export const TOO_MANY_PODS =
  '0/3 nodes are available: 3 Too many pods. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';

function runnersOf(ctx: SimContext, namespace: string, scaleSet: string): KubeObject[] {
  return ctx.cache
    .list(types.er, namespace)
    .filter((er) => er.metadata.labels?.[LABEL.scaleSetName] === scaleSet)
    .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
}

/**
 * Runners stuck terminating: `count` registered runners (idle ones, or with `busy` ones whose job
 * runs) lose their pod with their node, and their deletion is asked for; GitHub's RemoveRunner
 * answers JobStillRunning for them from now on, so the EphemeralRunner controller requeues without
 * end and never reaches its cleanup (ARC gha-runner-scale-set-0.14.2
 * controllers/actions.github.com/ephemeralrunner_controller.go, the deletion path's
 * "Runner is not finished yet, retrying in 30s"; PR #4585). Each stays with its deletionTimestamp
 * and both finalizers, its pod gone; the runner set counts it as deleting and makes a replacement.
 */
export async function runnerStuckTerminating(
  ctx: SimContext,
  ars: KubeObject,
  count: number,
  busy: boolean,
): Promise<string[]> {
  const holdsJob = (er: KubeObject) => isBusy(ctx, er) || !!ctx.github.runningJobOf(er.metadata.name!);
  const picked = runnersOf(ctx, ars.metadata.namespace!, ars.metadata.name!)
    .filter((er) => !er.metadata.deletionTimestamp && !isDone(er) && (statusOf(er).runnerId ?? 0) > 0)
    .filter((er) => holdsJob(er) === busy)
    .slice(0, count);
  if (picked.length < count) {
    throw new Error(
      `${keyOf(ars)} has ${picked.length} ${busy ? 'busy' : 'idle'} registered runner(s), fewer than the ${count} asked for`,
    );
  }
  for (const er of picked) {
    ctx.github.stickRemoval(statusOf(er).runnerId!);
    await writer(ctx).delete('er', er);
    const pod = ctx.cache.get(types.pod, er.metadata.namespace, er.metadata.name!);
    if (pod) await ctx.api.delete(types.pod, pod.metadata.namespace, pod.metadata.name!);
    ctx.log(`fault: ${keyOf(er)} lost its pod and is stuck terminating`);
  }
  return picked.map((er) => er.metadata.name!);
}

/**
 * The scheduler cannot place the set's runner pods from now on (`message`), or, with `false`, it
 * can again: runner pods left Pending by it are placed and start as usual.
 */
export function setRunnerPodsUnschedulable(
  ctx: SimContext,
  scaleSet: { namespace: string; name: string; key: string },
  message: string | false,
): void {
  const faults = faultsFor(ctx, scaleSet.key);
  if (message !== false) {
    faults.unschedulable = message;
    return;
  }
  delete faults.unschedulable;
  for (const er of runnersOf(ctx, scaleSet.namespace, scaleSet.name)) {
    const pod = ctx.cache.get(types.pod, er.metadata.namespace, er.metadata.name!);
    // The kubelet's reports are writes: they run as a timer, inside the simulator's pass lock.
    if (pod && isUnschedulable(pod)) ctx.clock.schedule(0, () => schedulePodStart(ctx, er, pod));
  }
}

/**
 * Something outside ARC kills the runner's container (the OOM killer: 137): its pod fails with that
 * exit code, as a kubelet reports it. Returns false when the runner has no pod.
 */
export async function killRunnerContainer(
  ctx: SimContext,
  namespace: string,
  runner: string,
  exitCode: number,
): Promise<boolean> {
  const pod = ctx.cache.get(types.pod, namespace, runner);
  if (!pod) return false;
  await setPodPhase(ctx, pod, 'Failed', exitCode);
  return true;
}
