import { join, resolve } from 'node:path';
import { FlywheelError } from '@gloriousflywheel/shared';
import { loadTargets as loadKpiTargets } from '@gloriousflywheel/shared/kpi';
import { targetSourceFrom } from '../engine/config';
import { parseSchedule } from '../engine/schedule';
import { DAY_MS, HOUR_MS, parseOverrides } from '../plan/calendar';
import type { History } from '../plan/history';
import { readHistoryFile } from '../plan/history-file';
import { type PlanFile, writePlanFile } from '../plan/plan-file';
import { plan } from '../plan/planner';
import { planText } from '../plan/report-text';
import { plannedSets } from '../plan/scope';
import { type Ctx, engineDeps, type Runtime } from '../runtime';
import { warmPoolPlanSummary } from '../summary';

export const main = (ctx: Ctx) => mainWith(ctx, {});

/** Plans warm pools from job history; writes the plan file `mode: warm-pool` applies, and the report. */
export async function mainWith(ctx: Ctx, rt: Runtime): Promise<PlanFile> {
  const i = ctx.inputs;
  const sets = await plannedSets(i['scale-sets'] ?? [], targetSourceFrom(i), () => engineDeps(ctx, rt));
  const kpi = loadKpiTargets(
    i['kpi-targets'] ? resolve(i['working-directory'], i['kpi-targets']) : undefined,
  );
  const overrides = parseOverrides(i['warm-pool-overrides'] ?? []);
  const history = await readHistory(ctx, sets);
  if (history.jobs.length === 0) {
    throw new FlywheelError('INPUT_INVALID', 'no job history for the sets in scope', {
      hint: 'give history-file (JSON lines), history-repositories or prometheus-url, with jobs of the sets in scope',
    });
  }
  const latest = history.jobs.reduce((m, j) => Math.max(m, j.createdAt), 0);
  const earliest = history.jobs.reduce((m, j) => Math.min(m, j.createdAt), latest);
  const to = Math.ceil((latest + 1) / HOUR_MS) * HOUR_MS;
  const from = Math.max(Math.floor(earliest / DAY_MS) * DAY_MS, to - i['history-days']);
  const currentLines = i['warm-pool-schedule'] ? parseSchedule(i['warm-pool-schedule']) : undefined;
  const planned = plan({
    sets: sets.map((s) => ({
      name: s.name,
      maxRunners: s.maxRunners,
      current: currentLines ?? s.minRunners,
    })),
    history: history.jobs.filter((j) => j.createdAt >= from && j.createdAt < to),
    window: { from, to },
    overrides,
    peak: { startHourUtc: kpi.peakStartHourUtc, endHourUtc: kpi.peakEndHourUtc, weekends: kpi.peakWeekends },
    targets: {
      quantile: i['wait-percentile'] / 100,
      offPeakMs: i['wait-target-off-peak'],
      peakMs: i['wait-target-peak'],
      confidence: i['warm-pool-confidence'] / 100,
    },
    changeCostMinutes: i['change-cost'],
    ...(i['warm-pool-budget'] !== undefined ? { budget: i['warm-pool-budget'] } : {}),
  });
  const file: PlanFile = {
    v: 1,
    kind: 'warm-pool-plan',
    generatedAt: new Date().toISOString(),
    history: {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      jobs: history.jobs.length,
      sources: history.sources,
    },
    ...planned,
  };
  const path = i['warm-pool-plan']
    ? resolve(i['working-directory'], i['warm-pool-plan'])
    : join(ctx.tempDir, 'warm-pool-plan.json');
  writePlanFile(path, file);
  ctx.setOutput('plan-file', path);
  for (const line of planText(file).split('\n')) ctx.log.info(line);
  for (const source of history.sources.filter((s) => !s.complete))
    ctx.log.warning(`history from ${source.where} is incomplete: ${source.note ?? 'cut short'}`);
  warmPoolPlanSummary(ctx.summary, file);
  return file;
}

async function readHistory(ctx: Ctx, sets: { name: string; labels: string[] }[]): Promise<History> {
  const i = ctx.inputs;
  const history: History = { jobs: [], sources: [] };
  if (i['history-file']) {
    const read = readHistoryFile(resolve(i['working-directory'], i['history-file']), sets);
    history.jobs.push(...read.jobs);
    history.sources.push(...read.sources);
  }
  const repos = i['history-repositories'] ?? [];
  if (repos.length > 0) {
    const forge = await import('@gloriousflywheel/shared/forge');
    const { readForgeHistory } = await import('../plan/history-forge');
    const kind = i.forge === 'auto' ? (ctx.context.platform === 'gitlab' ? 'gitlab' : 'github') : i.forge;
    const apiUrl = i['api-url'] || ctx.context.apiUrl;
    const source =
      kind === 'gitlab'
        ? new forge.GitLabSource(
            forge.createGitLabClient({ host: apiUrl.replace(/\/api\/v4\/?$/, ''), token: i.token }),
          )
        : new forge.GitHubSource(forge.createGitHubClient({ token: i.token ?? '', baseUrl: apiUrl }));
    const until = new Date();
    const read = await readForgeHistory(
      source,
      repos,
      { since: new Date(until.getTime() - i['history-days']), until },
      i['history-max-requests'],
      sets,
    );
    history.jobs.push(...read.jobs);
    history.sources.push(...read.sources);
  }
  if (i['prometheus-url']) {
    // Per-job records beat jobs rebuilt from aggregates: the metrics serve only the sets left bare.
    const covered = new Set(history.jobs.map((j) => j.scaleSet));
    const bare = sets.filter((s) => !covered.has(s.name));
    if (bare.length > 0) {
      const { PrometheusClient } = await import('@gloriousflywheel/shared/prometheus');
      const { readPrometheusHistory } = await import('../plan/history-prometheus');
      const client = new PrometheusClient(
        i['prometheus-url'].toString(),
        i['prometheus-token'] ? { token: i['prometheus-token'] } : {},
      );
      const until = new Date();
      const read = await readPrometheusHistory(client, i['prometheus-url'].toString(), bare, {
        since: new Date(until.getTime() - i['history-days']),
        until,
      });
      history.jobs.push(...read.jobs);
      history.sources.push(...read.sources);
    }
  }
  if (history.sources.length === 0) {
    throw new FlywheelError(
      'INPUT_INVALID',
      'mode warm-pool-plan needs history-file, history-repositories or prometheus-url',
      {
        hint: "give a JSON-lines history, repositories to read from the forge, or the Prometheus that scrapes the ARC listeners' metrics",
      },
    );
  }
  return history;
}
