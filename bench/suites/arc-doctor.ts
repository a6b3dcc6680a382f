/**
 * The fleet doctor at fleet scale: 200 scale sets and 5,000 runners with 5 ms of latency on
 * every API request, made sick the ways ARC fleets get sick. Measured: requests per read-only
 * pass against the minimum the API allows, the pass's wall time, and a fix pass's requests per
 * repair.
 */
import { type DoctorOptions, runDoctor } from '@gloriousflywheel/arc-apply/doctor';
import type { EngineLog } from '@gloriousflywheel/arc-apply/engine';
import { KubeClientGateway, loadKubeConfig } from '@gloriousflywheel/arc-apply/kube';
import { buildFleet, CONTROLLER, fleetSizeFromEnv, RUNNERS } from '../arc-fleet';
import { makeFleetSick } from '../arc-sickness';
import { type BenchReport, round, target } from '../lib';

const LATENCY_MS = 5;
/** Reads any pass makes: 4 ARC lists, 2 pod lists, deployments, the snapshot list, 4 CRDs by name. */
const FIXED_READS = 12;

export async function run(): Promise<BenchReport> {
  const size = fleetSizeFromEnv();
  const t0 = performance.now();
  // Jobs outlast the sickness being staged, so the pass sees all 5,000 runners.
  const { cluster } = await buildFleet({ ...size, jobMs: 4 * 60 * 60_000 });
  const notes: string[] = [`fleet built in ${round((performance.now() - t0) / 1000, 1)} s`];
  try {
    const sick = await makeFleetSick(cluster);
    const quiet: EngineLog = {
      info: () => {},
      warning: (m) => notes.push(`warning: ${m}`),
      group: (_t, fn) => fn(),
    };
    const deps = {
      gw: new KubeClientGateway(loadKubeConfig(cluster.kubeconfig)),
      clock: { now: () => cluster.clock.now(), sleep: (ms: number) => cluster.clock.advance(ms) },
      log: quiet,
      ns: { runners: RUNNERS, controller: CONTROLLER },
      pollMs: 5000,
    };
    const options = (fix: boolean): DoctorOptions => ({
      settings: {
        graceMs: 60_000,
        stuckAfterMs: 15 * 60_000,
        idleAfterMs: 60 * 60_000,
        podAgeMs: 60 * 60_000,
      },
      targets: undefined,
      prometheus: undefined,
      fix,
      dryRun: false,
      by: 'bench',
    });
    cluster.server.inject({ latencyMs: LATENCY_MS });

    const before = cluster.server.log.length;
    const t1 = performance.now();
    const report = await runDoctor(deps, options(false));
    const passMs = performance.now() - t1;
    const requests = cluster.server.log.slice(before);
    const secretReads = requests.filter((r) => /\/secrets\//.test(r.path)).length;
    // The minimum: the fixed reads, plus one existence check per secret a sick listener needs
    // (a get: listing secrets would read every credential in the namespace).
    const minimum = FIXED_READS + secretReads;
    const ratio = requests.length / minimum;

    const beforeFix = cluster.server.log.length;
    const t2 = performance.now();
    const fixed = await runDoctor(deps, options(true));
    const fixMs = performance.now() - t2;
    const fixRequests = cluster.server.log.length - beforeFix;
    const done = fixed.repairs.filter((r) => r.outcome === 'done').length;

    const metrics: BenchReport['metrics'] = {
      scaleSets: report.fleet.scaleSets,
      runners: report.fleet.runners,
      pods: report.fleet.pods,
      latencyMs: LATENCY_MS,
      findings: report.checks.reduce((n, c) => n + c.findings.length, 0),
      'pass.requests': requests.length,
      'pass.minimumRequests': minimum,
      'pass.requestRatio': round(ratio, 3),
      'pass.wallMs': round(passMs, 0),
      'fix.repairsDone': done,
      'fix.requests': fixRequests,
      'fix.requestsPerRepair': done ? round((fixRequests - requests.length) / done, 2) : 0,
      'fix.wallMs': round(fixMs, 0),
    };
    notes.push(`staged: ${JSON.stringify(sick)}`);
    notes.push(
      `findings by check: ${JSON.stringify(Object.fromEntries(report.checks.map((c) => [c.id, c.findings.length])))}`,
    );
    notes.push(
      'a fix pass is a read pass plus, per repair, a re-read, the conditional change and a read of the result, and one access review per verb',
    );
    return {
      suite: 'arc-doctor',
      metrics,
      targets: [target('pass.requestRatio', round(ratio, 3), '<=', 1.1)],
      notes,
    };
  } finally {
    await cluster.stop();
  }
}
