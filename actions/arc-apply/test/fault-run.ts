import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulatedCluster } from '@gloriousflywheel/testkit/arc';
import { seededRandom } from '@gloriousflywheel/testkit/kube';
import { configFrom, engineSettingsFrom } from '../src/engine/config';
import type { EngineDeps } from '../src/engine/deps';
import { runApply } from '../src/engine/pipeline';
import { newReport } from '../src/engine/report';
import { rollback } from '../src/engine/rollback';
import { readSnapshot } from '../src/engine/snapshot';
import { hasJobFields } from '../src/engine/version';
import { KubeClientGateway, loadKubeConfig } from '../src/kube/client-gateway';
import type { ClusterGateway } from '../src/kube/gateway';
import { type Ars, type Caps, type Er, type Listener, listenerCapsOf } from '../src/kube/types';
import { backend } from './backend';
import { inputsOf, memoryLog, optionsOf } from './helpers';
import { inProcessTofu } from './inproc-tofu';

export interface Outcome {
  seed: number;
  violations: string[];
  outcome: string;
  faults: string[];
  /**
   * What the run did, in one hash: the simulator's log lines and the product's requests, each as a
   * multiset (requests the product makes concurrently may reach the server in either order).
   */
  digest: string;
}

function digestOf(logs: string[], requests: { method: string; path: string; status?: number }[]): string {
  const h = createHash('sha256');
  for (const line of [...logs].sort()) h.update(`${line}\n`);
  for (const line of requests.map((r) => `${r.method} ${r.path} ${r.status}`).sort()) h.update(`${line}\n`);
  return h.digest('hex').slice(0, 16);
}

/**
 * One seeded run: a random fleet, random jobs and leaked runners, random faults (API conflicts and
 * errors, failed applies, stuck or churning listeners, runners that never finish), then the
 * invariants: no busy runner deleted; no set left frozen once main (and post) ended; success only
 * with every listener at its target caps.
 */
export async function faultRun(seed: number): Promise<Outcome> {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const faults: string[] = [];
  const version = pick(['0.13', '0.14'] as const);
  const strategy = pick(['immediate', 'eventual'] as const);
  const cluster = await startSimulatedCluster({
    ...backend().clusterOptions(),
    clock: 'simulated',
    version,
    updateStrategy: strategy,
    seed,
  });
  const RUNNERS = cluster.runnersNamespace;
  const CONTROLLER = cluster.controllerNamespace;
  faults.push(`${version}/${strategy}`);
  const violations: string[] = [];
  try {
    const names = ['nix', 'docker', 'dind'].slice(0, 1 + Math.floor(rnd() * 3));
    const original = new Map<string, Caps>();
    const targets = new Map<string, Caps>();
    for (const name of names) {
      const min = chance(0.3) ? 1 : 0;
      const max = min + Math.floor(rnd() * 4);
      await cluster.arc.addScaleSet({ name, minRunners: min, maxRunners: Math.max(max, 1) });
      original.set(name, { minRunners: min, maxRunners: Math.max(max, 1) });
      const tmin = chance(0.25) ? 1 : 0;
      targets.set(name, { minRunners: tmin, maxRunners: tmin + Math.floor(rnd() * 5) });
    }
    await cluster.arc.settle(60_000);
    for (const name of names) {
      const jobs = Math.floor(rnd() * 3);
      for (let j = 0; j < jobs; j++)
        cluster.arc.enqueueJob({
          scaleSet: name,
          repository: `org/r${j}`,
          durationMs: 30_000 + Math.floor(rnd() * 300_000),
        });
      if (chance(0.3)) {
        await cluster.arc.leakIdleRunners(name, 1 + Math.floor(rnd() * 2));
        faults.push(`leak:${name}`);
      }
    }
    await cluster.arc.settle(20_000);
    const victim = pick(names);
    if (chance(0.1)) {
      cluster.arc.stickListenerCaps(victim);
      faults.push(`stick:${victim}`);
    }
    if (chance(0.15)) {
      cluster.arc.churnListener(victim, 2, 15_000);
      faults.push(`churn:${victim}`);
    }
    if (chance(0.1)) {
      cluster.arc.runnerNeverFinishes(victim);
      cluster.arc.enqueueJob({ scaleSet: victim, durationMs: 60_000 });
      faults.push(`never-finishes:${victim}`);
    }
    const arsPath = `/apis/actions.github.com/v1alpha1/namespaces/${RUNNERS}/autoscalingrunnersets/`;
    if (chance(0.3)) {
      const times = 1 + Math.floor(rnd() * 2);
      cluster.server.inject({
        method: 'PATCH',
        path: arsPath,
        status: pick([409, 500, 503]),
        body: { kind: 'Status' },
        times,
      });
      faults.push(`patch-errors:${times}`);
    }
    const failApply = chance(0.1);
    if (failApply) faults.push('apply-fails');

    const real = new KubeClientGateway(loadKubeConfig(cluster.kubeconfig));
    // Checks the invariant at the moment of every delete: the runner must hold no job right then.
    const checked: ClusterGateway = Object.create(real);
    checked.delete = async (kind, ns, name, rv) => {
      // The runner as the server holds it when the delete goes out (read fresh, after the
      // product's own re-read): with the resourceVersion precondition, a delete that succeeds
      // removed exactly this version, so this read is the version it removed.
      const before = kind === 'EphemeralRunner' ? await real.get<Er>('EphemeralRunner', ns, name) : undefined;
      const result = await real.delete(kind, ns, name, rv);
      if (kind === 'EphemeralRunner' && result === 'deleted' && before) {
        if (before.metadata.resourceVersion !== rv)
          violations.push(`deleted ${name} although it changed since the re-read`);
        else if (hasJobFields(before)) violations.push(`deleted busy runner ${name}`);
      }
      return result;
    };
    // A job lands on a reap candidate between its selection and its re-read, as the listener does it.
    if (chance(0.25)) {
      faults.push('reap-race');
      let raced = false;
      checked.get = async (kind, ns, name) => {
        if (kind === 'EphemeralRunner' && !raced) {
          raced = true;
          await fetch(
            `${cluster.url}/apis/actions.github.com/v1alpha1/namespaces/${ns}/ephemeralrunners/${name}/status`,
            {
              method: 'PATCH',
              headers: {
                authorization: `Bearer ${cluster.token}`,
                'content-type': 'application/merge-patch+json',
              },
              body: JSON.stringify({
                status: { jobRequestId: 9, jobId: 'race', jobRepositoryName: 'org/race' },
              }),
            },
          );
        }
        return real.get(kind, ns, name);
      };
    }
    const clock = { now: () => cluster.clock.now(), sleep: (ms: number) => cluster.clock.advance(ms) };
    // Every policy the definition offers, drawn at random (in this order, so each seed keeps its run).
    const onDrainTimeout = pick(optionsOf('on-drain-timeout'));
    const freezeMode = pick(optionsOf('freeze-mode'));
    const workDir = mkdtempSync(join(tmpdir(), 'arc-fault-'));
    writeFileSync(join(workDir, 'targets.json'), JSON.stringify(Object.fromEntries(targets)));
    const inputs = inputsOf({
      'scale-sets': names.join('\n'),
      'runners-namespace': RUNNERS,
      'controller-namespace': CONTROLLER,
      'freeze-mode': freezeMode,
      'drain-timeout': '5m',
      'on-drain-timeout': onDrainTimeout,
      'working-directory': workDir,
      'targets-file': 'targets.json',
      protect: 'namespaces',
      'prove-timeout': '8m',
      'settle-timeout': '1m',
    });
    const deps: EngineDeps = { gw: checked, clock, log: memoryLog(), ...engineSettingsFrom(inputs) };
    const report = newReport(false);
    let failed = false;
    try {
      await runApply(
        deps,
        {
          ...configFrom(inputs, { runId: `seed-${seed}`, workDir }),
          tofuRunner: inProcessTofu(real, RUNNERS, targets, { failApply, versionLabel: cluster.version }),
          retry: { attempts: 5, baseDelayMs: 100 },
        },
        report,
      );
    } catch {
      failed = true;
      // The post phase (post-if: always()) runs after a failed main.
      await rollback(deps, { onlyRunId: `seed-${seed}` });
    }
    if (await readSnapshot(real, RUNNERS)) violations.push('snapshot left in the cluster');
    const live = await real.list<Ars>('AutoscalingRunnerSet', RUNNERS);
    for (const name of names) {
      const ars = live.find((a) => a.metadata.name === name);
      const caps: Caps = {
        minRunners: ars?.spec?.minRunners ?? 0,
        maxRunners: ars?.spec?.maxRunners ?? null,
      };
      const ok = [original.get(name)!, targets.get(name)!].some(
        (c) => c.minRunners === caps.minRunners && c.maxRunners === caps.maxRunners,
      );
      if (!ok)
        violations.push(
          `${name} left at ${caps.minRunners}/${caps.maxRunners} (${failed ? 'failed' : 'succeeded'} run)`,
        );
    }
    if (!failed) {
      const listeners = await real.list<Listener>('AutoscalingListener', CONTROLLER);
      for (const name of names) {
        const l = listeners.find(
          (x) => x.spec?.autoscalingRunnerSetName === name && !x.metadata.deletionTimestamp,
        );
        const t = targets.get(name)!;
        const lc = l && listenerCapsOf(l);
        if (!lc || lc.minRunners !== t.minRunners || lc.maxRunners !== t.maxRunners) {
          violations.push(
            `success reported while ${name}'s listener is ${lc ? `${lc.minRunners}/${lc.maxRunners}` : 'missing'}, target ${t.minRunners}/${t.maxRunners}`,
          );
        }
      }
    }
    return {
      seed,
      violations,
      outcome: failed ? `failed: ${report.error?.code}` : 'succeeded',
      faults,
      digest: digestOf(cluster.sim.logs, cluster.server.log),
    };
  } finally {
    await cluster.stop();
  }
}
