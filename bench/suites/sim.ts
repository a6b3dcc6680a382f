/**
 * The simulated cluster as a test bed: a fleet of 200 runner sets and 5,000 runners, then how many
 * requests per second the fake API server answers over loopback through client-node (get, list by
 * label, full list), against a bare HTTP server sending the same bytes, and the memory it all takes.
 */

import { startSimulatedCluster } from '@gloriousflywheel/testkit/arc';
import { FakeHttpServer, sendJson } from '@gloriousflywheel/testkit/http';
import { resourceByKind } from '@gloriousflywheel/testkit/kube';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { type BenchReport, round, target } from '../lib';

const SCALE_SETS = 200;
const RUNNERS_PER_SET = 25;
const G = { group: 'actions.github.com', version: 'v1alpha1', namespace: 'arc-runners' };

/** Runs `total` calls with `concurrency` in flight; returns calls per second. */
async function rate(
  total: number,
  concurrency: number,
  call: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await call(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return total / seconds;
}

function mb(bytes: number): number {
  return round(bytes / 1024 / 1024, 1);
}

export async function run(): Promise<BenchReport> {
  const notes: string[] = [];
  const memBefore = process.memoryUsage();
  const buildStart = process.hrtime.bigint();
  const cluster = await startSimulatedCluster({ seed: 42 });
  for (let i = 0; i < SCALE_SETS; i++) {
    await cluster.arc.addScaleSet({
      name: `lane-${String(i).padStart(3, '0')}`,
      minRunners: RUNNERS_PER_SET,
      maxRunners: 40,
    });
  }
  const settled = await cluster.arc.settle(30 * 60_000);
  const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
  const runners = cluster.store.raw!.scan(resourceByKind('EphemeralRunner'));
  const idle = runners.filter(
    (r) => (r.status as { phase?: string } | undefined)?.phase === 'Running',
  ).length;
  global.gc?.();
  const memFleet = process.memoryUsage();

  const kc = new KubeConfig();
  kc.loadFromString(cluster.kubeconfig);
  const api = kc.makeApiClient(CustomObjectsApi);
  const names = runners.map((r) => r.metadata.name!);
  const sample = structuredClone(runners[0]!);
  const getRps = await rate(3000, 16, (i) =>
    api.getNamespacedCustomObject({ ...G, plural: 'ephemeralrunners', name: names[i % names.length]! }),
  );
  const labelListRps = await rate(600, 8, (i) =>
    api.listNamespacedCustomObject({
      ...G,
      plural: 'ephemeralrunners',
      labelSelector: `actions.github.com/scale-set-name=lane-${String(i % SCALE_SETS).padStart(3, '0')}`,
    }),
  );
  const fullListStart = process.hrtime.bigint();
  const full = (await api.listNamespacedCustomObject({ ...G, plural: 'ephemeralrunners' })) as {
    items: unknown[];
  };
  const fullListMs = Number(process.hrtime.bigint() - fullListStart) / 1e6;
  const fullListBytes = Buffer.byteLength(JSON.stringify(full));
  const fullListRps = await rate(10, 2, () =>
    api.listNamespacedCustomObject({ ...G, plural: 'ephemeralrunners' }),
  );
  const served = cluster.server.log.length;
  await cluster.stop();

  // Baseline: a bare server on the same base class answering the same object, no routing or auth.
  const body = sample;
  const bare = new FakeHttpServer((_req, res) => sendJson(res, 200, body));
  const bareUrl = await bare.start();
  const bkc = new KubeConfig();
  bkc.loadFromString(kc.exportConfig().replace(cluster.url, bareUrl));
  const bareApi = bkc.makeApiClient(CustomObjectsApi);
  const bareRps = await rate(3000, 16, () =>
    bareApi.getNamespacedCustomObject({ ...G, plural: 'ephemeralrunners', name: 'x' }),
  );
  await bare.stop();

  if (!settled.settled) notes.push('the fleet did not settle within 30 simulated minutes');
  notes.push(
    `fleet build (${SCALE_SETS} ARS, ${SCALE_SETS * RUNNERS_PER_SET} runners with pods and secrets, CRD validation on) took ${round(buildMs / 1000, 1)} s wall time`,
  );
  notes.push(
    'requests go through @kubernetes/client-node over loopback; baseline is a bare server sending the same object',
  );
  return {
    suite: 'sim',
    metrics: {
      scaleSets: SCALE_SETS,
      runners: runners.length,
      runningRunners: idle,
      storeObjectsWritten: cluster.store.raw!.resourceVersion,
      buildSeconds: round(buildMs / 1000, 2),
      getRps: round(getRps, 0),
      bareGetRps: round(bareRps, 0),
      getRatioToBare: round(getRps / bareRps, 3),
      labelListRps: round(labelListRps, 0),
      fullListRps: round(fullListRps, 2),
      fullListMs: round(fullListMs, 1),
      fullListMiB: mb(fullListBytes),
      requestsServed: served,
      heapUsedMiB: mb(memFleet.heapUsed),
      heapGrowthMiB: mb(memFleet.heapUsed - memBefore.heapUsed),
      rssMiB: mb(memFleet.rss),
    },
    targets: [
      target('runners', runners.length, '>=', SCALE_SETS * RUNNERS_PER_SET),
      target('runningRunners', idle, '>=', SCALE_SETS * RUNNERS_PER_SET),
      target('getRps', round(getRps, 0), '>=', 200),
      target('labelListRps', round(labelListRps, 0), '>=', 50),
      target('getRatioToBare', round(getRps / bareRps, 3), '>=', 0.2),
      target('rssMiB', mb(memFleet.rss), '<=', 3072),
    ],
    notes,
  };
}
