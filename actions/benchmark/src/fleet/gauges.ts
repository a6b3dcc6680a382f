import { Gauge, type PrometheusContentType, Registry } from 'prom-client';
import { type PushOptions, pushToGateway } from '../pushgateway-push';
import type { ArcReading } from './arc-source';
import type { ForgeFleet } from './forge-fleet';

/** One series of the runner specification's gauges. */
export interface GaugeRow {
  /** The runner label (`runs-on`). */
  pool: string;
  /** The ARC scale set (`namespace/name`) when the row comes from its listener; empty from the forge. */
  scaleSet: string;
  source: 'arc' | 'forge';
  active: number;
  idle: number;
  queueDepth: number;
}

/**
 * The rows to publish: a scale set's listener is the truth for its label (jobs assigned to it, its
 * own runners); the forge fills in labels no listener was read for. `notes` names disagreements.
 */
export function gaugeRows(
  forge: ForgeFleet | undefined,
  arc: ArcReading | undefined,
): { rows: GaugeRow[]; notes: string[] } {
  const rows: GaugeRow[] = [];
  const notes: string[] = [];
  for (const s of arc?.scaleSets ?? []) {
    rows.push({
      pool: s.scaleSet,
      scaleSet: `${s.namespace}/${s.scaleSet}`,
      source: 'arc',
      active: s.busy,
      idle: s.idle,
      queueDepth: s.queueDepth,
    });
    if (s.suspectStale) {
      notes.push(
        `${s.namespace}/${s.scaleSet}: ${s.queueDepth} job(s) assigned and not running while ${s.idle} runner(s) sit idle — a stale assigned count (ARC #4397) looks like this; compare with the forge's queue`,
      );
    }
  }
  const covered = new Set(rows.map((r) => r.pool));
  for (const p of forge?.pools ?? []) {
    if (covered.has(p.pool)) {
      const arcQueue = rows.filter((r) => r.pool === p.pool).reduce((n, r) => n + r.queueDepth, 0);
      if (arcQueue !== p.queueDepth) {
        notes.push(
          `${p.pool}: the listener counts ${arcQueue} waiting, the forge ${p.queueDepth} queued (the listener's count is published)`,
        );
      }
      continue;
    }
    rows.push({
      pool: p.pool,
      scaleSet: '',
      source: 'forge',
      active: p.active,
      idle: p.idle,
      queueDepth: p.queueDepth,
    });
  }
  rows.sort((a, b) => a.pool.localeCompare(b.pool) || a.scaleSet.localeCompare(b.scaleSet));
  return { rows, notes };
}

/** The three gauges of the runner specification, labelled pool, scale_set and source. */
export function gaugeRegistry(
  rows: readonly GaugeRow[],
  contentType: PrometheusContentType | 'openmetrics',
): Registry {
  const registry = new Registry();
  if (contentType === 'openmetrics') registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE as never);
  const labelNames = ['pool', 'scale_set', 'source'] as const;
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames, registers: [registry] });
  const active = gauge('runner_active', 'Runners executing jobs');
  const idle = gauge('runner_idle', 'Runners waiting for a job');
  const depth = gauge('queue_depth', 'Jobs waiting for a runner');
  for (const r of rows) {
    const labels = { pool: r.pool, scale_set: r.scaleSet, source: r.source };
    active.set(labels, r.active);
    idle.set(labels, r.idle);
    depth.set(labels, r.queueDepth);
  }
  return registry;
}

export function openMetricsText(rows: readonly GaugeRow[]): Promise<string> {
  return gaugeRegistry(rows, 'openmetrics').metrics();
}

/** Replaces this job's group on the Pushgateway with the current gauges (PUT). */
export async function pushGauges(
  rows: readonly GaugeRow[],
  gatewayUrl: string,
  jobName: string,
  options: PushOptions = {},
): Promise<void> {
  const registry = gaugeRegistry(rows, Registry.PROMETHEUS_CONTENT_TYPE);
  await pushToGateway(
    { contentType: registry.contentType, text: await registry.metrics() },
    gatewayUrl,
    jobName,
    'pushing the fleet gauges',
    options,
  );
}
