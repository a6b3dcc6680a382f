import { type KubeObject, kubeTimestamp } from '../../kube/index';
import { FINALIZER, LABEL } from '../constants';
import { faultsFor, hasFinalizer, keyOf, ownerRef, type SimContext, types, writer } from '../context';
import type { Controller } from '../controller';
import { appConfigErrorOf } from './app-config';
import { backingOff, failuresOf, MAX_FAILURES } from './failure-backoff';
import { markAsFailed, podSecurityRefusal } from './pod-refusal';
import { createPod, setPodPhase, setPodUnschedulable } from './pods';
import { isReady, runnerContainerStatus, runnerExitCode } from './runner-pod';
import { isBusy, isDone, statusOf } from './runner-state';

// The EphemeralRunner controller, pass by pass as ARC's Reconcile runs (ARC gha-runner-scale-set-0.13.1
// and 0.14.2 controllers/actions.github.com/ephemeralrunner_controller.go; the two agree except
// where `outdatedPhase` says otherwise).

export function scaleSetOfRunner(er: KubeObject): string {
  return `${er.metadata.namespace}/${er.metadata.labels?.[LABEL.scaleSetName] ?? ''}`;
}

/** Exit code 7 (runner too old) is a phase of its own from 0.14; a 0.13 controller counts it as a failure. */
const outdatedPhase = (ctx: SimContext) => ctx.version.minor === '0.14';

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
 * The JIT config (registering the runner on GitHub) and its secret, once; then the runner id and
 * name in the status. Returns the runner id.
 */
async function register(ctx: SimContext, er: KubeObject): Promise<number> {
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
  await writer(ctx).status('er', er, { runnerId, runnerName: er.metadata.name });
  return runnerId;
}

/**
 * The runner pod, made whenever it does not exist, whatever the runner's phase: a Running runner
 * whose pod vanished gets a new one too. A refused pod marks the runner Failed (see pod-refusal.ts).
 */
async function createRunnerPod(ctx: SimContext, er: KubeObject, runnerId: number): Promise<void> {
  const faults = faultsFor(ctx, scaleSetOfRunner(er));
  if (faults.podRejected) {
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
  // The pod was made in this pass: the verdicts on it must not wait for the cache to show it.
  if (faults.unschedulable !== undefined) {
    await setPodUnschedulable(ctx, pod, faults.unschedulable, true);
    return;
  }
  await schedulePodStart(ctx, er, pod, true);
}

/**
 * The kubelet's part for a scheduled runner pod: its containers are created at once (Pending,
 * `ContainerCreating`), then it runs, or fails per the set's faults, after its start time.
 * `fresh`: the pod was created in this pass (see setPodPhase).
 */
export async function schedulePodStart(
  ctx: SimContext,
  er: KubeObject,
  pod: KubeObject,
  fresh = false,
): Promise<void> {
  const faults = faultsFor(ctx, scaleSetOfRunner(er));
  const outcome = faults.outdated ? 7 : faults.failing ? 1 : undefined;
  await setPodPhase(ctx, pod, 'Pending', 0, fresh);
  ctx.clock.schedule(ctx.timings.podStartSample?.() ?? ctx.timings.podStartMs, () =>
    outcome === undefined ? setPodPhase(ctx, pod, 'Running') : setPodPhase(ctx, pod, 'Failed', outcome),
  );
}

/**
 * deleteEphemeralRunnerOrPod: a runner that holds a job loses its runner (deleted, removed from
 * GitHub); any other gets its pod deleted and the failure recorded, and a new pod after the backoff.
 * The phase is left as it was: a failure is not a phase.
 */
async function runnerFailed(ctx: SimContext, er: KubeObject, pod: KubeObject): Promise<void> {
  if (isBusy(ctx, er)) {
    ctx.logError(
      `${keyOf(er)}: Ephemeral runner either has faulty entrypoint or something external killing the runner`,
    );
    await writer(ctx).delete('er', er);
    const runnerId = statusOf(er).runnerId;
    if (runnerId) ctx.github.removeRunner(runnerId);
    return;
  }
  if (!pod.metadata.deletionTimestamp)
    await ctx.api.delete(types.pod, pod.metadata.namespace, pod.metadata.name!);
  const podStatus = (pod.status ?? {}) as { reason?: string; message?: string };
  await writer(ctx).status('er', er, {
    failures: { ...failuresOf(er), [pod.metadata.uid!]: kubeTimestamp(ctx.clock.now()) },
    ready: false,
    ...(podStatus.reason ? { reason: podStatus.reason } : {}),
    ...(podStatus.message ? { message: podStatus.message } : {}),
  });
}

/** markAsOutdated: phase Outdated, reason Outdated, message "Runner is deprecated", and off GitHub. */
async function markAsOutdated(ctx: SimContext, er: KubeObject): Promise<void> {
  await writer(ctx).status('er', er, {
    phase: 'Outdated',
    reason: 'Outdated',
    message: 'Runner is deprecated',
  });
  const runnerId = statusOf(er).runnerId;
  if (runnerId) ctx.github.removeRunner(runnerId);
}

/** What the runner pod's state asks of the controller: Reconcile's closing switch. */
async function followPod(ctx: SimContext, er: KubeObject, pod: KubeObject): Promise<void> {
  const podPhase = (pod.status as { phase?: string } | undefined)?.phase;
  const exitCode = runnerExitCode(pod);
  if (podPhase === 'Failed') {
    // A pod that failed before its runner container ran is restarted like any failure.
    if (exitCode === 0) return writer(ctx).delete('er', er);
    if (exitCode === 7 && outdatedPhase(ctx)) return markAsOutdated(ctx, er);
    return runnerFailed(ctx, er, pod);
  }
  if (!runnerContainerStatus(pod)) return; // no container state yet (unscheduled, or not seen by a kubelet)
  if (exitCode === undefined) {
    // updateRunStatusFromPod: phase and ready mirror the pod while its runner container lives.
    await writer(ctx).status('er', er, { phase: podPhase ?? 'Pending', ready: isReady(pod) });
    return;
  }
  if (exitCode === 7 && outdatedPhase(ctx)) return markAsOutdated(ctx, er);
  if (exitCode !== 0) return runnerFailed(ctx, er, pod);
  // Exit 0: the runner is done and goes at once; no Succeeded phase is ever written.
  await writer(ctx).delete('er', er);
}

/** One pass of the EphemeralRunner controller. */
export async function reconcileEr(ctx: SimContext, er: KubeObject): Promise<void> {
  const w = writer(ctx);
  const pod = ctx.cache.get(types.pod, er.metadata.namespace, er.metadata.name!);
  if (er.metadata.deletionTimestamp) {
    await finalize(ctx, er, pod);
    return;
  }
  if (isDone(er)) {
    // Failed or Outdated: the pod and secret go, the runner stays for the runner set
    // (Reconcile's IsDone branch).
    await cleanupResources(ctx, er, pod);
    return;
  }
  if (!hasFinalizer(er, FINALIZER.er) || !hasFinalizer(er, FINALIZER.erRegistration)) {
    await w.addFinalizers('er', er, FINALIZER.er, FINALIZER.erRegistration);
    return;
  }
  const runnerId = await register(ctx, er);
  if (Object.keys(failuresOf(er)).length > MAX_FAILURES) {
    ctx.log(
      `${keyOf(er)}: EphemeralRunner has failed more than ${MAX_FAILURES} times. Deleting ephemeral runner so it can be re-created`,
    );
    await w.delete('er', er);
    return;
  }
  if (backingOff(ctx, er)) return;
  if (!pod) await createRunnerPod(ctx, er, runnerId);
  else await followPod(ctx, er, pod);
}

export const erController: Controller = {
  name: 'EphemeralRunner controller',
  kind: types.er,
  partOfManager: true,
  reconcile: reconcileEr,
};
