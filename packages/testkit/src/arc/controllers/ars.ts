import { arcVersionGateAllows } from '@gloriousflywheel/shared';
import { deepEqual, type KubeObject } from '../../kube/index';
import { ANNOTATION, FINALIZER, LABEL, MAX_INT32 } from '../constants';
import { faultsFor, hasFinalizer, keyOf, ownerRef, type SimContext, types, writer } from '../context';
import type { Controller } from '../controller';
import { changeHash, listenerName, listenerSpecHash, runnerSetSpecHash } from '../hash';

type Spec = Record<string, unknown>;

function specOf(ars: KubeObject): Spec {
  return (ars.spec ?? {}) as Spec;
}

interface SpecHashes {
  /** The spec and labels hashed (stored objects are never mutated). */
  spec: unknown;
  labels: unknown;
  change?: string;
  listener?: string;
  runnerSet?: string;
}

/**
 * The hashes of each ARS (by uid) for the spec and labels last seen. Every pass hashes the whole
 * spec (template included) up to three times, and the ARS changes far more often in its status than
 * in its spec: an equal spec has the same hashes, so only a changed one is hashed again.
 */
const hashMemo = new WeakMap<SimContext, Map<string, SpecHashes>>();

function hashesOf(ctx: SimContext, ars: KubeObject): SpecHashes {
  let byUid = hashMemo.get(ctx);
  if (!byUid) {
    byUid = new Map();
    hashMemo.set(ctx, byUid);
  }
  const uid = ars.metadata.uid ?? '';
  const { spec } = ars;
  const { labels } = ars.metadata;
  let h = byUid.get(uid);
  if (!h || !deepEqual(h.spec, spec)) {
    h = { spec, labels };
    byUid.set(uid, h);
  } else if (!deepEqual(h.labels, labels)) {
    // The change-hash covers the labels too; the spec hashes stand.
    h = { spec, labels, listener: h.listener, runnerSet: h.runnerSet };
    byUid.set(uid, h);
  }
  return h;
}

function arsChangeHash(ctx: SimContext, ars: KubeObject): string {
  const h = hashesOf(ctx, ars);
  h.change ??= changeHash(specOf(ars), ars.metadata.labels);
  return h.change;
}

function arsListenerSpecHash(ctx: SimContext, ars: KubeObject): string {
  const h = hashesOf(ctx, ars);
  h.listener ??= listenerSpecHash(specOf(ars));
  return h.listener;
}

function arsRunnerSetSpecHash(ctx: SimContext, ars: KubeObject): string {
  const h = hashesOf(ctx, ars);
  h.runnerSet ??= runnerSetSpecHash(specOf(ars));
  return h.runnerSet;
}

export function effectiveCaps(spec: Spec): { minRunners: number; maxRunners: number } {
  return {
    minRunners: typeof spec['minRunners'] === 'number' ? spec['minRunners'] : 0,
    maxRunners: typeof spec['maxRunners'] === 'number' ? spec['maxRunners'] : MAX_INT32,
  };
}

export function listenerNameOf(ctx: SimContext, ars: KubeObject): string {
  const spec = specOf(ars);
  return listenerName(
    {
      name: ars.metadata.name!,
      namespace: ars.metadata.namespace!,
      runnerGroup: spec['runnerGroup'] as string | undefined,
      githubConfigUrl: spec['githubConfigUrl'] as string | undefined,
    },
    ctx.version,
  );
}

/** The runner sets a scale set controls, oldest first ("latest" is the newest creationTimestamp). */
export function runnerSetsOf(ctx: SimContext, ars: KubeObject): KubeObject[] {
  return ctx.cache
    .list(types.ers, ars.metadata.namespace!)
    .filter((e) => e.metadata.ownerReferences?.some((r) => r.controller && r.uid === ars.metadata.uid))
    .sort(
      (a, b) =>
        a.metadata.creationTimestamp!.localeCompare(b.metadata.creationTimestamp!) ||
        Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion),
    );
}

function drainingJobs(ctx: SimContext, ers: KubeObject): boolean {
  const st = (ers.status ?? {}) as Record<string, number>;
  return (
    ctx.strategy === 'eventual' &&
    (st['runningEphemeralRunners'] ?? 0) + (st['pendingEphemeralRunners'] ?? 0) > 0
  );
}

/** Labels parsed from the config URL, each cut to 63 characters as the controller does. */
function urlLabels(url: string): Record<string, string> {
  const parts = url
    .replace(/^https?:\/\/[^/]+\/?/, '')
    .split('/')
    .filter(Boolean);
  const cut = (s: string) => s.slice(0, 63);
  if (parts[0] === 'enterprises' && parts[1]) return { [LABEL.enterprise]: cut(parts[1]) };
  const out: Record<string, string> = {};
  if (parts[0]) out[LABEL.organization] = cut(parts[0]);
  if (parts[1]) out[LABEL.repository] = cut(parts[1]);
  return out;
}

async function createRunnerSet(ctx: SimContext, ars: KubeObject, scaleSetId: number): Promise<void> {
  const spec = specOf(ars);
  const template = (spec['template'] ?? {}) as { metadata?: unknown; spec?: unknown };
  const ann = ars.metadata.annotations ?? {};
  await ctx.api.create(types.ers, ars.metadata.namespace, {
    apiVersion: types.ers.group + '/' + types.ers.version,
    kind: types.ers.kind,
    metadata: {
      generateName: `${ars.metadata.name}-`,
      labels: {
        ...ars.metadata.labels,
        [LABEL.component]: 'runner-set',
        [LABEL.partOf]: 'gha-runner-scale-set',
        [LABEL.scaleSetName]: ars.metadata.name!,
        [LABEL.scaleSetNamespace]: ars.metadata.namespace!,
        [LABEL.version]: ctx.version.full,
      },
      annotations: {
        [ANNOTATION.runnerSpecHash]: arsRunnerSetSpecHash(ctx, ars),
        [ANNOTATION.runnerGroupName]: ann[ANNOTATION.runnerGroupName] ?? '',
        [ANNOTATION.scaleSetName]: ann[ANNOTATION.scaleSetName] ?? '',
      },
      ownerReferences: [ownerRef(ars)],
    },
    spec: {
      replicas: 0,
      patchID: 0,
      ephemeralRunnerSpec: {
        githubConfigUrl: spec['githubConfigUrl'],
        githubConfigSecret: spec['githubConfigSecret'],
        runnerScaleSetId: scaleSetId,
        ...(spec['proxy'] ? { proxy: spec['proxy'] } : {}),
        ...(spec['githubServerTLS'] ? { githubServerTLS: spec['githubServerTLS'] } : {}),
        ...(spec['vaultConfig'] ? { vaultConfig: spec['vaultConfig'] } : {}),
        ...(template.metadata ? { metadata: template.metadata } : {}),
        spec: template.spec ?? { containers: [] },
      },
    },
  });
  ctx.log(`${keyOf(ars)}: created a new EphemeralRunnerSet`);
}

async function createListener(
  ctx: SimContext,
  ars: KubeObject,
  latest: KubeObject,
  scaleSetId: number,
): Promise<void> {
  const spec = specOf(ars);
  const stuck = faultsFor(ctx, keyOf(ars)).stuckCaps;
  const caps = stuck ?? effectiveCaps(spec);
  await ctx.api.create(types.listener, ctx.controllerNamespace, {
    apiVersion: `${types.listener.group}/${types.listener.version}`,
    kind: types.listener.kind,
    metadata: {
      name: listenerNameOf(ctx, ars),
      labels: {
        [LABEL.scaleSetName]: ars.metadata.name!,
        [LABEL.scaleSetNamespace]: ars.metadata.namespace!,
        [LABEL.component]: 'runner-scale-set-listener',
        [LABEL.partOf]: 'gha-runner-scale-set',
        [LABEL.version]: ctx.version.full,
      },
      annotations: {
        [ANNOTATION.runnerSpecHash]: arsListenerSpecHash(ctx, ars),
        [ANNOTATION.valuesHash]: ars.metadata.annotations?.[ANNOTATION.valuesHash] ?? '',
      },
    },
    spec: {
      githubConfigUrl: spec['githubConfigUrl'],
      githubConfigSecret: spec['githubConfigSecret'],
      runnerScaleSetId: scaleSetId,
      autoscalingRunnerSetNamespace: ars.metadata.namespace,
      autoscalingRunnerSetName: ars.metadata.name,
      ephemeralRunnerSetName: latest.metadata.name,
      // Go's `omitempty` on these ints (autoscalinglistener_types.go): a 0 is not written at all.
      ...(caps.minRunners !== 0 ? { minRunners: caps.minRunners } : {}),
      ...(caps.maxRunners !== 0 ? { maxRunners: caps.maxRunners } : {}),
      image: `ghcr.io/actions/gha-runner-scale-set-controller:${ctx.version.full}`,
    },
  });
  ctx.log(`${keyOf(ars)}: created AutoscalingListener ${listenerNameOf(ctx, ars)}`);
}

/**
 * 0.14.x: once the latest runner set is Outdated, the ARS becomes Outdated and cleanUpResources
 * removes the listener and every runner set (and the scale set on GitHub); it stays so until its
 * spec or labels change (a new change-hash resets the phase to Pending).
 */
async function outdated(ctx: SimContext, ars: KubeObject, sets: KubeObject[]): Promise<boolean> {
  const w = writer(ctx);
  const latest = sets.at(-1);
  const phase = (ars.status as { phase?: string } | undefined)?.phase;
  if (phase !== 'Outdated') {
    if ((latest?.status as { phase?: string } | undefined)?.phase !== 'Outdated') return false;
    await w.status('ars', ars, { phase: 'Outdated' });
    ctx.log(`${keyOf(ars)}: the runner set is outdated: cleaning up resources`);
    const id = Number(ars.metadata.annotations?.[ANNOTATION.scaleSetId]);
    if (id > 0) ctx.github.deleteScaleSet(id);
  }
  const listener = ctx.cache.get(types.listener, ctx.controllerNamespace, listenerNameOf(ctx, ars));
  if (listener) await w.delete('listener', listener);
  for (const s of sets) await w.delete('ers', s);
  return true;
}

async function finalize(ctx: SimContext, ars: KubeObject): Promise<void> {
  const w = writer(ctx);
  if (!hasFinalizer(ars, FINALIZER.ars)) return;
  const listener = ctx.cache.get(types.listener, ctx.controllerNamespace, listenerNameOf(ctx, ars));
  if (listener) {
    await w.delete('listener', listener);
    return;
  }
  const sets = runnerSetsOf(ctx, ars);
  if (sets.length > 0) {
    for (const s of sets) await w.delete('ers', s);
    return;
  }
  const id = Number(ars.metadata.annotations?.[ANNOTATION.scaleSetId]);
  if (id > 0) ctx.github.deleteScaleSet(id);
  await w.removeFinalizer('ars', ars, FINALIZER.ars);
}

/** One pass of the AutoscalingRunnerSet controller over one ARS (0.14.2 order, version differences applied). */
export async function reconcileArs(ctx: SimContext, ars: KubeObject): Promise<void> {
  const w = writer(ctx);
  if (ars.metadata.deletionTimestamp) {
    await finalize(ctx, ars);
    return;
  }
  // IsVersionAllowed (version.go), shared with arc-apply's guards. It compares major.minor, so it
  // cuts both ways: an old controller deletes a set already relabelled with the new minor and the
  // new one every set still labelled with the old, which is why a naive in-place upgrade loses
  // the sets to one controller or the other.
  if (!arcVersionGateAllows(ars.metadata.labels?.[LABEL.version], ctx.version.full)) {
    ctx.log(
      `${keyOf(ars)}: version label ${ars.metadata.labels?.[LABEL.version] ?? '(missing)'} not allowed by controller ${ctx.version.full}: deleting the AutoscalingRunnerSet`,
    );
    await w.delete('ars', ars);
    return;
  }
  if (!hasFinalizer(ars, FINALIZER.ars)) {
    await w.addFinalizers('ars', ars, FINALIZER.ars);
    return;
  }
  const spec = specOf(ars);
  const ann = ars.metadata.annotations ?? {};
  const scaleSetId = Number(ann[ANNOTATION.scaleSetId]);
  const group = String(spec['runnerGroup'] ?? 'default');
  const scaleSetName = String(spec['runnerScaleSetName'] ?? ars.metadata.name);
  if (!Number.isInteger(scaleSetId) || scaleSetId <= 0) {
    const id = ctx.github.createScaleSet(scaleSetName, group);
    await ctx.api.patch(types.ars, ars.metadata.namespace, ars.metadata.name!, {
      metadata: {
        annotations: {
          [ANNOTATION.scaleSetId]: String(id),
          [ANNOTATION.runnerGroupName]: group,
          [ANNOTATION.scaleSetName]: scaleSetName,
        },
        labels: urlLabels(String(spec['githubConfigUrl'] ?? '')),
      },
    });
    return;
  }
  if (
    (ann[ANNOTATION.runnerGroupName] ?? '').toLowerCase() !== group.toLowerCase() ||
    (ann[ANNOTATION.scaleSetName] ?? '').toLowerCase() !== scaleSetName.toLowerCase()
  ) {
    await ctx.api.patch(types.ars, ars.metadata.namespace, ars.metadata.name!, {
      metadata: {
        annotations: { [ANNOTATION.runnerGroupName]: group, [ANNOTATION.scaleSetName]: scaleSetName },
      },
    });
    return;
  }
  if (ctx.version.minor === '0.14') {
    const hash = arsChangeHash(ctx, ars);
    if (ann[ANNOTATION.changeHash] !== hash) {
      await ctx.api.patch(types.ars, ars.metadata.namespace, ars.metadata.name!, {
        metadata: { annotations: { [ANNOTATION.changeHash]: hash } },
      });
      await w.status('ars', ars, { phase: 'Pending' });
      return;
    }
  }
  const sets = runnerSetsOf(ctx, ars);
  if (ctx.version.minor === '0.14' && (await outdated(ctx, ars, sets))) return;
  const latest = sets.at(-1);
  if (!latest) {
    await createRunnerSet(ctx, ars, scaleSetId);
    return;
  }
  const listener = ctx.cache.get(types.listener, ctx.controllerNamespace, listenerNameOf(ctx, ars));
  if (listener?.metadata.deletionTimestamp) return;
  const stuck = faultsFor(ctx, keyOf(ars)).stuckCaps;
  if (listener && !stuck) {
    const valuesChanged =
      listener.metadata.annotations?.[ANNOTATION.valuesHash] !== (ann[ANNOTATION.valuesHash] ?? '');
    const specChanged =
      listener.metadata.annotations?.[ANNOTATION.runnerSpecHash] !== arsListenerSpecHash(ctx, ars);
    if (valuesChanged || specChanged) {
      ctx.log(`${keyOf(ars)}: RunnerScaleSetListener is out of date. Deleting it so that it is recreated`);
      await w.delete('listener', listener);
      return;
    }
  }
  if (latest.metadata.annotations?.[ANNOTATION.runnerSpecHash] !== arsRunnerSetSpecHash(ctx, ars)) {
    if (drainingJobs(ctx, latest)) {
      const s = latest.spec as { replicas?: number; patchID?: number };
      if (s.replicas !== 0 || s.patchID !== 0) {
        await ctx.api.patch(types.ers, latest.metadata.namespace, latest.metadata.name!, {
          spec: { replicas: 0, patchID: 0 },
        });
      }
      return;
    }
    await createRunnerSet(ctx, ars, scaleSetId);
    return;
  }
  for (const old of sets.slice(0, -1)) await w.delete('ers', old);
  if (!listener) {
    if (drainingJobs(ctx, latest)) {
      ctx.log(
        `${keyOf(ars)}: Creating a new AutoscalingListener is waiting for the running and pending runners to finish`,
      );
      return;
    }
    await createListener(ctx, ars, latest, scaleSetId);
    return;
  }
  const st = (latest.status ?? {}) as Record<string, number>;
  await w.status('ars', ars, {
    currentRunners: st['currentReplicas'] ?? 0,
    pendingEphemeralRunners: st['pendingEphemeralRunners'] ?? 0,
    runningEphemeralRunners: st['runningEphemeralRunners'] ?? 0,
    failedEphemeralRunners: st['failedEphemeralRunners'] ?? 0,
    ...(ctx.version.minor === '0.14' ? { phase: 'Running' } : {}),
  });
}

export const arsController: Controller = {
  name: 'AutoscalingRunnerSet controller',
  kind: types.ars,
  partOfManager: true,
  reconcile: reconcileArs,
};
