import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { FlywheelError } from '../errors';

/**
 * A pipeline tier (`unit`, `full`): the runs it covers, matched by workflow (GitHub: the workflow's
 * name or file; GitLab: the pipeline's name or source) and/or by job name, as `*` globs,
 * case-insensitive. Tiers are tried in order; a run counts for the first that matches. With `jobs`,
 * the tier's duration is the span of the matching jobs (first created → last completed); otherwise
 * the whole run (created → last job completed).
 */
export interface PipelineTier {
  name: string;
  minutes: number;
  workflows?: string[];
  jobs?: string[];
}

/**
 * The platform's promised numbers (its KPI table); a `kpi-targets` file overrides any of them. Shared:
 * the benchmark scores against them, arc-apply's warm-pool planner takes its peak hours from them.
 */
export interface KpiTargets {
  queuePeakSeconds: number;
  queueOffPeakSeconds: number;
  /** When "peak" is, in UTC hours [start, end), on weekdays only unless `peakWeekends`. */
  peakStartHourUtc: number;
  peakEndHourUtc: number;
  peakWeekends: boolean;
  coldStartSeconds: number;
  coldStartNixSeconds: number;
  nixHitRatePct: number;
  bazelHitRatePct: number;
  failureRatePct: number;
  cpuMinPct: number;
  cpuMaxPct: number;
  /** The `unit` tier's target when `pipelineTiers` is not given. */
  pipelineMinutes: number;
  /** The `full` tier's target when `pipelineTiers` is not given. */
  pipelineFullMinutes: number;
  pipelineTiers: PipelineTier[];
  /** Runner fleet uptime: the share of time every scale set's listener ran. */
  uptimePct: number;
  /** Config change lead time, merge → proving apply, counted in business hours. */
  leadTimeHours: number;
  /** Business hours in UTC [start, end), weekdays: like the peak window, our assumption (the warm pool opens at 13:00 UTC); the platform names none. */
  businessStartHourUtc: number;
  businessEndHourUtc: number;
  /** Drift items present this long in a row are sustained (the KPI is 0 sustained). */
  driftSustainMinutes: number;
  /** The runner specification's alert: queue depth above this … */
  queueDepthMax: number;
  /** … for this long. */
  queueDepthForMinutes: number;
  /** Alerts other than the queue one fire after their condition held this long. */
  alertForMinutes: number;
}

/*
 * The peak window is our assumption (the platform names no hours): the warm pool is raised at
 * 13:00 UTC on weekdays, which is when its users' working day overlaps most.
 */
export const DEFAULT_TARGETS: KpiTargets = {
  queuePeakSeconds: 60,
  queueOffPeakSeconds: 15,
  peakStartHourUtc: 13,
  peakEndHourUtc: 22,
  peakWeekends: false,
  coldStartSeconds: 20,
  coldStartNixSeconds: 45,
  nixHitRatePct: 80,
  bazelHitRatePct: 70,
  failureRatePct: 2,
  cpuMinPct: 40,
  cpuMaxPct: 70,
  pipelineMinutes: 10,
  pipelineFullMinutes: 30,
  pipelineTiers: [],
  uptimePct: 99.5,
  leadTimeHours: 2,
  businessStartHourUtc: 13,
  businessEndHourUtc: 22,
  driftSustainMinutes: 60,
  queueDepthMax: 20,
  queueDepthForMinutes: 5,
  alertForMinutes: 15,
};

/**
 * The tiers in force: the file's, else `unit` (workflows or jobs whose name has "unit") and `full`
 * (every other run), with the two minute targets.
 */
export function pipelineTiers(t: KpiTargets): PipelineTier[] {
  if (t.pipelineTiers.length) return t.pipelineTiers;
  return [
    { name: 'unit', minutes: t.pipelineMinutes, workflows: ['*unit*'] },
    { name: 'full', minutes: t.pipelineFullMinutes, workflows: ['*'] },
  ];
}

function tiersProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'must be a list of tiers';
  for (const [i, tier] of value.entries()) {
    if (typeof tier !== 'object' || tier === null) return `tier ${i + 1} must be a mapping`;
    const t = tier as Record<string, unknown>;
    if (typeof t['name'] !== 'string' || !t['name']) return `tier ${i + 1} needs a \`name\``;
    if (typeof t['minutes'] !== 'number' || !(t['minutes'] > 0))
      return `tier ${t['name']} needs \`minutes\` > 0`;
    for (const key of ['workflows', 'jobs']) {
      const list = t[key];
      if (list !== undefined && (!Array.isArray(list) || list.some((x) => typeof x !== 'string')))
        return `tier ${t['name']}: \`${key}\` must be a list of names or globs`;
    }
    if (t['workflows'] === undefined && t['jobs'] === undefined)
      return `tier ${t['name']} needs \`workflows\` or \`jobs\``;
  }
  return undefined;
}

/** Reads a JSON or YAML file of overrides; unknown keys and non-numbers are refused by name. */
export function loadTargets(path: string | undefined): KpiTargets {
  if (!path) return { ...DEFAULT_TARGETS };
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new FlywheelError(
      'INPUT_INVALID',
      `kpi-targets ${path} cannot be read: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FlywheelError(
      'INPUT_INVALID',
      `kpi-targets ${path} must be a mapping of target names to numbers`,
    );
  }
  const out: KpiTargets = { ...DEFAULT_TARGETS };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in DEFAULT_TARGETS)) {
      throw new FlywheelError('INPUT_INVALID', `kpi-targets ${path}: unknown target \`${key}\``, {
        hint: `known targets: ${Object.keys(DEFAULT_TARGETS).join(', ')}`,
      });
    }
    if (key === 'pipelineTiers') {
      const problem = tiersProblem(value);
      if (problem) throw new FlywheelError('INPUT_INVALID', `kpi-targets ${path}: pipelineTiers ${problem}`);
      out.pipelineTiers = value as PipelineTier[];
      continue;
    }
    const expected = typeof DEFAULT_TARGETS[key as keyof KpiTargets];
    if (typeof value !== expected || (expected === 'number' && !Number.isFinite(value))) {
      throw new FlywheelError('INPUT_INVALID', `kpi-targets ${path}: \`${key}\` must be a ${expected}`);
    }
    (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}

export function isPeak(at: Date, t: KpiTargets): boolean {
  const day = at.getUTCDay();
  if (!t.peakWeekends && (day === 0 || day === 6)) return false;
  const hour = at.getUTCHours();
  return hour >= t.peakStartHourUtc && hour < t.peakEndHourUtc;
}

/** Hours of [from, to] inside business hours (weekdays, [start, end) UTC). */
export function businessHoursBetween(from: Date, to: Date, t: KpiTargets): number {
  let ms = 0;
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  for (; day.getTime() < to.getTime(); day.setUTCDate(day.getUTCDate() + 1)) {
    const dow = day.getUTCDay();
    if (dow === 0 || dow === 6) continue;
    const open = day.getTime() + t.businessStartHourUtc * 3_600_000;
    const close = day.getTime() + t.businessEndHourUtc * 3_600_000;
    ms += Math.max(0, Math.min(close, to.getTime()) - Math.max(open, from.getTime()));
  }
  return ms / 3_600_000;
}
