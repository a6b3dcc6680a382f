import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionContext, FlywheelError } from '@gloriousflywheel/shared';
import { toForgeError } from '@gloriousflywheel/shared/forge';
import { PrometheusClient } from '@gloriousflywheel/shared/prometheus';
import { applyHistory } from '../fleet/apply-results';
import { type ArcReading, readArcFromPrometheus, readArcFromUrls } from '../fleet/arc-source';
import { FLEET_SCHEMA, FLEET_VERSION, type FleetRecord, fleetRecordFileName } from '../fleet/fleet-record';
import { type ForgeFleet, readForgeFleet } from '../fleet/forge-fleet';
import { type CountedSource, forgeSource } from '../fleet/forge-source';
import { readFinishedRuns, readWindow } from '../fleet/forge-window';
import { gaugeRows, openMetricsText, pushGauges } from '../fleet/gauges';
import { leadTimes } from '../fleet/lead-time';
import { readPrometheusKpis } from '../fleet/prometheus-kpis';
import { listResultFiles } from '../history';
import type { BenchmarkDefinition } from '../inputs';
import { loadTargets, pipelineTiers } from '../kpi';
import { ensureOutputDir } from '../preflight';
import { reportDir } from '../report-dir';
import { writeText } from '../reports';
import { renderFleetSummary } from '../summary';

type Ctx = ActionContext<BenchmarkDefinition>;

function readJsonFiles(dir: string): unknown[] {
  return listResultFiles(dir).flatMap((file) => {
    try {
      return [JSON.parse(readFileSync(file, 'utf8'))];
    } catch {
      // A folder of downloaded artifacts holds other files too; only JSON envelopes count.
      return [];
    }
  });
}

/** Merge → proving apply for each change merged into the config repository in the window. */
async function readLeadTimes(
  ctx: Ctx,
  counted: CountedSource,
  since: Date,
  targets: ReturnType<typeof loadTargets>,
) {
  const i = ctx.inputs;
  const path = i['config-repository']!;
  const history = applyHistory(readJsonFiles(i['apply-results']!));
  try {
    const repo = await counted.source.repository(path);
    const branch = i['config-branch'] || repo.defaultBranch;
    const changes = await counted.source.mergedChanges(repo, { branch, since });
    const commits = await counted.source.branchCommits(repo, { branch, since });
    return {
      leadTimes: leadTimes(changes, commits, history.proofs, targets),
      unattributed: history.unattributed,
    };
  } catch (error) {
    throw toForgeError(
      error,
      `reading the merged changes of ${path}`,
      'the token needs `pull_requests: read` and `contents: read`',
    );
  }
}

/**
 * `fleet` mode: the runner gauges per label and scale set from their real sources — the ARC
 * listeners (scraped, or through Prometheus) and the forge at org scope — pushed to the Pushgateway,
 * and, over `window`, the platform KPIs: CPU, uptime, queue and startup times (Prometheus), failed
 * jobs and pipeline durations (the forge), config-change lead time (the forge and arc-apply results).
 * Every pass is kept as one fleet record the scorecard reads.
 */
export async function main(ctx: Ctx): Promise<unknown> {
  const i = ctx.inputs;
  const targets = loadTargets(i['kpi-targets']);
  // Where the reports and the fleet record go is checked before any call: a file there must not
  // cost a whole pass over the forge and Prometheus.
  const reports = reportDir(ctx);
  const resultsDir = ensureOutputDir('results-dir', i['results-dir'] || join(reports, 'results'));
  const now = new Date();
  const since = new Date(now.getTime() - i.window);
  const repositories = (i.repositories ?? []).map((r) => `${r.owner}/${r.repo}`);
  const listenerUrls = (i['listener-metrics-urls'] ?? []).map((u) => u.toString());
  const wantsForge = Boolean(i.org) || repositories.length > 0;
  if (!wantsForge && listenerUrls.length === 0 && !i['prometheus-url'] && !i['arc-namespace']) {
    throw new FlywheelError(
      'INPUT_INVALID',
      'fleet mode needs a source: `org` or `repositories` (the forge), `listener-metrics-urls`, `arc-namespace` or `prometheus-url` (ARC)',
    );
  }
  const prom = i['prometheus-url']
    ? new PrometheusClient(i['prometheus-url'].toString(), {
        ...(i['prometheus-token'] ? { token: i['prometheus-token'] } : {}),
        ...(i['prometheus-username'] ? { username: i['prometheus-username'] } : {}),
        ...(i['prometheus-password'] ? { password: i['prometheus-password'] } : {}),
      })
    : undefined;

  let counted: CountedSource | undefined;
  let forge: ForgeFleet | undefined;
  if (wantsForge) {
    counted = await forgeSource(ctx);
    forge = await readForgeFleet(
      counted.source,
      {
        ...(i.org ? { owner: i.org } : {}),
        repositories,
        runnerGroups: i['runner-groups'] ?? [],
        pools: i.pools ?? [],
      },
      now,
    );
  }
  const fleetRequests = counted?.requests() ?? null;
  let arc: ArcReading | undefined;
  if (listenerUrls.length) {
    arc = await readArcFromUrls(listenerUrls, i['controller-metrics-url']?.toString());
  } else if (i['arc-namespace']) {
    const { readArcFromKube } = await import('../fleet/arc-kube');
    arc = await readArcFromKube(i['arc-namespace'], i.kubeconfig);
  } else if (prom) {
    arc = await readArcFromPrometheus(prom, i['arc-selector'] ?? '');
  }
  const { rows, notes } = gaugeRows(forge, arc);
  for (const url of arc?.unreachable ?? [])
    notes.push(`listener endpoint ${url} did not answer: its scale set is missing`);

  const record: FleetRecord = {
    schema: FLEET_SCHEMA,
    version: FLEET_VERSION,
    id: `${ctx.context.runId ?? 'local'}-${ctx.context.jobId ?? process.pid}-${now.getTime().toString(36)}`,
    takenAt: now.toISOString(),
    window: { since: since.toISOString(), until: now.toISOString() },
    scope: forge?.scope ?? `ARC via ${arc?.source}`,
    gauges: rows,
    requests: { forge: fleetRequests, prometheus: 0 },
    kpis: {
      uptimePct: null,
      cpuPct: null,
      failedJobs: null,
      queueWaits: null,
      startup: null,
      coldStartSeconds: null,
      coldStartNixSeconds: null,
      pipelines: null,
      leadTimes: null,
      queueDepthMax: null,
    },
    notes,
  };
  if (prom) {
    const k = await readPrometheusKpis(
      prom,
      {
        cpu: i['cpu-query'],
        uptime: i['uptime-query'],
        queueDepth: `sum by (namespace, name) (gha_assigned_jobs${i['arc-selector'] ? `{${i['arc-selector']}}` : ''} - gha_running_jobs${i['arc-selector'] ? `{${i['arc-selector']}}` : ''})`,
        startup: i['startup-query'],
        coldStart: i['cold-start-query'],
        coldStartNix: i['cold-start-nix-query'],
      },
      { start: since, end: now },
      targets,
    );
    Object.assign(record.kpis, {
      cpuPct: k.cpuPct,
      uptimePct: k.uptimePct,
      startup: k.startup,
      coldStartSeconds: k.coldStartSeconds,
      coldStartNixSeconds: k.coldStartNixSeconds,
      queueDepthMax: k.queueDepth.map((q) => ({ scaleSet: q.scaleSet, max: q.max })),
    });
  }
  if (i['fleet-kpis'] && counted && forge) {
    const runs = await readFinishedRuns(counted.source, forge.repos, { since, maxRuns: i['max-runs'] });
    const pools = i.pools?.length ? i.pools : forge.pools.map((p) => p.pool);
    const w = readWindow(runs, pools, targets, pipelineTiers(targets));
    Object.assign(record.kpis, {
      failedJobs: w.failedJobs,
      queueWaits: w.queueWaits,
      pipelines: w.pipelines,
    });
  }
  if (i['config-repository'] && i['apply-results']) {
    counted ??= await forgeSource(ctx);
    const lead = await readLeadTimes(ctx, counted, since, targets);
    record.kpis.leadTimes = lead.leadTimes;
    if (lead.unattributed)
      notes.push(
        `${lead.unattributed} successful apply result(s) name no commit (meta.sha): they prove nothing`,
      );
  } else if (i['config-repository'] || i['apply-results']) {
    notes.push('the config-change lead time needs both `config-repository` and `apply-results`');
  }
  record.requests.prometheus = prom?.requests ?? 0;

  const metricsFile = writeText(join(reports, 'fleet.openmetrics.txt'), await openMetricsText(rows));
  const fleetFile = join(resultsDir, fleetRecordFileName(record));
  writeFileSync(fleetFile, `${JSON.stringify(record, null, 2)}\n`);
  ctx.setOutput('metrics-file', metricsFile);
  ctx.setOutput('fleet-file', fleetFile);
  if (i['pushgateway-url']) {
    await pushGauges(rows, i['pushgateway-url'].toString(), i['pushgateway-job'], {
      timeoutMs: i['api-timeout'],
      onRetry: (message) => ctx.log.info(message),
    });
    ctx.log.info(`Pushed ${rows.length} series per gauge to ${i['pushgateway-url'].origin}`);
  }
  for (const note of notes) ctx.log.warning(note);
  renderFleetSummary(ctx.summary, record, forge);
  return { metricsFile, fleetFile, gauges: rows, requests: record.requests, notes, kpis: summaryOf(record) };
}

/** The KPI figures without the raw samples, for the result envelope. */
function summaryOf(r: FleetRecord) {
  const k = r.kpis;
  return {
    uptimePct: k.uptimePct,
    cpuPct: k.cpuPct,
    failedJobs: k.failedJobs,
    pipelines: k.pipelines?.map((p) => ({ tier: p.tier, runs: p.minutes.length })) ?? null,
    leadTimes: k.leadTimes?.length ?? null,
  };
}
