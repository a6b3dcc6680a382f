import type { SimulatedCluster } from './cluster';

/**
 * Watches the cluster for the moment a runner is told to go (deletionTimestamp set, or deleted
 * outright) while GitHub still has a job running on it: that is a job killed. Returns the
 * violations seen so far. On the fake it hears each change synchronously with the store; on a real
 * API server as the watch delivers it. A delete made by a client through the cluster's front or by
 * the simulator is heard before simulated time moves on (the simulator syncs its caches to them),
 * so a job cannot finish in between and hide it.
 */
export function watchJobsKilled(cluster: SimulatedCluster): () => string[] {
  const violations: string[] = [];
  const going = new Set<string>();
  cluster.onChange((change) => {
    if (change.object.kind !== 'EphemeralRunner') return;
    const { uid, name, deletionTimestamp } = change.object.metadata;
    const key = uid ?? `${change.object.metadata.namespace}/${name}`;
    if (change.type !== 'DELETED' && !deletionTimestamp) return;
    if (going.has(key)) {
      if (change.type === 'DELETED') going.delete(key);
      return;
    }
    if (change.type !== 'DELETED') going.add(key);
    const job = cluster.arc.jobs().find((j) => j.runnerName === name && j.state === 'running');
    if (job) violations.push(`runner ${name} went while job ${job.jobId} (${job.scaleSet}) was running`);
  });
  return () => violations;
}
