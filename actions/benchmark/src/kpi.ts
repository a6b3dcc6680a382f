import { readFileSync } from 'node:fs';
import { FlywheelError } from '@gloriousflywheel/shared';
import { parse as parseYaml } from 'yaml';

/** The platform's promised numbers (its KPI table); a `kpi-targets` file overrides any of them. */
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

export type KpiStatus = 'pass' | 'fail' | 'missing';

export interface KpiVerdict {
  kpi: string;
  /** The target in words, e.g. `< 60 s`. */
  target: string;
  actual: number | null;
  unit: string;
  status: KpiStatus;
  /** How many values the actual figure rests on. */
  n: number;
}

/** Missing data is `missing`, never `pass`. */
export function verdict(
  kpi: string,
  actual: number | null,
  n: number,
  unit: string,
  check: { lt?: number; gt?: number; between?: [number, number] },
): KpiVerdict {
  const target =
    check.lt !== undefined
      ? `< ${check.lt} ${unit}`
      : check.gt !== undefined
        ? `> ${check.gt} ${unit}`
        : `${check.between![0]}–${check.between![1]} ${unit}`;
  if (actual === null || n === 0 || !Number.isFinite(actual))
    return { kpi, target, actual: null, unit, status: 'missing', n };
  const ok =
    check.lt !== undefined
      ? actual < check.lt
      : check.gt !== undefined
        ? actual > check.gt
        : actual >= check.between![0] && actual <= check.between![1];
  return { kpi, target, actual, unit, status: ok ? 'pass' : 'fail', n };
}
