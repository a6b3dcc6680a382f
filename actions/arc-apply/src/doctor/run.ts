import { FlywheelError } from '@gloriousflywheel/shared';
import type { PrometheusClient } from '@gloriousflywheel/shared/prometheus';
import type { EngineDeps } from '../engine/deps';
import { SEVERITY_ORDER, type Severity } from '../engine/drift-classify';
import { assertAccess, requiredAccess } from '../engine/preflight';
import type { Targets } from '../engine/targets';
import { statusOf } from '../kube/errors';
import { ALL_CHECKS } from './checks/index';
import { runCheck } from './finding';
import { readStaleAssigned } from './metrics';
import { runRepairs } from './repair';
import { buildReport, type DoctorReport, openFindings } from './report';
import { type DoctorSettings, readDoctorView } from './view';

export interface DoctorOptions {
  settings: Omit<DoctorSettings, 'now'>;
  targets: Targets | undefined;
  prometheus: PrometheusClient | undefined;
  fix: boolean;
  dryRun: boolean;
  by: string;
}

/**
 * One doctor pass: the read verbs are checked, the fleet is read once, every check judges the
 * same view, and with `fix` the planned repairs run (each re-checked against a fresh read).
 */
export async function runDoctor(deps: EngineDeps, options: DoctorOptions): Promise<DoctorReport> {
  const settings: DoctorSettings = { ...options.settings, now: deps.clock.now() };
  const view = await readDoctorView(deps, {
    settings,
    targets: options.targets,
    metrics: () => readStaleAssigned(options.prometheus, settings.stuckAfterMs, settings.now),
  }).catch(async (error: unknown) => {
    // A read pass changes nothing, so its verbs are not reviewed up front (that would double its
    // requests); when one is refused, every missing verb is named at once.
    if (statusOf(error) === 403) await assertAccess(deps.gw, requiredAccess(deps.ns, 'doctor'));
    throw error;
  });
  const checks = ALL_CHECKS.map((c) => runCheck(c, view));
  const findings = checks.flatMap((c) => c.findings);
  const repairs = options.fix
    ? await runRepairs(deps, view, findings, { dryRun: options.dryRun, by: options.by })
    : [];
  return buildReport(view, checks, repairs, { fix: options.fix, dryRun: options.dryRun });
}

/** Fails the run when a finding no repair took care of is at least `failOn`, after the report is out. */
export function assertHealthyBelow(report: DoctorReport, failOn: Severity | 'none'): void {
  if (failOn === 'none' || SEVERITY_ORDER[report.worst] < SEVERITY_ORDER[failOn]) return;
  const open = openFindings(
    report.checks.flatMap((c) => c.findings),
    report.repairs,
  ).filter((f) => SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[failOn]);
  const first = open
    .slice(0, 5)
    .map((f) => `${f.check}: ${f.scaleSet ?? f.objects[0]?.name ?? ''}: ${f.evidence}`);
  throw new FlywheelError(
    'CHECK_FAILED',
    `the fleet doctor found ${open.length} problem(s) at or above ${failOn}:\n${first.join('\n')}${open.length > 5 ? `\n…and ${open.length - 5} more` : ''}`,
    {
      hint: report.fix
        ? 'The rest need an operator: each finding says what to do (summary, result file).'
        : 'Each finding says what to do; run with fix: true to make the safe repairs.',
      details: { worst: report.worst, counts: report.counts },
    },
  );
}
