import type { KubeObject } from '../kube/index';
import { FINALIZER, LABEL } from './constants';
import { faultsFor, keyOf, type SimContext, types } from './context';
import { listenerNameOf } from './controllers/ars';
import { setPodPhase } from './controllers/pods';
import { fnv32a, listenerName, safeEncode } from './hash';

function currentListener(ctx: SimContext, ars: KubeObject): KubeObject {
  const al = ctx.cache.get(types.listener, ctx.controllerNamespace, listenerNameOf(ctx, ars));
  if (!al) throw new Error(`${keyOf(ars)} has no AutoscalingListener yet`);
  return al;
}

/**
 * A listener left behind by an upgrade across 0.13.0→0.13.1, which changed the listener name's
 * hash (namespace only before; namespace@runnerGroup@githubConfigUrl since): the ARS controller
 * looks its listener up by the new name only, so it never deletes the old one, while the listener
 * controller keeps reconciling it (#4346, #4629; arc-facts §4 "Name"). The old listener still points
 * at the live set, and at the runner set of its day, long gone; its process cannot open a message
 * session beside the live listener's and exits 1, so its pod is deleted and recreated over and over.
 */
export async function staleListener(ctx: SimContext, ars: KubeObject): Promise<string> {
  const live = currentListener(ctx, ars);
  const spec = (ars.spec ?? {}) as { runnerGroup?: string; githubConfigUrl?: string };
  const name = listenerName(
    {
      name: ars.metadata.name!,
      namespace: ars.metadata.namespace!,
      ...(spec.runnerGroup !== undefined ? { runnerGroup: spec.runnerGroup } : {}),
      ...(spec.githubConfigUrl !== undefined ? { githubConfigUrl: spec.githubConfigUrl } : {}),
    },
    { minor: '0.13', patch: 0 },
  );
  if (name === live.metadata.name) {
    throw new Error(
      `controller ${ctx.version.full} names listeners the <=0.13.0 way already: no stale listener can be left beside ${name}`,
    );
  }
  // A generateName suffix of the runner set the 0.13.0 controller had made.
  const goneSet = `${ars.metadata.name}-${safeEncode(String(fnv32a(`${ars.metadata.uid}/0.13.0`))).slice(0, 5)}`;
  const old = '0.13.0';
  await ctx.api.create(types.listener, ctx.controllerNamespace, {
    apiVersion: live.apiVersion,
    kind: live.kind,
    metadata: {
      name,
      labels: { ...live.metadata.labels, [LABEL.version]: old },
      annotations: { ...live.metadata.annotations },
      finalizers: [FINALIZER.listener],
    },
    spec: {
      ...(live.spec as Record<string, unknown>),
      ephemeralRunnerSetName: goneSet,
      image: `ghcr.io/actions/gha-runner-scale-set-controller:${old}`,
    },
  });
  faultsFor(ctx, keyOf(ars)).staleListeners.add(name);
  ctx.log(`fault: left a 0.13.0 listener ${ctx.controllerNamespace}/${name} behind for ${keyOf(ars)}`);
  return name;
}

/**
 * An uninstall in the wrong order (the controller gone, or the finalizer stripped by hand, before
 * the scale set is removed; #2781, #3574): the ARS disappears without its cleanup, so its listener
 * stays. The listener controller then fails every reconcile of it on the missing ARS and never
 * cleans it up (autoscalinglistener_controller.go ~127); the runner sets go with the ARS (owner
 * references), the scale set stays registered on GitHub.
 */
export async function abandonListener(ctx: SimContext, ars: KubeObject): Promise<string> {
  const al = currentListener(ctx, ars);
  const { namespace, name } = ars.metadata;
  await ctx.api.patch(types.ars, namespace, name!, { metadata: { finalizers: null } });
  await ctx.api.delete(types.ars, namespace, name!);
  ctx.log(`fault: ${keyOf(ars)} removed without its cleanup; listener ${keyOf(al)} abandoned`);
  return al.metadata.name!;
}

/** The set's listener crashes shortly after each start from now on; a listener up now crashes soon too. */
export function listenerCrashLoops(
  ctx: SimContext,
  key: string,
  ars: KubeObject | undefined,
  on: boolean,
): void {
  faultsFor(ctx, key).listenerCrashLoops = on;
  if (!on || !ars) return;
  const al = ctx.cache.get(types.listener, ctx.controllerNamespace, listenerNameOf(ctx, ars));
  const pod = al && ctx.cache.get(types.pod, al.metadata.namespace, al.metadata.name!);
  if (!pod || (pod.status as { phase?: string } | undefined)?.phase !== 'Running') return;
  ctx.clock.schedule(ctx.timings.listenerCrashMs, () => setPodPhase(ctx, pod, 'Failed', 1));
}

/**
 * The set's GitHub config secret is deleted (by hand, or by an uninstall): every controller call that
 * needs GitHub fails on it (see controllers/app-config.ts). The listener controller fails before it
 * makes anything, so a listener recreated from now on gets no config secret and no pod.
 */
export async function githubConfigSecretMissing(ctx: SimContext, ars: KubeObject): Promise<string> {
  const secret = (ars.spec as { githubConfigSecret?: string } | undefined)?.githubConfigSecret;
  if (!secret || !ctx.cache.get(types.secret, ars.metadata.namespace, secret))
    throw new Error(`${keyOf(ars)} has no GitHub config secret to delete`);
  await ctx.api.delete(types.secret, ars.metadata.namespace, secret);
  return secret;
}
