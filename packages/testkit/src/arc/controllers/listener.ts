import type { KubeObject } from '../../kube/index';
import { FINALIZER, LABEL } from '../constants';
import { hasFinalizer, keyOf, ownerRef, type SimContext, types, writer } from '../context';
import type { Controller } from '../controller';
import { appConfigErrorOf } from './app-config';
import { createPod, setPodPhase } from './pods';

export interface ListenerSpec {
  autoscalingRunnerSetNamespace: string;
  autoscalingRunnerSetName: string;
  ephemeralRunnerSetName: string;
  minRunners: number;
  maxRunners: number;
  runnerScaleSetId: number;
}

/** The spec as ARC's Go types decode it: an absent minRunners or maxRunners is 0 (it was dropped as empty). */
export function listenerSpec(al: KubeObject): ListenerSpec {
  const spec = al.spec as unknown as Partial<ListenerSpec>;
  return { ...spec, minRunners: spec.minRunners ?? 0, maxRunners: spec.maxRunners ?? 0 } as ListenerSpec;
}

/** The config.json the listener controller writes into `<listener>-config`. */
export function listenerConfig(al: KubeObject) {
  const s = listenerSpec(al);
  return {
    configure_url: (al.spec as { githubConfigUrl?: string }).githubConfigUrl,
    ephemeral_runner_set_namespace: s.autoscalingRunnerSetNamespace,
    ephemeral_runner_set_name: s.ephemeralRunnerSetName,
    max_runners: s.maxRunners,
    min_runners: s.minRunners,
    runner_scale_set_id: s.runnerScaleSetId,
    runner_scale_set_name: s.autoscalingRunnerSetName,
  };
}

const reportedInvalid = new WeakSet<object>();

/** The config.json each stored version of a listener asks for, base64 (every pass compares it). */
const configOfVersion = new WeakMap<KubeObject, string>();

function encodedConfig(al: KubeObject): string {
  let config = configOfVersion.get(al);
  if (config === undefined) {
    config = Buffer.from(JSON.stringify(listenerConfig(al))).toString('base64');
    configOfVersion.set(al, config);
  }
  return config;
}

/**
 * One pass of the AutoscalingListener controller: finalizer, ServiceAccount, config secret (refused
 * when maxRunners < minRunners, as config.Validate does), listener pod, restart of a terminated
 * pod; `onPodRunning` starts the listener process once its pod runs.
 */
export async function reconcileListener(
  ctx: SimContext,
  al: KubeObject,
  onPodRunning: (al: KubeObject) => void,
): Promise<void> {
  const w = writer(ctx);
  const ns = al.metadata.namespace!;
  const name = al.metadata.name!;
  const pod = ctx.cache.get(types.pod, ns, name);
  const secret = ctx.cache.get(types.secret, ns, `${name}-config`);
  const account = ctx.cache.get(types.serviceAccount, ns, name);
  if (al.metadata.deletionTimestamp) {
    if (pod) await ctx.api.delete(types.pod, ns, name);
    if (secret) await ctx.api.delete(types.secret, ns, `${name}-config`);
    if (account) await ctx.api.delete(types.serviceAccount, ns, name);
    await w.removeFinalizer('listener', al, FINALIZER.listener);
    return;
  }
  if (!hasFinalizer(al, FINALIZER.listener)) {
    await w.addFinalizers('listener', al, FINALIZER.listener);
    return;
  }
  const spec = listenerSpec(al);
  // The listener's AutoscalingRunnerSet and its GitHub app config come first: a missing ARS or
  // config secret fails every reconcile, before any of the listener's objects is made (ARC
  // gha-runner-scale-set-0.14.2 controllers/actions.github.com/autoscalinglistener_controller.go ~127-149).
  const ars = ctx.cache.get(types.ars, spec.autoscalingRunnerSetNamespace, spec.autoscalingRunnerSetName);
  if (!ars) {
    throw new Error(
      `Failed to find AutoscalingRunnerSet: autoscalingrunnersets.actions.github.com "${spec.autoscalingRunnerSetName}" not found`,
    );
  }
  const noConfig = appConfigErrorOf(ctx, ars);
  if (noConfig) throw new Error(`Failed to get app config for AutoscalingRunnerSet: ${noConfig.message}`);
  if (spec.maxRunners < spec.minRunners) {
    if (!reportedInvalid.has(al)) {
      reportedInvalid.add(al);
      ctx.log(
        `${keyOf(al)}: invalid listener config: MaxRunners (${spec.maxRunners}) cannot be less than MinRunners (${spec.minRunners})`,
      );
    }
    return;
  }
  if (!account) {
    // The listener pod runs as its own ServiceAccount (same name, controller namespace).
    await ctx.api.create(types.serviceAccount, ns, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, ownerReferences: [ownerRef(al)] },
    });
    return;
  }
  const config = encodedConfig(al);
  if (!secret) {
    await ctx.api.create(types.secret, ns, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${name}-config`, ownerReferences: [ownerRef(al)] },
      data: { 'config.json': config },
    });
    return;
  }
  const drifted = (secret['data'] as Record<string, string> | undefined)?.['config.json'] !== config;
  if (drifted) {
    await ctx.api.patch(types.secret, ns, `${name}-config`, { data: { 'config.json': config } });
    if (pod) await ctx.api.delete(types.pod, ns, name);
    return;
  }
  if (!pod) {
    const created = await createPod(ctx, al, {
      name,
      namespace: ns,
      labels: {
        [LABEL.listenerName]: name,
        [LABEL.listenerNamespace]: ns,
        [LABEL.scaleSetName]: spec.autoscalingRunnerSetName,
        [LABEL.scaleSetNamespace]: spec.autoscalingRunnerSetNamespace,
        [LABEL.component]: 'runner-scale-set-listener',
      },
      spec: {
        restartPolicy: 'Never',
        serviceAccountName: name,
        containers: [
          {
            name: 'listener',
            image: (al.spec as { image?: string }).image ?? 'listener',
            command: ['/ghalistener'],
          },
        ],
      },
    });
    ctx.clock.schedule(ctx.timings.listenerStartMs, async () => {
      await setPodPhase(ctx, created, 'Running');
      const current = ctx.cache.get(types.listener, ns, name);
      if (!current || current.metadata.uid !== al.metadata.uid) return;
      const crashAfter = crashDelay(ctx, current);
      if (crashAfter === undefined) {
        onPodRunning(current);
        return;
      }
      // The listener process exits 1 before its first batch; the kubelet reports the container
      // terminated and the pod Failed (restartPolicy Never); the next reconcile deletes the pod.
      ctx.clock.schedule(crashAfter, () => setPodPhase(ctx, created, 'Failed', 1));
    });
    return;
  }
  // The `listener` container terminated: the pod is deleted, and recreated on the next reconcile
  // (autoscalinglistener_controller.go, `cs.State.Terminated != nil`).
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    ctx.log(`${keyOf(al)}: Listener pod is terminated: deleting it`);
    await ctx.api.delete(types.pod, ns, name);
  }
}

/**
 * How long this listener's container runs before it exits 1, if it does: a listener left behind
 * beside the live one cannot open a message session (409 Conflict, not retried: see
 * `sessionConflictMs`); a crash-looping one dies `listenerCrashMs` after its start.
 */
function crashDelay(ctx: SimContext, al: KubeObject): number | undefined {
  const spec = listenerSpec(al);
  const faults = ctx.faults.get(`${spec.autoscalingRunnerSetNamespace}/${spec.autoscalingRunnerSetName}`);
  if (faults?.staleListeners.has(al.metadata.name!)) return ctx.timings.sessionConflictMs;
  return faults?.listenerCrashLoops ? ctx.timings.listenerCrashMs : undefined;
}

/** The listener controller, starting listener processes in `processes` once their pods run. */
export function listenerController(processes: { start(al: KubeObject): void }): Controller {
  return {
    name: 'AutoscalingListener controller',
    kind: types.listener,
    partOfManager: true,
    reconcile: (ctx, al) => reconcileListener(ctx, al, (current) => processes.start(current)),
  };
}
