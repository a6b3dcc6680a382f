import { type SimulatedCluster, type SimulatedClusterOptions, startSimulatedCluster } from './cluster';
import { LABEL } from './constants';
import type { ScaleSetOptions } from './scale-set';

const res = (cpu: string, memory: string, storage?: string) => ({
  requests: { cpu, memory, ...(storage ? { 'ephemeral-storage': '1Gi' } : {}) },
  limits: { cpu, memory, ...(storage ? { 'ephemeral-storage': storage } : {}) },
});

/**
 * The platform's GitHub runner classes (reference platform.md): shared capability labels, the
 * overflow scale sets on `sting` publishing the same label, and the small operator/kvm/gpu lanes.
 */
export const DEMO_SCALE_SETS: ScaleSetOptions[] = [
  {
    name: 'tinyland-nix',
    minRunners: 0,
    maxRunners: 16,
    labels: ['tinyland-nix'],
    resources: res('4', '8Gi'),
  },
  {
    name: 'tinyland-nix-sting',
    minRunners: 0,
    maxRunners: 8,
    labels: ['tinyland-nix'],
    resources: res('4', '8Gi'),
  },
  {
    name: 'tinyland-docker',
    minRunners: 0,
    maxRunners: 20,
    labels: ['tinyland-docker'],
    resources: res('2', '4Gi', '8Gi'),
  },
  {
    name: 'tinyland-dind',
    minRunners: 0,
    maxRunners: 20,
    labels: ['tinyland-dind'],
    resources: res('4', '8Gi', '40Gi'),
  },
  {
    name: 'tinyland-dind-sting',
    minRunners: 0,
    maxRunners: 16,
    labels: ['tinyland-dind'],
    resources: res('4', '8Gi', '40Gi'),
  },
  {
    name: 'tinyland-nix-heavy',
    minRunners: 0,
    maxRunners: 4,
    labels: ['tinyland-nix-heavy'],
    resources: res('8', '16Gi'),
  },
  { name: 'tinyland-nix-operator', minRunners: 0, maxRunners: 1, labels: ['tinyland-nix-operator'] },
  { name: 'tinyland-nix-kvm', minRunners: 0, maxRunners: 1, labels: ['tinyland-nix-kvm'] },
  { name: 'tinyland-nix-gpu', minRunners: 0, maxRunners: 1, labels: ['tinyland-nix-gpu'] },
];

/** A few minutes of work arriving: `at` and `durationMs` in simulated milliseconds. */
export const DEMO_JOBS: { scaleSet: string; repository: string; at: number; durationMs: number }[] = [
  { scaleSet: 'tinyland-nix', repository: 'tinyland/flake', at: 5_000, durationMs: 6 * 60_000 },
  { scaleSet: 'tinyland-nix', repository: 'tinyland/flake', at: 20_000, durationMs: 4 * 60_000 },
  { scaleSet: 'tinyland-nix', repository: 'Jesssullivan/cmux', at: 45_000, durationMs: 8 * 60_000 },
  { scaleSet: 'tinyland-docker', repository: 'tinyland/site', at: 10_000, durationMs: 2 * 60_000 },
  { scaleSet: 'tinyland-docker', repository: 'tinyland/site', at: 70_000, durationMs: 3 * 60_000 },
  { scaleSet: 'tinyland-dind', repository: 'tinyland/images', at: 30_000, durationMs: 5 * 60_000 },
  { scaleSet: 'tinyland-nix-heavy', repository: 'tinyland/rust-core', at: 90_000, durationMs: 10 * 60_000 },
  { scaleSet: 'tinyland-nix-operator', repository: 'tinyland/platform', at: 120_000, durationMs: 4 * 60_000 },
];

/** Adds the demo fleet (and, unless `jobs: false`, its arriving jobs) to a running simulated cluster. */
export async function populateDemoFleet(
  cluster: SimulatedCluster,
  options: { jobs?: boolean } = {},
): Promise<void> {
  for (const scaleSet of DEMO_SCALE_SETS) await cluster.arc.addScaleSet(scaleSet);
  if (options.jobs === false) return;
  for (const job of DEMO_JOBS) cluster.arc.enqueueJob(job);
}

/** Starts a simulated cluster (real-time clock unless told otherwise) with the demo fleet on it. */
export async function demoFleet(
  options: SimulatedClusterOptions & { jobs?: boolean } = {},
): Promise<SimulatedCluster> {
  const { jobs, ...clusterOptions } = options;
  const cluster = await startSimulatedCluster({ clock: 'real', ...clusterOptions });
  await populateDemoFleet(cluster, jobs === undefined ? {} : { jobs });
  return cluster;
}

export interface FleetStatusRow {
  scaleSet: string;
  namespace: string;
  labels: string[];
  minRunners: number;
  maxRunners: number | null;
  runners: number;
  idle: number;
  busy: number;
  pending: number;
  /** A listener object exists and its pod runs. */
  listener: boolean;
  phase: string;
}

/** One row per scale set, as an operator wants fleet status at a glance. */
export function fleetStatus(cluster: SimulatedCluster): FleetStatusRow[] {
  const listeners = cluster.store.list('AutoscalingListener', cluster.controllerNamespace);
  return cluster.store.list('AutoscalingRunnerSet').map((ars) => {
    const spec = (ars.spec ?? {}) as {
      minRunners?: number;
      maxRunners?: number;
      runnerScaleSetLabels?: string[];
    };
    const ns = ars.metadata.namespace!;
    const name = ars.metadata.name!;
    const runners = cluster.store
      .list('EphemeralRunner', ns)
      .filter((r) => r.metadata.labels?.[LABEL.scaleSetName] === name && !r.metadata.deletionTimestamp);
    const st = (r: (typeof runners)[number]) => (r.status ?? {}) as { phase?: string; jobRequestId?: number };
    const busy = runners.filter((r) => st(r).phase === 'Running' && st(r).jobRequestId).length;
    const running = runners.filter((r) => st(r).phase === 'Running').length;
    const al = listeners.find(
      (l) =>
        l.metadata.labels?.[LABEL.scaleSetName] === name &&
        l.metadata.labels?.[LABEL.scaleSetNamespace] === ns,
    );
    const pod = al ? cluster.store.get('Pod', al.metadata.namespace, al.metadata.name!) : undefined;
    return {
      scaleSet: name,
      namespace: ns,
      labels: spec.runnerScaleSetLabels ?? [name],
      minRunners: spec.minRunners ?? 0,
      maxRunners: spec.maxRunners ?? null,
      runners: runners.length,
      idle: running - busy,
      busy,
      pending: runners.filter((r) => (st(r).phase ?? 'Pending') === 'Pending').length,
      listener:
        !!al && !al.metadata.deletionTimestamp && (pod?.status as { phase?: string })?.phase === 'Running',
      phase: String((ars.status as { phase?: string } | undefined)?.phase ?? ''),
    };
  });
}

/** The rows as a fixed-width text table for a terminal. */
export function formatFleetStatus(rows: FleetStatusRow[]): string {
  const header = ['scale set', 'min', 'max', 'runners', 'idle', 'busy', 'pending', 'listener'];
  const body = rows.map((r) => [
    r.scaleSet,
    String(r.minRunners),
    r.maxRunners === null ? '∞' : String(r.maxRunners),
    String(r.runners),
    String(r.idle),
    String(r.busy),
    String(r.pending),
    r.listener ? 'yes' : 'no',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}
