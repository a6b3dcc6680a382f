/** The KPI targets live in the shared library (arc-apply's planner reads the same file); the verdicts are ours. */
export {
  businessHoursBetween,
  DEFAULT_TARGETS,
  isPeak,
  type KpiTargets,
  loadTargets,
  type PipelineTier,
  pipelineTiers,
} from '@gloriousflywheel/shared/kpi';

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
