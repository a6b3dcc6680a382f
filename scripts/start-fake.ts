/**
 * Starts a testkit fake for CI's end-to-end jobs and keeps it running until killed:
 *
 *   npx tsx scripts/start-fake.ts attic --ready "$RUNNER_TEMP/attic.json" &
 *   npx tsx scripts/start-fake.ts arc --ready "$RUNNER_TEMP/arc.json" &
 *
 * Once listening it writes what a job needs to the ready file (and stdout) as JSON:
 * `attic`: { url, cache, token } of a fake Attic server with one cache the token may read and push;
 * `arc`: { kubeconfig, workdir, tofu } — a simulated ARC cluster, a working directory of tfvars for
 * it, and the tofu stand-in that applies them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAST_REAL_TIME_TIMINGS, startSimulatedCluster } from '@gloriousflywheel/testkit/arc';
import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import { tofuStandinPath, tofuWorkdir } from '@gloriousflywheel/testkit/tofu';

type Started = { info: Record<string, string>; stop: () => Promise<void> };

async function attic(): Promise<Started> {
  const server = new FakeAtticServer();
  await server.start();
  server.createCache('ci');
  const token = server.issueToken({ caches: { ci: { r: 1, w: 1 } } });
  return { info: { url: server.url, cache: 'ci', token }, stop: () => server.stop() };
}

async function arc(): Promise<Started> {
  const cluster = await startSimulatedCluster({
    clock: 'real',
    timings: FAST_REAL_TIME_TIMINGS,
  });
  await cluster.arc.addScaleSet({ name: 'nix', minRunners: 0, maxRunners: 4, labels: ['tinyland-nix'] });
  const workdir = tofuWorkdir({ nix: { min_runners: 0, max_runners: 6 } }, { namespace: 'arc-runners' });
  return {
    info: {
      kubeconfig: cluster.kubeconfigPath,
      workdir,
      tofu: tofuStandinPath,
      tfvars: join(workdir, 'runners.tfvars'),
    },
    stop: () => cluster.stop(),
  };
}

const FAKES: Record<string, () => Promise<Started>> = { attic, arc };

const [kind] = process.argv.slice(2);
const readyIndex = process.argv.indexOf('--ready');
const start = kind ? FAKES[kind] : undefined;
if (!start) {
  console.error(`usage: tsx scripts/start-fake.ts ${Object.keys(FAKES).join('|')} [--ready FILE]`);
  process.exit(2);
}
const started = await start();
const json = JSON.stringify(started.info);
if (readyIndex > 0 && process.argv[readyIndex + 1]) writeFileSync(process.argv[readyIndex + 1]!, `${json}\n`);
console.log(json);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void started.stop().finally(() => process.exit(0));
  });
}
