import { join } from 'node:path';
import { PrometheusClient } from '@gloriousflywheel/shared/prometheus';
import { writeJUnit } from '@gloriousflywheel/shared/report';
import { type DoctorReport, doctorJUnit } from '../doctor/report';
import { assertHealthyBelow, runDoctor } from '../doctor/run';
import { annotateFindings, doctorSummary } from '../doctor/summary';
import { targetSourceFrom } from '../engine/config';
import { checkTargetSource } from '../engine/source-files';
import { loadTargets } from '../engine/targets';
import { type Ctx, engineDeps, type Runtime, runInfo } from '../runtime';

export const main = (ctx: Ctx) => mainWith(ctx, {});

/** Who asked for the repairs, for the audit trail: the CI actor, and the run. */
function actor(ctx: Ctx): string {
  const who =
    process.env['GITHUB_ACTOR'] || process.env['GITLAB_USER_LOGIN'] || process.env['USER'] || 'unknown';
  return `${who} (${runInfo(ctx).runId})`;
}

/** The fleet doctor: one read-only pass, then with `fix: true` the safe repairs, each audited. */
export async function mainWith(ctx: Ctx, rt: Runtime): Promise<DoctorReport> {
  const i = ctx.inputs;
  const source = targetSourceFrom(i);
  const hasSource = !!source.targetsFile || source.varFiles.length > 0;
  if (hasSource) checkTargetSource(source, { tofuRuns: false });
  const deps = engineDeps(ctx, rt);
  const report = await runDoctor(deps, {
    settings: {
      graceMs: i.grace,
      stuckAfterMs: i['stuck-after'],
      idleAfterMs: i['idle-after'],
      podAgeMs: i['completed-pod-age'],
    },
    targets: hasSource ? await loadTargets(source) : undefined,
    prometheus: i['prometheus-url']
      ? new PrometheusClient(
          i['prometheus-url'].toString(),
          i['prometheus-token'] ? { token: i['prometheus-token'] } : {},
        )
      : undefined,
    fix: i.fix,
    dryRun: i['dry-run'],
    by: actor(ctx),
  });
  // GitLab collects reports from its report folder (artifacts:reports:junit); elsewhere the temp dir.
  const junitFile = writeJUnit(
    i['junit-file'] || join(ctx.platform.reportDir ?? ctx.tempDir, 'arc-doctor.junit.xml'),
    doctorJUnit(report),
    'arc-apply',
  );
  ctx.setOutput('junit-file', junitFile);
  ctx.setOutput('healthy', report.healthy);
  ctx.setOutput('doctor-worst', report.worst);
  ctx.setOutput('repaired', report.repairs.filter((r) => r.outcome === 'done').length);
  doctorSummary(ctx.summary, report);
  annotateFindings(ctx.log, report);
  assertHealthyBelow(report, i['fail-on']);
  return report;
}
