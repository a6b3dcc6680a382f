import type { FailedJobs } from './failed-rate';
import type { GaugeRow } from './gauges';
import type { LeadTime } from './lead-time';

export const FLEET_SCHEMA = 'gloriousflywheel/fleet-telemetry';
export const FLEET_VERSION = 1;

/**
 * One fleet-mode pass, kept as an immutable file: the gauges at `takenAt` and every KPI read over
 * the window before it. The scorecard reads these beside the benchmark results. A KPI that was not
 * read is `null` (missing), never 0.
 */
export interface FleetRecord {
  schema: typeof FLEET_SCHEMA;
  version: typeof FLEET_VERSION;
  id: string;
  takenAt: string;
  window: { since: string; until: string };
  scope: string;
  gauges: GaugeRow[];
  requests: { forge: number | null; prometheus: number };
  kpis: {
    uptimePct: number | null;
    cpuPct: number | null;
    failedJobs: FailedJobs | null;
    /** Forge queue waits of finished platform jobs, seconds. */
    queueWaits: { peak: number[]; offPeak: number[] } | null;
    /** ARC startup p95 per hour, seconds. */
    startup: { peak: number[]; offPeak: number[] } | null;
    coldStartSeconds: number[] | null;
    coldStartNixSeconds: number[] | null;
    pipelines: { tier: string; minutes: number[] }[] | null;
    leadTimes: LeadTime[] | null;
    /** Per scale set, the highest queue depth in the window. */
    queueDepthMax: { scaleSet: string; max: number }[] | null;
  };
  notes: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function isFleetRecord(v: unknown): v is FleetRecord {
  return (
    isObject(v) &&
    v['schema'] === FLEET_SCHEMA &&
    v['version'] === FLEET_VERSION &&
    typeof v['takenAt'] === 'string' &&
    !Number.isNaN(Date.parse(v['takenAt'])) &&
    isObject(v['kpis']) &&
    Array.isArray(v['gauges'])
  );
}

export function fleetRecordFileName(r: FleetRecord): string {
  return `${r.takenAt.replace(/[:.]/g, '-')}_fleet_${r.id}.json`;
}
