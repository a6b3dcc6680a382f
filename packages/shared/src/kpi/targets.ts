import { readFileSync } from 'node:fs';
import { FlywheelError } from '../errors';
import { parse as parseYaml } from 'yaml';

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
  pipelineMinutes: number;
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
};

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

