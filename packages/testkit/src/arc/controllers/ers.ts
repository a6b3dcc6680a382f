import type { KubeObject } from '../../kube/index';
import { ANNOTATION, FINALIZER, LABEL } from '../constants';
import { faultsFor, hasFinalizer, keyOf, ownerRef, type SimContext, types, writer } from '../context';
import { isBusy, statusOf } from './runner-state';

function scaleSetKey(ers: KubeObject): string {
  return `${ers.metadata.namespace}/${ers.metadata.labels?.[LABEL.scaleSetName] ?? ''}`;
}

function createRunner(ctx: SimContext, ers: KubeObject, patchId: number): void {
  const spec = ers.spec as { ephemeralRunnerSpec?: Record<string, unknown> };
  ctx.store.create(types.er, ers.metadata.namespace, {
    apiVersion: `${types.er.group}/${types.er.version}`,
    kind: types.er.kind,
    metadata: {
      generateName: `${ers.metadata.name}-runner-`,
      labels: { ...ers.metadata.labels, [LABEL.component]: 'runner' },
      annotations: { ...ers.metadata.annotations, [ANNOTATION.patchId]: String(patchId) },
      ownerReferences: [ownerRef(ers)],
    },
    spec: structuredClone(spec.ephemeralRunnerSpec ?? {}),
  });
}

/** deleteIdleEphemeralRunners: only registered, idle runners whose RemoveRunner succeeds. */
function deleteIdle(ctx: SimContext, ers: KubeObject, runners: KubeObject[], count: number): void {
  const leaked = faultsFor(ctx, scaleSetKey(ers)).leaked;
  let deleted = 0;
  for (const er of runners) {
    if (deleted >= count) break;
    const st = statusOf(er);
    if (er.metadata.deletionTimestamp || !st.runnerId || isBusy(ctx, er) || leaked.has(er.metadata.name!))
      continue;
    if (!ctx.github.removeRunner(st.runnerId)) continue; // JobStillRunningError: skip it
    writer(ctx).delete('er', er);
    deleted++;
  }
}

/** One pass of the EphemeralRunnerSet controller (the scaling rules quoted in the reference). */
export function reconcileErs(ctx: SimContext, ers: KubeObject, runners: KubeObject[]): void {
  const w = writer(ctx);
  if (ers.metadata.deletionTimestamp) {
    for (const er of runners) w.delete('er', er);
    if (runners.length === 0) w.removeFinalizer('ers', ers, FINALIZER.ers);
    return;
  }
  if (!hasFinalizer(ers, FINALIZER.ers)) {
    w.addFinalizers('ers', ers, FINALIZER.ers);
    return;
  }
  const live = runners.filter((r) => !r.metadata.deletionTimestamp);
  const byPhase = (phase: string | undefined) =>
    live.filter((r) => (statusOf(r).phase ?? 'Pending') === phase);
  for (const done of byPhase('Succeeded')) w.delete('er', done);
  const pending = byPhase('Pending');
  const running = byPhase('Running');
  const failed = [...byPhase('Failed'), ...byPhase('Outdated')];
  const total = pending.length + running.length + failed.length;
  const spec = ers.spec as { replicas?: number; patchID: number };
  const replicas = spec.replicas ?? 0;
  const latestPatchId = runners.reduce(
    (max, r) => Math.max(max, Number(r.metadata.annotations?.[ANNOTATION.patchId] ?? -1)),
    -1,
  );
  if (spec.patchID === 0 || spec.patchID !== latestPatchId) {
    if (total < replicas) {
      for (let i = total; i < replicas; i++) createRunner(ctx, ers, spec.patchID);
      ctx.log(`${keyOf(ers)}: scaling up from ${total} to ${replicas}`);
    } else if (spec.patchID === 0 && total > replicas) {
      deleteIdle(ctx, ers, [...pending, ...running], total - replicas);
    }
  }
  w.status('ers', ers, {
    currentReplicas: total,
    pendingEphemeralRunners: pending.length,
    runningEphemeralRunners: running.length,
    failedEphemeralRunners: failed.length,
    ...(ctx.version.minor === '0.14'
      ? { phase: byPhase('Outdated').length > 0 ? 'Outdated' : 'Running' }
      : {}),
  });
}
