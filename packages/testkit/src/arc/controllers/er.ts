import { type KubeObject, kubeTimestamp } from '../../kube/index';
import { FINALIZER, LABEL } from '../constants';
import { faultsFor, hasFinalizer, keyOf, ownerRef, type SimContext, types, writer } from '../context';
import type { Controller } from '../controller';
import { appConfigErrorOf } from './app-config';
import { markAsFailed, podSecurityRefusal } from './pod-refusal';
import { createPod, setPodPhase, setPodUnschedulable } from './pods';
import { isDone, statusOf } from './runner-state';

export function scaleSetOfRunner(er: KubeObject): string {
  return `${er.metadata.namespace}/${er.metadata.labels?.[LABEL.scaleSetName] ?? ''}`;
}

/** cleanupResources: the runner's pod and JIT secret, wherever they still exist. */
async function cleanupResources(ctx: SimContext, er: KubeObject, pod: KubeObject | undefined): Promise<void> {
  if (pod && !pod.metadata.deletionTimestamp)
    await ctx.api.delete(types.pod, pod.metadata.namespace, pod.metadata.name!);
  const secret = ctx.cache.get(types.secret, er.metadata.namespace, er.metadata.name!);
  if (secret && !secret.metadata.deletionTimestamp)
    await ctx.api.delete(types.secret, secret.metadata.namespace, secret.metadata.name!);
}

async function finalize(ctx: SimContext, er: KubeObject, pod: KubeObject | undefined): Promise<void> {
  const w = writer(ctx);
  if (hasFinalizer(er, FINALIZER.erRegistration)) {
    const runnerId = statusOf(er).runnerId;
    if (runnerId) {
      // RemoveRunner needs an Actions client, which needs the GitHub config secret (#4093).
      const noClient = appConfigErrorOf(ctx, er);
      if (noClient) throw new Error(`failed to get actions client for runner: ${noClient.message}`);
      if (!ctx.github.removeRunner(runnerId)) {
        ctx.log(`${keyOf(er)}: Runner is not finished yet, retrying in ${ctx.timings.requeueMs / 1000}s`);
        return;
      }
    }
    await w.removeFinalizer('er', er, FINALIZER.erRegistration);
    return;
  }
  await cleanupResources(ctx, er, pod);
  await w.removeFinalizer('er', er, FINALIZER.er);
}

/**
 * Creates the JIT config (registering the runner on GitHub) and its secret once, and the runner pod
 * (again after a failure). A refused pod marks the runner Failed (see pod-refusal.ts).
 */
async function start(ctx: SimContext, er: KubeObject): Promise<void> {
  let runnerId = statusOf(er).runnerId;
  if (!ctx.cache.get(types.secret, er.metadata.namespace, er.metadata.name!)) {
    const noClient = appConfigErrorOf(ctx, er);
    if (noClient)
      throw new Error(`failed to get actions client for generating JIT config: ${noClient.message}`);
    if (!runnerId) runnerId = ctx.github.register(scaleSetOfRunner(er), er.metadata.name!);
    await ctx.api.create(types.secret, er.metadata.namespace, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: er.metadata.name!, ownerReferences: [ownerRef(er)] },
      data: { jitToken: Buffer.from(`simulated-jit-config-${runnerId}`).toString('base64') },
    });
  }
  runnerId ??= ctx.github.register(scaleSetOfRunner(er), er.metadata.name!);
  const faults = faultsFor(ctx, scaleSetOfRunner(er));
  if (faults.podRejected) {
    await writer(ctx).status('er', er, { runnerId, runnerName: er.metadata.name });
    await markAsFailed(ctx, er, runnerId, podSecurityRefusal(er.metadata.name!));
    return;
  }
  const template = er.spec as {
    metadata?: { labels?: Record<string, string> };
    spec?: Record<string, unknown>;
  };
  const pod = await createPod(ctx, er, {
    name: er.metadata.name!,
    namespace: er.metadata.namespace!,
    labels: {
      ...template.metadata?.labels,
      ...er.metadata.labels,
      [LABEL.ephemeralRunnerPod]: 'True',
      'pod-template-hash': 'sim',
    },
    spec: template.spec ?? { containers: [] },
  });
  await writer(ctx).status('er', er, {
    phase: 'Pending',
    runnerId,
    runnerName: er.metadata.name,
    ready: false,
  });
  if (faults.unschedulable !== undefined) {
    await setPodUnschedulable(ctx, pod, faults.unschedulable);
    return;
  }
  schedulePodStart(ctx, er, pod);
}

/** The kubelet's part: the runner pod runs (or fails, per the set's faults) after its start time. */
export function schedulePodStart(ctx: SimContext, er: KubeObject, pod: KubeObject): void {
  const faults = faultsFor(ctx, scaleSetOfRunner(er));
  const outcome = faults.outdated ? 7 : faults.failing ? 1 : undefined;
  ctx.clock.schedule(ctx.timings.podStartSample?.() ?? ctx.timings.podStartMs, () =>
    outcome === undefined ? setPodPhase(ctx, pod, 'Running') : setPodPhase(ctx, pod, 'Failed', outcome),
  );
}

/** A failed runner pod: recorded in `failures`, removed and recreated; more than 5 failures delete the runner. */
async function podFailed(ctx: SimContext, er: KubeObject, pod: KubeObject): Promise<void> {
  const failures = { ...((statusOf(er) as { failures?: Record<string, string> }).failures ?? {}) };
  failures[pod.metadata.uid!] = kubeTimestamp(ctx.clock.now());
  if (Object.keys(failures).length > 5) {
    ctx.log(`${keyOf(er)}: runner failed more than 5 times: deleting it`);
    await writer(ctx).delete('er', er);
    return;
  }
  await writer(ctx).status('er', er, { phase: 'Pending', ready: false, failures });
  await ctx.api.delete(types.pod, pod.metadata.namespace, pod.metadata.name!);
}

/** One pass of the EphemeralRunner controller: finalizers, pod lifecycle, phase mirroring, exit-0 deletion. */
export async function reconcileEr(ctx: SimContext, er: KubeObject): Promise<void> {
  const w = writer(ctx);
  const pod = ctx.cache.get(types.pod, er.metadata.namespace, er.metadata.name!);
  if (er.metadata.deletionTimestamp) {
    await finalize(ctx, er, pod);
    return;
  }
  const st = statusOf(er);
  if (st.phase === 'Succeeded') {
    await w.delete('er', er); // exit code 0: the runner is done
    return;
  }
  if (isDone(er)) {
    // Failed or Outdated: the pod and secret go, the runner stays for the runner set
    // (ephemeralrunner_controller.go, Reconcile's IsDone branch).
    await cleanupResources(ctx, er, pod);
    return;
  }
  if (!hasFinalizer(er, FINALIZER.er) || !hasFinalizer(er, FINALIZER.erRegistration)) {
    await w.addFinalizers('er', er, FINALIZER.er, FINALIZER.erRegistration);
    return;
  }
  if (!pod) {
    if (!st.phase || st.phase === 'Pending') await start(ctx, er);
    return;
  }
  const podStatus = (pod.status ?? {}) as {
    phase?: string;
    containerStatuses?: { state?: { terminated?: { exitCode?: number } } }[];
  };
  let phase = podStatus.phase ?? 'Pending';
  // Exit code 7: the runner is outdated (a phase of its own from 0.14; a failure before).
  const exitCode = podStatus.containerStatuses?.[0]?.state?.terminated?.exitCode;
  if (phase === 'Failed' && exitCode === 7 && ctx.version.minor === '0.14') phase = 'Outdated';
  if (phase === 'Failed' && exitCode !== 7) {
    await podFailed(ctx, er, pod);
    return;
  }
  if (phase !== st.phase) {
    await w.status('er', er, {
      phase,
      ready: phase === 'Running',
      ...(phase === 'Outdated' ? { reason: 'Outdated', message: 'Runner is deprecated' } : {}),
    });
    // markAsOutdated (reason Outdated, message "Runner is deprecated") removes the runner from the service too.
    if (phase === 'Outdated' && st.runnerId) ctx.github.removeRunner(st.runnerId);
  }
}

export const erController: Controller = {
  name: 'EphemeralRunner controller',
  kind: types.er,
  partOfManager: true,
  reconcile: reconcileEr,
};
