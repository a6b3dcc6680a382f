import { join, resolve } from 'node:path';
import { type ActionContext, FlywheelError, writePrivateFile } from '@gloriousflywheel/shared';
import { type Clock, wallClock } from './engine/clock';
import type { EngineDeps } from './engine/deps';
import { runApply } from './engine/pipeline';
import { discoverController } from './engine/preflight';
import { newReport } from './engine/report';
import { rollback } from './engine/rollback';
import { parseSchedule } from './engine/schedule';
import { targetsFromFile, targetsFromTfvars } from './engine/targets';
import type { Definition } from './inputs';
import { KubeClientGateway, loadKubeConfig } from './kube/client-gateway';
import type { ClusterGateway } from './kube/gateway';
import { capacityAudit } from './modes/audit';
import { assertDriftBelow, driftReport } from './modes/drift';
import { warmPool } from './modes/warm-pool';
import { applySummary, auditSummary, driftSummary, warmPoolSummary } from './summary';

type Ctx = ActionContext<Definition>;

const FROZEN_STATE = 'arc-apply-frozen-run';

/** What the phases need beyond ctx; tests pass the simulator's clock and a gateway of their own. */
export interface Runtime {
  gateway?: ClusterGateway;
  clock?: Clock;
}

/** The cluster gateway from the kubeconfig; its credentials are masked as soon as they are read. */
function gatewayFor(ctx: Ctx): ClusterGateway {
  const kc = loadKubeConfig(ctx.inputs.kubeconfig);
  for (const user of kc.getUsers()) {
    for (const secret of [user.token, user.password, user.keyData, user.certData])
      if (secret) ctx.setSecret(secret);
  }
  return new KubeClientGateway(kc);
}

function deps(ctx: Ctx, rt: Runtime): EngineDeps {
  return {
    gw: rt.gateway ?? gatewayFor(ctx),
    clock: rt.clock ?? wallClock,
    log: ctx.log,
    ns: { runners: ctx.inputs['runners-namespace'], controller: ctx.inputs['controller-namespace'] },
    pollMs: ctx.inputs['poll-interval'],
  };
}

/** List inputs parse to string arrays; the shared list builder's item type does not narrow (reported). */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/**
 * tofu must change the cluster the pipeline froze: when the kubeconfig comes from the input, tofu
 * gets it as KUBECONFIG too (inline content is written to a 0600 file first).
 */
function tofuEnv(ctx: Ctx): NodeJS.ProcessEnv {
  const value = ctx.inputs.kubeconfig?.trim();
  if (!value) return {};
  if (!value.includes('\n') && !value.startsWith('apiVersion')) return { KUBECONFIG: resolve(value) };
  const file = join(ctx.tempDir, 'kubeconfig');
  writePrivateFile(file, value);
  return { KUBECONFIG: file };
}

function runIdOf(ctx: Ctx): string {
  return (
    [ctx.context.repository, ctx.context.runId, ctx.context.jobId].filter(Boolean).join('#') ||
    `local-${process.pid}`
  );
}

async function loadTargets(ctx: Ctx) {
  const i = ctx.inputs;
  const wd = i['working-directory'];
  if (i['targets-file']) return targetsFromFile(join(wd, i['targets-file']));
  return targetsFromTfvars(
    strings(i['var-files']).map((f) => join(wd, f)),
    i['targets-variable'] || undefined,
  );
}

export async function main(ctx: Ctx, rt: Runtime = {}): Promise<unknown> {
  const d = deps(ctx, rt);
  const i = ctx.inputs;
  switch (i.mode) {
    case 'apply': {
      const report = newReport(i['dry-run']);
      try {
        await runApply(
          d,
          {
            ns: d.ns,
            scaleSets: strings(i['scale-sets']),
            freezeMode: i['freeze-mode'],
            drainTimeoutMs: i['drain-timeout'],
            onDrainTimeout: i['on-drain-timeout'],
            progressEveryMs: 30_000,
            tofu: {
              bin: i['tofu-bin'],
              workingDirectory: i['working-directory'],
              varFiles: strings(i['var-files']),
              env: tofuEnv(ctx),
            },
            ...(i['targets-file'] ? { targetsFile: i['targets-file'] } : {}),
            ...(i['targets-variable'] ? { targetsVariable: i['targets-variable'] } : {}),
            protect: strings(i.protect),
            allow: strings(i['allow-addresses']),
            graceMs: i.grace,
            proveTimeoutMs: i['prove-timeout'],
            stableForMs: Math.min(i.grace, 30_000),
            settleTimeoutMs: i['settle-timeout'],
            podMaxAgeMs: i['completed-pod-age'],
            listenerGoneTimeoutMs: 60_000,
            dryRun: i['dry-run'],
            runId: runIdOf(ctx),
            ...(ctx.context.runnerName ? { runnerName: ctx.context.runnerName } : {}),
            workDir: ctx.tempDir,
          },
          report,
          { onSnapshot: (s) => ctx.state.save(FROZEN_STATE, s.runId) },
        );
        return report;
      } finally {
        const restored = [...report.restored, ...(report.rollback?.restored ?? [])].map((r) => r.name);
        ctx.setOutput('restored', [...new Set(restored)].join(','));
        ctx.setOutput('frozen-sets', report.frozenSets.join(','));
        ctx.setOutput('reaped-runners', report.reap?.reaped.length ?? 0);
        ctx.setOutput('proven', report.outcome === 'succeeded');
        // A run that rolled back cleanly leaves nothing for the post phase.
        if (report.outcome === 'succeeded' || (report.rollback && !report.rollback.error))
          ctx.state.save(FROZEN_STATE, '');
        applySummary(ctx.summary, report);
      }
    }
    case 'restore': {
      const result = await rollback(d, {});
      if (result.source === 'none') ctx.log.info('no cap snapshot in the cluster: nothing to restore');
      ctx.setOutput('restored', result.restored.map((r) => r.name).join(','));
      ctx.summary.heading('ARC caps restored from snapshot');
      ctx.summary.table(
        ['scale set', 'caps', 'outcome'],
        result.restored.map((r) => [r.key, `${r.caps.minRunners}/${r.caps.maxRunners ?? '∞'}`, r.outcome]),
      );
      return result;
    }
    case 'drift': {
      const controller = await discoverController(d.gw, d.ns);
      const report = await driftReport(d, await loadTargets(ctx), controller.version);
      ctx.setOutput('drift-worst', report.worst);
      driftSummary(ctx.summary, report);
      assertDriftBelow(report, i['fail-on']);
      return report;
    }
    case 'audit': {
      const controller = await discoverController(d.gw, d.ns);
      const report = await capacityAudit(d, controller.version);
      auditSummary(ctx.summary, report);
      return report;
    }
    case 'warm-pool': {
      const schedule = parseSchedule(i['warm-pool-schedule']);
      if (schedule.length === 0)
        throw new FlywheelError('INPUT_INVALID', 'mode warm-pool needs warm-pool-schedule');
      if (strings(i['scale-sets']).length === 0)
        throw new FlywheelError('INPUT_INVALID', 'mode warm-pool needs scale-sets');
      const report = await warmPool(d, strings(i['scale-sets']), schedule, i['dry-run']);
      warmPoolSummary(ctx.summary, report);
      return report;
    }
  }
}

/** Post (always()): if main froze caps and did not finish cleanly, roll back from the cluster's snapshot. */
export async function post(ctx: Ctx, rt: Runtime = {}): Promise<unknown> {
  if (ctx.inputs.mode !== 'apply' || ctx.inputs['dry-run']) return { rolledBack: false };
  const runId = ctx.state.load<string>(FROZEN_STATE);
  if (!runId) return { rolledBack: false };
  const result = await rollback(deps(ctx, rt), { onlyRunId: runId });
  if (result.restored.length > 0) {
    ctx.log.warning(
      `post: main did not finish; restored ${result.restored.length} scale set(s) from the cap snapshot`,
    );
    ctx.setOutput('restored', result.restored.map((r) => r.name).join(','));
    ctx.summary.heading('ARC apply post: caps rolled back');
    ctx.summary.table(
      ['scale set', 'caps', 'outcome'],
      result.restored.map((r) => [r.key, `${r.caps.minRunners}/${r.caps.maxRunners ?? '∞'}`, r.outcome]),
    );
  }
  return { rolledBack: result.restored.length > 0, ...result };
}
