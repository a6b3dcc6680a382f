/**
 * Small helpers shared by the benchmark suites. A suite measures ours against a baseline in the
 * same run and reports ratios, counts and bytes: absolute times drift on shared machines.
 */

export interface TargetCheck {
  metric: string;
  /** The comparison that must hold, e.g. `<=`. */
  op: '<=' | '>=' | '<' | '>';
  target: number;
  actual: number;
  met: boolean;
}

export interface BenchReport {
  suite: string;
  /** Measured values: ratios, request counts, bytes, and the raw medians they came from. */
  metrics: Record<string, number | string>;
  targets: TargetCheck[];
  notes: string[];
}

export function target(metric: string, actual: number, op: TargetCheck['op'], value: number): TargetCheck {
  const met =
    op === '<='
      ? actual <= value
      : op === '>='
        ? actual >= value
        : op === '<'
          ? actual < value
          : actual > value;
  return { metric, op, target: value, actual, met };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs fn `repeats` times after `warmup` runs and returns each duration in milliseconds. */
export async function timeRuns(fn: () => unknown, repeats: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

/**
 * Measures two functions interleaved (a, b, a, b, …) so that drift on the machine hits both alike,
 * and returns their medians and the ratio ours / baseline.
 */
export async function compare(
  ours: () => unknown,
  baseline: () => unknown,
  repeats: number,
): Promise<{ oursMs: number; baselineMs: number; ratio: number }> {
  await ours();
  await baseline();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < repeats; i++) {
    a.push(...(await timeRuns(ours, 1, 0)));
    b.push(...(await timeRuns(baseline, 1, 0)));
  }
  const oursMs = median(a);
  const baselineMs = median(b);
  return { oursMs, baselineMs, ratio: oursMs / baselineMs };
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
