import { startSimulatedCluster } from '@gloriousflywheel/testkit/arc';
import { resourceByKind, seededRandom } from '@gloriousflywheel/testkit/kube';
import type { AuditEntry } from '../../src/doctor/audit-entry';
import { runDoctor } from '../../src/doctor/run';
import { writePauseRecord } from '../../src/engine/pause-record';
import { SNAPSHOT_CONFIGMAP, writeSnapshot } from '../../src/engine/snapshot';
import { hasJobFields } from '../../src/engine/version';
import { KubeClientGateway, loadKubeConfig } from '../../src/kube/client-gateway';
import type { ClusterGateway } from '../../src/kube/gateway';
import { type Er, type KubeObject, type Listener, SCALE_SET_NAME_LABEL } from '../../src/kube/types';
import { backend } from '../backend';
import { memoryLog } from '../helpers';
import { doctorOptions } from './doctor-fixtures';

export interface DoctorOutcome {
  seed: number;
  violations: string[];
  outcome: string;
  faults: string[];
  repairs: Record<AuditEntry['outcome'], number>;
}

const HOUR = 60 * 60_000;

/** The scale set an object belongs to, as the doctor's safety rules see it (undefined: none). */
function setOf(kind: string, obj: KubeObject | undefined): string | undefined {
  if (!obj) return undefined;
  if (kind === 'AutoscalingListener') return (obj as Listener).spec?.autoscalingRunnerSetName;
  return obj.metadata.labels?.[SCALE_SET_NAME_LABEL];
}

/**
 * One seeded doctor run with `fix: true` (or dry-run): a random fleet, random sickness (refused
 * pods, stuck runners idle or busy, left-over and abandoned listeners, piled-up pods), a random
 * pause and apply freeze, random API errors on writes and a job racing a repair. Invariants, at
 * the moment of every write the doctor makes: no runner holding a job deleted or released, no
 * object of a paused or frozen set touched; after the run: every write has a `done` audit entry and
 * every `done` entry a write; under dry-run no write at all.
 */
export async function doctorFaultRun(seed: number): Promise<DoctorOutcome> {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const faults: string[] = [];
  const cluster = await startSimulatedCluster({ ...backend().clusterOptions(), clock: 'simulated', seed });
  const RUNNERS = cluster.runnersNamespace;
  const violations: string[] = [];
  try {
    const names = ['nix', 'docker', 'dind'].slice(0, 1 + Math.floor(rnd() * 3));
    for (const name of names)
      await cluster.arc.addScaleSet({ name, minRunners: chance(0.4) ? 1 : 0, maxRunners: 4 });
    await cluster.arc.settle(60_000);
    for (const name of names) {
      for (let j = 0; j < Math.floor(rnd() * 3); j++)
        cluster.arc.enqueueJob({ scaleSet: name, durationMs: (1 + Math.floor(rnd() * 4)) * HOUR });
      if (chance(0.4)) await cluster.arc.leakIdleRunners(name, 1 + Math.floor(rnd() * 2));
    }
    await cluster.arc.settle(30_000);
    const victim = () => pick(names);
    if (chance(0.5)) {
      const v = victim();
      cluster.arc.runnerPodRejected(v);
      cluster.arc.enqueueJob({ scaleSet: v, durationMs: HOUR });
      faults.push(`rejected:${v}`);
    }
    await cluster.arc.settle(30_000);
    for (const busy of [false, true]) {
      if (!chance(0.5)) continue;
      const v = victim();
      const got = await cluster.arc.runnerStuckTerminating(v, 1, { busy }).catch(() => []);
      if (got.length) faults.push(`stuck${busy ? '-busy' : ''}:${v}`);
    }
    if (chance(0.4)) faults.push(`stale-listener:${await cluster.arc.staleListener(victim())}`);
    if (names.length > 1 && chance(0.2))
      faults.push(`abandoned:${await cluster.arc.abandonListener(names.at(-1)!)}`);
    if (chance(0.5)) {
      const pods = await cluster.arc.pileUpPods(RUNNERS, 1 + Math.floor(rnd() * 4), { ageMs: 3 * HOUR });
      faults.push(`piled:${pods.length}`);
    }
    await cluster.arc.settle(30_000);
    await cluster.clock.advance(20 * 60_000);

    const real = new KubeClientGateway(loadKubeConfig(cluster.kubeconfig));
    const held = new Set<string>();
    const now = cluster.clock.now().toISOString();
    const entry = (name: string) => ({ namespace: RUNNERS, name, minRunners: 0, maxRunners: 4 });
    if (chance(0.3)) {
      const v = victim();
      held.add(v);
      await writePauseRecord(real, RUNNERS, {
        version: 1,
        runId: 'pause',
        createdAt: now,
        sets: [{ ...entry(v), paused: { caps: { minRunners: 0, maxRunners: 0 }, at: now, runId: 'pause' } }],
      });
      faults.push(`paused:${v}`);
    }
    if (chance(0.2)) {
      const v = victim();
      held.add(v);
      await writeSnapshot(
        real,
        RUNNERS,
        { version: 1, runId: 'apply', createdAt: now, sets: [entry(v)] },
        SNAPSHOT_CONFIGMAP,
      );
      faults.push(`frozen:${v}`);
    }
    const erPath = `/apis/actions.github.com/v1alpha1/namespaces/${RUNNERS}/ephemeralrunners/`;
    if (chance(0.3)) {
      const times = 1 + Math.floor(rnd() * 2);
      cluster.server.inject({
        method: pick(['DELETE', 'PATCH']),
        path: erPath,
        status: pick([409, 500]),
        body: { kind: 'Status' },
        times,
      });
      faults.push(`write-errors:${times}`);
    }

    // Every write the doctor makes, checked at its moment against the object as the server holds it.
    const writes: string[] = [];
    const checked: ClusterGateway = Object.create(real);
    const guard = async (kind: string, ns: string, name: string, write: () => Promise<unknown>) => {
      const before =
        kind === 'Pod' ? await real.getPod(ns, name) : await real.get(kind as 'EphemeralRunner', ns, name);
      const result = await write();
      writes.push(`${kind}/${ns}/${name}`);
      if (kind === 'EphemeralRunner' && before && hasJobFields(before as Er))
        violations.push(`touched busy runner ${name}`);
      const set = setOf(kind, before);
      if (set && held.has(set)) violations.push(`touched ${kind} ${name} of held set ${set}`);
      return result;
    };
    checked.delete = (kind, ns, name, rv) =>
      guard(kind, ns, name, () => real.delete(kind, ns, name, rv)) as Promise<'deleted' | 'gone'>;
    checked.patch = ((
      kind: 'EphemeralRunner',
      ns: string,
      name: string,
      body: Record<string, unknown>,
      rv?: string,
    ) => guard(kind, ns, name, () => real.patch(kind, ns, name, body, rv))) as ClusterGateway['patch'];
    checked.deletePod = (ns, name, rv) =>
      guard('Pod', ns, name, () => real.deletePod(ns, name, rv)) as Promise<'deleted' | 'gone'>;
    if (chance(0.25)) {
      faults.push('job-race');
      let raced = false;
      checked.get = async (kind, ns, name) => {
        if (kind === 'EphemeralRunner' && !raced) {
          raced = true;
          // The listener's JobStarted patch, landing between the pass and the repair's re-read.
          cluster.store.raw?.patch(
            resourceByKind('EphemeralRunner'),
            ns,
            name,
            'merge',
            {
              status: { jobId: 'race', jobRepositoryName: 'org/race' },
            },
            'status',
          );
        }
        return real.get(kind, ns, name);
      };
    }

    const dryRun = chance(0.2);
    if (dryRun) faults.push('dry-run');
    const clock = { now: () => cluster.clock.now(), sleep: (ms: number) => cluster.clock.advance(ms) };
    const deps = {
      gw: checked,
      clock,
      log: memoryLog(),
      ns: { runners: RUNNERS, controller: cluster.controllerNamespace },
      pollMs: 5000,
    };
    let outcome = 'completed';
    let repairs: AuditEntry[] = [];
    try {
      repairs = (await runDoctor(deps, doctorOptions({ fix: true, dryRun }))).repairs;
    } catch (error) {
      outcome = `failed: ${(error as { code?: string }).code}`;
    }
    const done = repairs
      .filter((r) => r.outcome === 'done')
      .map((r) => `${r.object.kind}/${r.object.namespace}/${r.object.name}`);
    if (dryRun && writes.length) violations.push(`dry-run wrote ${writes.join(', ')}`);
    // A write the server refused threw before it was recorded: every recorded write took effect.
    for (const w of writes) if (!done.includes(w)) violations.push(`write without a done audit entry: ${w}`);
    for (const d of done) if (!writes.includes(d)) violations.push(`audit entry without a write: ${d}`);
    const count = (o: AuditEntry['outcome']) => repairs.filter((r) => r.outcome === o).length;
    return {
      seed,
      violations,
      outcome,
      faults,
      repairs: {
        done: count('done'),
        'dry-run': count('dry-run'),
        skipped: count('skipped'),
        failed: count('failed'),
      },
    };
  } finally {
    await cluster.stop();
  }
}
