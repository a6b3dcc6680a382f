import type { KubeObject } from '../../kube/index';
import { FINALIZER, LABEL } from '../constants';
import { hasFinalizer, keyOf, ownerRef, type SimContext, types, writer } from '../context';
import { createPod, setPodPhase } from './pods';

export interface ListenerSpec {
  autoscalingRunnerSetNamespace: string;
  autoscalingRunnerSetName: string;
  ephemeralRunnerSetName: string;
  minRunners: number;
  maxRunners: number;
  runnerScaleSetId: number;
}

export function listenerSpec(al: KubeObject): ListenerSpec {
  return al.spec as unknown as ListenerSpec;
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

/**
 * One pass of the AutoscalingListener controller: finalizer, config secret (refused when
 * maxRunners < minRunners, as config.Validate does), listener pod, restart of a terminated pod.
 */
export function reconcileListener(
  ctx: SimContext,
  al: KubeObject,
  onPodRunning: (al: KubeObject) => void,
): void {
  const w = writer(ctx);
  const ns = al.metadata.namespace!;
  const name = al.metadata.name!;
  const pod = ctx.store.peek(types.pod, ns, name);
  const secret = ctx.store.peek(types.secret, ns, `${name}-config`);
  const account = ctx.store.peek(types.serviceAccount, ns, name);
  if (al.metadata.deletionTimestamp) {
    if (pod) ctx.store.delete(types.pod, ns, name);
    if (secret) ctx.store.delete(types.secret, ns, `${name}-config`);
    if (account) ctx.store.delete(types.serviceAccount, ns, name);
    w.removeFinalizer('listener', al, FINALIZER.listener);
    return;
  }
  if (!hasFinalizer(al, FINALIZER.listener)) {
    w.addFinalizers('listener', al, FINALIZER.listener);
    return;
  }
  const spec = listenerSpec(al);
  if (spec.maxRunners < spec.minRunners) {
    if (!reportedInvalid.has(al)) {
      reportedInvalid.add(al);
      ctx.log(
        `${keyOf(al)}: invalid listener config: MaxRunners (${spec.maxRunners}) cannot be less than MinRunners (${spec.minRunners})`,
      );
    }
    return;
  }
  const config = Buffer.from(JSON.stringify(listenerConfig(al))).toString('base64');
  if (!secret) {
    ctx.store.create(types.secret, ns, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${name}-config`, ownerReferences: [ownerRef(al)] },
      data: { 'config.json': config },
    });
    return;
  }
  const drifted = (secret['data'] as Record<string, string> | undefined)?.['config.json'] !== config;
  if (drifted) {
    ctx.store.patch(types.secret, ns, `${name}-config`, 'merge', { data: { 'config.json': config } });
    if (pod) ctx.store.delete(types.pod, ns, name);
    return;
  }
  if (!account) {
    // The listener pod runs as its own ServiceAccount (same name, controller namespace).
    ctx.store.create(types.serviceAccount, ns, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, ownerReferences: [ownerRef(al)] },
    });
    return;
  }
  if (!pod) {
    const created = createPod(ctx, al, {
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
    ctx.clock.schedule(ctx.timings.listenerStartMs, () => {
      setPodPhase(ctx, created, 'Running');
      const current = ctx.store.peek(types.listener, ns, name);
      if (current && current.metadata.uid === al.metadata.uid) onPodRunning(current);
    });
    return;
  }
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') ctx.store.delete(types.pod, ns, name);
}
