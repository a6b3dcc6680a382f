import type { KubeObject } from '../kube/index';
import { ANNOTATION, LABEL } from './constants';
import { faultsFor, keyOf, type SimContext, types, writer } from './context';
import { effectiveCaps, listenerNameOf, runnerSetsOf } from './controllers/ars';
import { listenerSpec } from './controllers/listener';

/**
 * Leaked idle runners: extra runners on the latest runner set, beyond its replicas, that the
 * controller's scale-down never picks (as in the reported leaks) and GitHub never gives a job;
 * a client's delete removes them normally.
 */
export async function leakIdleRunners(ctx: SimContext, ars: KubeObject, count: number): Promise<string[]> {
  const latest = runnerSetsOf(ctx, ars).at(-1);
  if (!latest) throw new Error(`${keyOf(ars)} has no EphemeralRunnerSet yet`);
  const spec = latest.spec as { patchID: number; ephemeralRunnerSpec?: Record<string, unknown> };
  const faults = faultsFor(ctx, keyOf(ars));
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const er = await ctx.api.create(types.er, latest.metadata.namespace, {
      apiVersion: `${types.er.group}/${types.er.version}`,
      kind: types.er.kind,
      metadata: {
        generateName: `${latest.metadata.name}-runner-`,
        labels: { ...latest.metadata.labels, [LABEL.component]: 'runner' },
        annotations: { ...latest.metadata.annotations, [ANNOTATION.patchId]: String(spec.patchID) },
        ownerReferences: [
          {
            apiVersion: latest.apiVersion,
            kind: latest.kind,
            name: latest.metadata.name!,
            uid: latest.metadata.uid!,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: structuredClone(spec.ephemeralRunnerSpec ?? {}),
    });
    faults.leaked.add(er.metadata.name!);
    names.push(er.metadata.name!);
  }
  return names;
}

/** Listener churn: the listener is deleted `times` times, every `everyMs`; the ARS controller recreates it. */
export function churnListener(
  ctx: SimContext,
  namespace: string,
  name: string,
  times: number,
  everyMs: number,
): void {
  for (let k = 1; k <= times; k++) {
    ctx.clock.schedule(k * everyMs, async () => {
      const ars = ctx.cache.get(types.ars, namespace, name);
      if (!ars) return;
      const al = ctx.cache.get(types.listener, ctx.controllerNamespace, listenerNameOf(ctx, ars));
      if (!al) return;
      ctx.log(`fault: deleting listener ${keyOf(al)} (churn ${k}/${times})`);
      await writer(ctx).delete('listener', al);
    });
  }
}

/** A listener stuck with its old caps: from now on it is not recreated on ARS spec changes and keeps min/max. */
export function stickListenerCaps(ctx: SimContext, ars: KubeObject): void {
  const al = ctx.cache.get(types.listener, ctx.controllerNamespace, listenerNameOf(ctx, ars));
  const spec = al ? listenerSpec(al) : undefined;
  faultsFor(ctx, keyOf(ars)).stuckCaps = spec
    ? { minRunners: spec.minRunners, maxRunners: spec.maxRunners }
    : effectiveCaps((ars.spec ?? {}) as Record<string, unknown>);
}
