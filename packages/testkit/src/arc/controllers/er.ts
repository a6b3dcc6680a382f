import { type KubeObject, kubeTimestamp } from '../../kube/index';
import { FINALIZER, LABEL } from '../constants';
import { faultsFor, hasFinalizer, keyOf, ownerRef, type SimContext, types, writer } from '../context';
import type { Controller } from '../controller';
import { createPod, setPodPhase } from './pods';
import { statusOf } from './runner-state';

export function scaleSetOfRunner(er: KubeObject): string {
  return `${er.metadata.namespace}/${er.metadata.labels?.[LABEL.scaleSetName] ?? ''}`;
}

async function finalize(ctx: SimContext, er: KubeObject, pod: KubeObject | undefined): Promise<void> {
  const w = writer(ctx);
  if (hasFinalizer(er, FINALIZER.erRegistration)) {
    const runnerId = statusOf(er).runnerId;
    if (runnerId && !ctx.github.removeRunner(runnerId)) {
      ctx.log(`${keyOf(er)}: Runner is not finished yet, retrying in ${ctx.timings.requeueMs / 1000}s`);
      return;
    }
    await w.removeFinalizer('er', er, FINALIZER.erRegistration);
    return;
  }
  if (pod) await ctx.api.delete(types.pod, pod.metadata.namespace, pod.metadata.name!);
  const secret = ctx.cache.get(types.secret, er.metadata.namespace, er.metadata.name!);
  if (secret) await ctx.api.delete(types.secret, secret.metadata.namespace, secret.metadata.name!);
  await w.removeFinalizer('er', er, FINALIZER.er);
}

/**
 * Creates the JIT config (registering the runner on GitHub) and its secret once, and the runner pod
 * (again after a failure).
 */
async function start(ctx: SimContext, er: KubeObject): Promise<void> {
  let runnerId = statusOf(er).runnerId;
  if (!runnerId) runnerId = ctx.github.register(scaleSetOfRunner(er), er.metadata.name!);
  if (!ctx.cache.get(types.secret, er.metadata.namespace, er.metadata.name!)) {
    await ctx.api.create(types.secret, er.metadata.namespace, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: er.metadata.name!, ownerReferences: [ownerRef(er)] },
      data: { jitToken: Buffer.from(`simulated-jit-config-${runnerId}`).toString('base64') },
    });
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
  if (!hasFinalizer(er, FINALIZER.er) || !hasFinalizer(er, FINALIZER.erRegistration)) {
    await w.addFinalizers('er', er, FINALIZER.er, FINALIZER.erRegistration);
    return;
  }
  const st = statusOf(er);
  if (st.phase === 'Succeeded') {
    await w.delete('er', er); // exit code 0: the runner is done
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
      ...(phase === 'Outdated' ? { reason: 'Outdated', message: 'Runner version is outdated' } : {}),
    });
  }
}

export const erController: Controller = {
  name: 'EphemeralRunner controller',
  kind: types.er,
  reconcile: reconcileEr,
};
