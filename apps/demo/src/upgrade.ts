import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { action as arcApply } from '@gloriousflywheel/arc-apply';
import { FlywheelError, runActionPhase, runProcess } from '@gloriousflywheel/shared';
import { referenceDir, referencePath } from '@gloriousflywheel/testkit';
import {
  DEMO_SCALE_SETS,
  demoFleet,
  fleetStatus,
  formatFleetStatus,
  type SimulatedCluster,
  watchJobsKilled,
} from '@gloriousflywheel/testkit/arc';
import { arcCrds, CRD_DIR, replaceArcCrdObjects } from '@gloriousflywheel/testkit/kube';
import { type RunnerSetVars, runnerSetsTfvars, tofuStandinPath } from '@gloriousflywheel/testkit/tofu';
import { arcApplyOnDemoCluster, type DemoIo } from './demo';
import { demoOptions } from './flags';
import { sleepReal, until } from './wait';

export const FROM = '0.13.1';
export const TO = '0.14.2';
const VERSION_LABEL = 'app.kubernetes.io/version';

/** The platform's lanes as its tfvars pin them: the demo fleet's caps, unchanged by the upgrade. */
const TARGETS: Record<string, RunnerSetVars> = Object.fromEntries(
  DEMO_SCALE_SETS.map((s) => [
    s.name,
    { min_runners: s.minRunners ?? 0, max_runners: s.maxRunners ?? 0, labels: s.labels ?? [s.name] },
  ]),
);

/** One scale set as it stands after a side's upgrade; undefined when it is gone. */
export interface SetAfter {
  version?: string;
  min: number;
  max: number | null;
  listener: boolean;
}

export interface SideOutcome {
  /** The controller version serving the fleet at the end. */
  controller: string;
  sets: Record<string, SetAfter | undefined>;
  /** Jobs whose runner was told to go while they ran. */
  killed: string[];
}

export interface UpgradeDemoResult {
  naive: SideOutcome;
  managed: SideOutcome & { exitCode: number; proven: Record<string, boolean> };
}

/**
 * A 0.13.1 fleet with the demo's jobs arriving, and a tofu working folder whose var files raise
 * `arc_controller_version` to 0.14.2, as the operator's PR does. When the 0.13.1 CRDs can be read
 * (the ARC mirror), the cluster gets them, so the upgrade has CRDs to replace.
 */
async function oldFleet(speed: number, crdsDir: string) {
  const cluster = await demoFleet({ speed, validateCrds: false, version: '0.13', patch: 1 });
  const killed = watchJobsKilled(cluster);
  const older = arcCrds(FROM);
  if ('crds' in older && cluster.store.raw) replaceArcCrdObjects(cluster.store.raw, older.crds);
  const workdir = mkdtempSync(join(tmpdir(), 'flywheel-demo-'));
  writeFileSync(
    join(workdir, 'runners.tfvars'),
    runnerSetsTfvars(TARGETS, 'extra_runner_sets', { arc_controller_version: TO }),
  );
  writeFileSync(
    join(workdir, 'tofu-standin.json'),
    JSON.stringify({
      namespace: cluster.runnersNamespace,
      controllerNamespace: cluster.controllerNamespace,
      crdsDir,
    }),
  );
  return { cluster, killed, workdir, oldCrds: 'crds' in older };
}

function sideOutcome(cluster: SimulatedCluster, killed: string[]): SideOutcome {
  const rows = new Map(fleetStatus(cluster).map((r) => [r.scaleSet, r]));
  const sets: Record<string, SetAfter | undefined> = {};
  for (const { name } of DEMO_SCALE_SETS) {
    const ars = cluster.store.get('AutoscalingRunnerSet', cluster.runnersNamespace, name);
    const row = rows.get(name);
    const version = ars?.metadata.labels?.[VERSION_LABEL];
    sets[name] =
      ars && !ars.metadata.deletionTimestamp && row
        ? {
            ...(version ? { version } : {}),
            min: row.minRunners,
            max: row.maxRunners,
            listener: row.listener,
          }
        : undefined;
  }
  return { controller: cluster.version, sets, killed: [...killed] };
}

/** Sets still being deleted (the controller's finalizers at work) or listeners still going. */
function deletionsPending(cluster: SimulatedCluster): boolean {
  return ['AutoscalingRunnerSet', 'AutoscalingListener', 'EphemeralRunnerSet'].some((kind) =>
    cluster.store.list(kind).some((o) => !!o.metadata.deletionTimestamp),
  );
}

/** `tofu plan -out` or `tofu apply` of that plan in the working folder, as an operator runs them. */
async function tofu(cluster: SimulatedCluster, workdir: string, args: string[], io: DemoIo): Promise<number> {
  io.stderr(`$ tofu ${args.join(' ')}\n`);
  const run = await runProcess(tofuStandinPath, args, {
    cwd: workdir,
    env: { ...io.env, KUBECONFIG: cluster.kubeconfigPath },
  });
  io.stderr(run.stdout + run.stderr);
  return run.exitCode;
}

/** Side A: "just apply the plan" — one plan bumps the controller release and relabels every set. */
async function naiveUpgrade(speed: number, crdsDir: string, io: DemoIo): Promise<SideOutcome> {
  io.stderr(
    `\n== A. The naive in-place upgrade: tofu apply of the version bump (fleet A, controller ${FROM})\n\n`,
  );
  const fleet = await oldFleet(speed, crdsDir);
  try {
    await sleepReal(2000);
    io.stderr(`Fleet A before:\n${formatFleetStatus(fleetStatus(fleet.cluster))}\n\n`);
    const planned = await tofu(
      fleet.cluster,
      fleet.workdir,
      ['plan', '-out=naive.tfplan', '-var-file=runners.tfvars'],
      io,
    );
    if (planned !== 0) {
      throw new FlywheelError('PROCESS_FAILED', `tofu plan exited with ${planned} in the naive upgrade`, {
        hint: 'its output is above',
      });
    }
    // The apply may itself fail: the old controller can delete a set it has not reached yet.
    const applied = await tofu(fleet.cluster, fleet.workdir, ['apply', '-input=false', 'naive.tfplan'], io);
    if (applied !== 0)
      io.stderr(`tofu apply exited with ${applied}: a set went while the plan was applied.\n`);
    // The Deployment rolls to the new image; the version gate of each controller acts meanwhile.
    const rolled = await until(() => fleet.cluster.version === TO, 60_000);
    await until(() => !deletionsPending(fleet.cluster), 30_000);
    io.stderr(
      rolled
        ? `\nThe controller rolled to ${TO}.\n`
        : `\nThe controller still runs ${fleet.cluster.version} after a minute.\n`,
    );
    const gate = fleet.cluster.sim.logs.filter((l) => l.includes('not allowed by controller'));
    for (const line of gate.slice(0, 3)) io.stderr(`  controller log: ${line}\n`);
    if (gate.length > 3) io.stderr(`  … ${gate.length - 3} more like it\n`);
    io.stderr(`Fleet A after:\n${formatFleetStatus(fleetStatus(fleet.cluster))}\n`);
    return sideOutcome(fleet.cluster, fleet.killed());
  } finally {
    await fleet.cluster.stop();
    rmSync(fleet.workdir, { recursive: true, force: true });
  }
}

/** Side B: arc-apply `mode: upgrade`, the managed procedure, on an identical fleet. */
async function managedUpgrade(
  speed: number,
  drainTimeout: string,
  crdsDir: string,
  io: DemoIo,
): Promise<UpgradeDemoResult['managed']> {
  io.stderr(`\n== B. arc-apply mode: upgrade (fleet B, controller ${FROM}, the same sets and jobs)\n\n`);
  const fleet = await oldFleet(speed, crdsDir);
  try {
    await sleepReal(2000);
    io.stderr(`Fleet B before:\n${formatFleetStatus(fleetStatus(fleet.cluster))}\n\n`);
    if (!fleet.oldCrds) {
      io.stderr(
        `(The ${FROM} CRDs are not readable here: the fleet carries ${TO}'s, so none needs replacing.)\n\n`,
      );
    }
    const platform = arcApplyOnDemoCluster(fleet.cluster, fleet.workdir, io, {
      mode: 'upgrade',
      'scale-sets': Object.keys(TARGETS).join(','),
      'tofu-bin': tofuStandinPath,
      'working-directory': fleet.workdir,
      'var-files': 'runners.tfvars',
      'crds-dir': crdsDir,
      'drain-timeout': drainTimeout,
      grace: '2s',
      'poll-interval': '500ms',
      'prove-timeout': '2m',
      'removal-timeout': '2m',
      'controller-timeout': '2m',
    });
    const outcome = await runActionPhase(arcApply, 'main', { platform });
    io.stderr(`\nFleet B after:\n${formatFleetStatus(fleetStatus(fleet.cluster))}\n`);
    // The action's own proof, per set, from its result envelope (absent when it failed early).
    const data = 'data' in outcome.envelope ? outcome.envelope.data : undefined;
    const proof = (data as { proof?: { name: string; proven: boolean }[] } | undefined)?.proof ?? [];
    return {
      ...sideOutcome(fleet.cluster, fleet.killed()),
      exitCode: outcome.exitCode,
      proven: Object.fromEntries(proof.map((p) => [p.name, p.proven])),
    };
  } finally {
    await fleet.cluster.stop();
    rmSync(fleet.workdir, { recursive: true, force: true });
  }
}

/** The two sides per scale set, as a fixed-width text table. */
export function formatSideBySide(r: UpgradeDemoResult): string {
  const caps = (s: SetAfter) => `${s.min}/${s.max ?? '∞'}`;
  const header = ['scale set', 'naive: after', 'managed: version', 'caps', 'proven'];
  const body = DEMO_SCALE_SETS.map(({ name }) => {
    const n = r.naive.sets[name];
    const m = r.managed.sets[name];
    return [
      name,
      n ? `kept ${n.version ?? '?'}` : 'DELETED',
      m ? (m.version ?? '?') : 'missing',
      m ? caps(m) : '-',
      r.managed.proven[name] ? 'yes' : 'no',
    ];
  });
  const totals = [
    ['controller', r.naive.controller, r.managed.controller, '', ''],
    ['jobs interrupted', String(r.naive.killed.length), String(r.managed.killed.length), '', ''],
  ];
  const rows = [header, ...body, ...totals];
  const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line), '', ...totals.map(line)].join('\n');
}

/** Did the managed side do what it promises: every set back at the target, proven, no job killed? */
export function managedSucceeded(r: UpgradeDemoResult): boolean {
  const m = r.managed;
  return (
    m.exitCode === 0 &&
    m.controller === TO &&
    m.killed.length === 0 &&
    DEMO_SCALE_SETS.every(({ name }) => m.sets[name]?.version === TO && m.proven[name] === true)
  );
}

/** ARC's four kinds, as the controller chart's crds/ folder names them. */
const ARC_KINDS = ['AutoscalingListener', 'AutoscalingRunnerSet', 'EphemeralRunner', 'EphemeralRunnerSet'];

/**
 * Where the reference copy of the 0.14.2 chart's CRDs is not beside the checkout (an installed
 * CLI): CRDs with ARC's names, group and version and an open schema, written to a temp folder and
 * said so. The simulated fleets validate nothing against them; the upgrade installs them as it
 * would the chart's.
 */
function openSchemaCrds(io: DemoIo): string {
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-demo-crds-'));
  for (const kind of ARC_KINDS) {
    const plural = `${kind.toLowerCase()}s`;
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${plural}.actions.github.com` },
      spec: {
        group: 'actions.github.com',
        names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            subresources: { status: {} },
          },
        ],
      },
    };
    writeFileSync(join(dir, `actions.github.com_${plural}.yaml`), JSON.stringify(crd, null, 2));
  }
  io.stderr(
    `(${join(referenceDir(), CRD_DIR)} is not here: the demo's ${TO} chart carries CRDs with ARC's names and version and an open schema, in ${dir})\n`,
  );
  return dir;
}

/** Both sides, printed as they go; the comparison is returned (the tests read it). */
export async function upgradeDemo(
  args: string[],
  flags: Record<string, string>,
  io: DemoIo,
): Promise<UpgradeDemoResult> {
  const { speed, drainTimeout } = demoOptions(args, flags);
  const reference = referencePath(CRD_DIR);
  const crdsDir = reference ?? openSchemaCrds(io);
  try {
    io.stderr(
      `Two identical simulated ARC fleets at controller ${FROM} (${speed}× real time), jobs running, ` +
        `arc_controller_version raised to ${TO} in runners.tfvars.\n`,
    );
    const naive = await naiveUpgrade(speed, crdsDir, io);
    const managed = await managedUpgrade(speed, drainTimeout, crdsDir, io);
    return { naive, managed };
  } finally {
    if (!reference) rmSync(crdsDir, { recursive: true, force: true });
  }
}

/**
 * `flywheel demo --scenario upgrade`: ARC's controller from 0.13.1 to 0.14.2 on a fleet with jobs
 * running, twice — once by applying the plan (Helm cannot upgrade ARC in place: the version gate
 * deletes the sets), once by arc-apply's managed upgrade — and the two side by side. Exit 0 when
 * the managed side succeeded; the naive side's losses are the point.
 */
export async function runUpgradeDemo(
  args: string[],
  flags: Record<string, string>,
  io: DemoIo,
): Promise<number> {
  const result = await upgradeDemo(args, flags, io);
  io.stderr(`\n== Side by side: ${FROM} → ${TO}\n\n${formatSideBySide(result)}\n`);
  for (const k of result.naive.killed) io.stderr(`  naive: ${k}\n`);
  for (const k of result.managed.killed) io.stderr(`  managed: ${k}\n`);
  const ok = managedSucceeded(result);
  io.stderr(
    ok
      ? `\nThe managed upgrade kept every scale set, restored the caps and proved every listener at ${TO}, with no job interrupted.\n`
      : '\nThe managed upgrade did not finish proven with every job intact: see its log above.\n',
  );
  return ok ? 0 : 1;
}
