import { type KubeObject, kubeTimestamp } from '../../kube/index';
import { FINALIZER, LABEL } from '../constants';
import { faultsFor, hasFinalizer, keyOf, ownerRef, type SimContext, types, writer } from '../context';
import { createPod, setPodPhase } from './pods';
import { statusOf } from './runner-state';

export function scaleSetOfRunner(er: KubeObject): string {
  return `${er.metadata.namespace}/${er.metadata.labels?.[LABEL.scaleSetName] ?? ''}`;
}

function finalize(ctx: SimContext, er: KubeObject, pod: KubeObject | undefined): void {
  const w = writer(ctx);
  if (hasFinalizer(er, FINALIZER.erRegistration)) {
    const runnerId = statusOf(er).runnerId;
    if (runnerId && !ctx.github.removeRunner(runnerId)) {
      ctx.log(`${keyOf(er)}: Runner is not finished yet, retrying in ${ctx.timings.requeueMs / 1000}s`);
      return;
    }
    w.removeFinalizer('er', er, FINALIZER.erRegistration);
    return;
  }
  if (pod) ctx.store.delete(types.pod, pod.metadata.namespace, pod.metadata.name!);
  const secret = ctx.store.peek(types.secret, er.metadata.namespace, er.metadata.name!);
  if (secret) ctx.store.delete(types.secret, secret.metadata.namespace, secret.metadata.name!);
  w.removeFinalizer('er', er, FINALIZER.er);
}

/**
 * Creates the JIT config (registering the runner on GitHub) and its secret once, and the runner pod
 * (again after a failure).
 */
function start(ctx: SimContext, er: KubeObject): void {
  let runnerId = statusOf(er).runnerId;
  if (!runnerId) runnerId = ctx.github.register(scaleSetOfRunner(er), er.metadata.name!);
  if (!ctx.store.peek(types.secret, er.metadata.namespace, er.metadata.name!)) {
    ctx.store.create(types.secret, er.metadata.namespace, {
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
  const pod = createPod(ctx, er, {
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
  writer(ctx).status('er', er, { phase: 'Pending', runnerId, runnerName: er.metadata.name, ready: false });
  const faults = faultsFor(ctx, scaleSetOfRunner(er));
  const outcome = faults.outdated ? 7 : faults.failing ? 1 : undefined;
  ctx.clock.schedule(ctx.timings.podStartSample?.() ?? ctx.timings.podStartMs, () =>
    outcome === undefined ? setPodPhase(ctx, pod, 'Running') : setPodPhase(ctx, pod, 'Failed', outcome),
  );
}

/** A failed runner pod: recorded in `failures`, removed and recreated; more than 5 failures delete the runner. */
function podFailed(ctx: SimContext, er: KubeObject, pod: KubeObject): void {
  const failures = { ...((statusOf(er) as { failures?: Record<string, string> }).failures ?? {}) };
  failures[pod.metadata.uid!] = kubeTimestamp(ctx.clock.now());
  if (Object.keys(failures).length > 5) {
    ctx.log(`${keyOf(er)}: runner failed more than 5 times: deleting it`);
    writer(ctx).delete('er', er);
    return;
  }
  writer(ctx).status('er', er, { phase: 'Pending', ready: false, failures });
  ctx.store.delete(types.pod, pod.metadata.namespace, pod.metadata.name!);
}

/** One pass of the EphemeralRunner controller: finalizers, pod lifecycle, phase mirroring, exit-0 deletion. */
export function reconcileEr(ctx: SimContext, er: KubeObject): void {
  const w = writer(ctx);
  const pod = ctx.store.peek(types.pod, er.metadata.namespace, er.metadata.name!);
  if (er.metadata.deletionTimestamp) {
    finalize(ctx, er, pod);
    return;
  }
  if (!hasFinalizer(er, FINALIZER.er) || !hasFinalizer(er, FINALIZER.erRegistration)) {
    w.addFinalizers('er', er, FINALIZER.er, FINALIZER.erRegistration);
    return;
  }
  const st = statusOf(er);
  if (st.phase === 'Succeeded') {
    w.delete('er', er); // exit code 0: the runner is done
    return;
  }
  if (!pod) {
    if (!st.phase || st.phase === 'Pending') start(ctx, er);
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
    podFailed(ctx, er, pod);
    return;
  }
  if (phase !== st.phase) {
    w.status('er', er, {
      phase,
      ready: phase === 'Running',
      ...(phase === 'Outdated' ? { reason: 'Outdated', message: 'Runner version is outdated' } : {}),
    });
  }
}
