import type { SimulatedCluster } from './cluster';

/**
 * Watches the fake's store for the moment a runner is told to go (deletionTimestamp set, or
 * deleted outright) while GitHub still has a job running on it: that is a job killed. Returns the
 * violations seen so far; synchronous with the store, so no deletion slips past.
 */
export function watchJobsKilled(cluster: SimulatedCluster): () => string[] {
  const raw = cluster.store.raw;
  if (!raw) throw new Error('watchJobsKilled needs the fake backend (its store is observed directly)');
  const violations: string[] = [];
  raw.subscribe((event) => {
    if (event.object.kind !== 'EphemeralRunner') return;
    const going =
      event.type === 'DELETED' ||
      (!!event.object.metadata.deletionTimestamp && !event.previous?.metadata.deletionTimestamp);
    if (!going) return;
    const name = event.object.metadata.name;
    const job = cluster.arc.jobs().find((j) => j.runnerName === name && j.state === 'running');
    if (job) violations.push(`runner ${name} went while job ${job.jobId} (${job.scaleSet}) was running`);
  });
  return () => violations;
}
