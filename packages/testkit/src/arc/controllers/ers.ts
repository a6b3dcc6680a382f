import type { KubeObject } from '../../kube/index';
import { ANNOTATION, FINALIZER, LABEL } from '../constants';
import {
  controllerOf,
  faultsFor,
  hasFinalizer,
  keyOf,
  ownerRef,
  type SimContext,
  types,
  writer,
} from '../context';
import type { Controller } from '../controller';
import { appConfigErrorOf } from './app-config';
import { isBusy, statusOf } from './runner-state';

function scaleSetKey(ers: KubeObject): string {
  return `${ers.metadata.namespace}/${ers.metadata.labels?.[LABEL.scaleSetName] ?? ''}`;
}

async function createRunner(ctx: SimContext, ers: KubeObject, patchId: number): Promise<void> {
  const spec = ers.spec as { ephemeralRunnerSpec?: Record<string, unknown> };
  await ctx.api.create(types.er, ers.metadata.namespace, {
    apiVersion: `${types.er.group}/${types.er.version}`,
    kind: types.er.kind,
    metadata: {
      generateName: `${ers.metadata.name}-runner-`,
      labels: { ...ers.metadata.labels, [LABEL.component]: 'runner' },
      annotations: { ...ers.metadata.annotations, [ANNOTATION.patchId]: String(patchId) },
      ownerReferences: [ownerRef(ers)],
    },
    // The API server stores its own copy of what it is sent.
    spec: spec.ephemeralRunnerSpec ?? {},
  });
}

/** deleteIdleEphemeralRunners: only registered, idle runners whose RemoveRunner succeeds. */
async function deleteIdle(
  ctx: SimContext,
  ers: KubeObject,
  runners: KubeObject[],
  count: number,
): Promise<void> {
  if (runners.length === 0) return;
  // Removing runners needs an Actions client, so the GitHub config secret (deleteIdleEphemeralRunners).
  const noClient = appConfigErrorOf(ctx, ers);
  if (noClient)
    throw new Error(`failed to create actions client for ephemeral runner replica set: ${noClient.message}`);
  const leaked = faultsFor(ctx, scaleSetKey(ers)).leaked;
  let deleted = 0;
  for (const er of runners) {
    if (deleted >= count) break;
    const st = statusOf(er);
    if (er.metadata.deletionTimestamp || !st.runnerId || isBusy(ctx, er) || leaked.has(er.metadata.name!))
      continue;
    if (!ctx.github.removeRunner(st.runnerId)) continue; // JobStillRunningError: skip it
    await writer(ctx).delete('er', er);
    deleted++;
  }
}

/**
 * A deleted runner set's runners (cleanUpEphemeralRunners, gha-runner-scale-set-0.14.2
 * controllers/actions.github.com/ephemeralrunnerset_controller.go; 0.13.1 the same without the
 * Outdated phase): finished, failed and outdated ones are deleted at once; pending and running ones
 * are first removed from the service (deleteEphemeralRunnerWithActionsClient), and one still running
 * a job (JobStillRunningError) is left alone, not even marked for deletion, until its job ends and it
 * goes as every finished runner does. Runners already being deleted are not touched.
 */
async function cleanUpRunners(ctx: SimContext, runners: KubeObject[]): Promise<void> {
  for (const er of runners) {
    if (er.metadata.deletionTimestamp) continue;
    const st = statusOf(er);
    const terminated = st.phase === 'Succeeded' || st.phase === 'Failed' || st.phase === 'Outdated';
    if (!terminated && !ctx.github.removeRunner(st.runnerId ?? 0)) continue;
    await writer(ctx).delete('er', er);
  }
}

/** The runners a runner set controls, as the cache holds them. */
export function runnersOfSet(ctx: SimContext, ers: KubeObject): KubeObject[] {
  return ctx.cache
    .list(types.er, ers.metadata.namespace!)
    .filter((er) => controllerOf(er) === ers.metadata.uid);
}

/** One pass of the EphemeralRunnerSet controller (the scaling rules quoted in the reference). */
export async function reconcileErs(ctx: SimContext, ers: KubeObject): Promise<void> {
  const w = writer(ctx);
  const runners = runnersOfSet(ctx, ers);
  if (ers.metadata.deletionTimestamp) {
    await cleanUpRunners(ctx, runners);
    if (runners.length === 0) await w.removeFinalizer('ers', ers, FINALIZER.ers);
    return;
  }
  if (!hasFinalizer(ers, FINALIZER.ers)) {
    await w.addFinalizers('ers', ers, FINALIZER.ers);
    return;
  }
  // The live runners by phase, in the cache's order, sorted once.
  const phases = new Map<string, KubeObject[]>();
  for (const r of runners) {
    if (r.metadata.deletionTimestamp) continue;
    const phase = statusOf(r).phase ?? 'Pending';
    const list = phases.get(phase);
    if (list) list.push(r);
    else phases.set(phase, [r]);
  }
  for (const done of phases.get('Succeeded') ?? []) await w.delete('er', done);
  const pending = phases.get('Pending') ?? [];
  const running = phases.get('Running') ?? [];
  // scaleTotal counts Failed runners (never cleaned up by the set: a Failed runner holds its slot
  // until someone deletes it) but not Outdated ones (ARC gha-runner-scale-set-0.14.2
  // controllers/actions.github.com/ephemeralrunnerset_controller.go, ephemeralRunnersByState).
  const failed = phases.get('Failed') ?? [];
  const total = pending.length + running.length + failed.length;
  const spec = ers.spec as { replicas?: number; patchID: number };
  const replicas = spec.replicas ?? 0;
  const latestPatchId = runners.reduce(
    (max, r) => Math.max(max, Number(r.metadata.annotations?.[ANNOTATION.patchId] ?? -1)),
    -1,
  );
  if (spec.patchID === 0 || spec.patchID !== latestPatchId) {
    if (total < replicas) {
      for (let i = total; i < replicas; i++) await createRunner(ctx, ers, spec.patchID);
      ctx.log(`${keyOf(ers)}: scaling up from ${total} to ${replicas}`);
    } else if (spec.patchID === 0 && total > replicas) {
      await deleteIdle(ctx, ers, [...pending, ...running], total - replicas);
    }
  }
  await w.status('ers', ers, {
    currentReplicas: total,
    pendingEphemeralRunners: pending.length,
    runningEphemeralRunners: running.length,
    failedEphemeralRunners: failed.length,
    ...(ctx.version.minor === '0.14' ? { phase: phases.has('Outdated') ? 'Outdated' : 'Running' } : {}),
  });
}

export const ersController: Controller = {
  name: 'EphemeralRunnerSet controller',
  kind: types.ers,
  partOfManager: true,
  reconcile: reconcileErs,
};
