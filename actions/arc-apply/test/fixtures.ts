import type { FleetView } from '../src/engine/fleet';
import type { Ars, Er, Ers, Listener } from '../src/kube/types';

const NS = 'arc-runners';
let seq = 0;

export function ars(
  name: string,
  opts: { min?: number; max?: number | null; labels?: string[]; version?: string; phase?: string } = {},
): Ars {
  return {
    metadata: {
      name,
      namespace: NS,
      uid: `ars-${name}`,
      resourceVersion: '1',
      labels: { 'app.kubernetes.io/version': opts.version ?? '0.14.2', 'app.kubernetes.io/name': name },
    },
    spec: {
      runnerScaleSetName: name,
      ...(opts.labels ? { runnerScaleSetLabels: opts.labels } : {}),
      minRunners: opts.min ?? 0,
      ...(opts.max === null ? {} : { maxRunners: opts.max ?? 10 }),
    },
    status: { phase: opts.phase ?? 'Running' },
  };
}

export function ers(
  owner: string,
  replicas: number,
  suffix = 'abcde',
  created = '2026-01-01T00:00:00Z',
): Ers {
  return {
    metadata: {
      name: `${owner}-${suffix}`,
      namespace: NS,
      creationTimestamp: created,
      labels: { 'actions.github.com/scale-set-name': owner, 'actions.github.com/scale-set-namespace': NS },
      ownerReferences: [{ kind: 'AutoscalingRunnerSet', name: owner, controller: true }],
    },
    spec: { replicas, patchID: 0 },
  };
}

export function er(
  set: Ers,
  opts: { busy?: boolean; phase?: string; runnerId?: number; created?: string; rv?: string } = {},
): Er {
  seq++;
  const owner = set.metadata.labels!['actions.github.com/scale-set-name']!;
  return {
    metadata: {
      name: `${set.metadata.name}-runner-${seq.toString(36).padStart(5, '0')}`,
      namespace: NS,
      resourceVersion: opts.rv ?? '10',
      creationTimestamp: opts.created ?? `2026-01-01T00:${String(seq % 60).padStart(2, '0')}:00Z`,
      labels: { 'actions.github.com/scale-set-name': owner, 'actions.github.com/scale-set-namespace': NS },
      ownerReferences: [{ kind: 'EphemeralRunnerSet', name: set.metadata.name, controller: true }],
    },
    status: {
      phase: opts.phase ?? 'Running',
      runnerId: opts.runnerId ?? seq,
      ...(opts.busy
        ? { jobId: `job-${seq}`, jobRequestId: seq, jobRepositoryName: 'org/repo', jobDisplayName: 'build' }
        : {}),
    },
  };
}

export function listener(
  owner: string,
  opts: { min?: number; max?: number; created?: string; uid?: string } = {},
): Listener {
  return {
    metadata: {
      name: `${owner}-6b7c8d9e-listener`,
      namespace: 'arc-systems',
      uid: opts.uid ?? `l-${owner}`,
      creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z',
    },
    spec: {
      autoscalingRunnerSetName: owner,
      autoscalingRunnerSetNamespace: NS,
      minRunners: opts.min ?? 0,
      maxRunners: opts.max ?? 10,
    },
  };
}

export function view(parts: Partial<FleetView>): FleetView {
  return { ars: [], ers: [], runners: [], listeners: [], ...parts };
}
