import { FlywheelError, formatDuration } from '@gloriousflywheel/shared';
import type { PlatformScore } from './platform';

/**
 * The release gate: no platform KPI red in the newest window, and results no older than `maxAgeMs`.
 * A missing KPI does not fail it (missing is not red), but no results at all is stale data.
 */
export function assertGate(
  score: PlatformScore,
  newestAt: number | undefined,
  maxAgeMs: number,
  now: Date,
): void {
  if (newestAt === undefined || now.getTime() - newestAt > maxAgeMs) {
    const age =
      newestAt === undefined
        ? 'there are none'
        : `the newest is ${formatDuration(now.getTime() - newestAt)} old`;
    throw new FlywheelError(
      'DATA_STALE',
      `the scorecard gate needs results younger than ${formatDuration(maxAgeMs)}; ${age}`,
      {
        hint: 'run the benchmark and fleet workflows (or download their newest artifacts) before tagging a release',
        details: { newestAt: newestAt === undefined ? null : new Date(newestAt).toISOString() },
      },
    );
  }
  const red = score.kpis.filter((k) => k.status === 'fail');
  if (red.length) {
    throw new FlywheelError(
      'KPI_FAILED',
      `${red.length} platform KPI${red.length === 1 ? ' is' : 's are'} red: ${red.map((k) => `${k.kpi} ${k.actual?.toFixed(1)} ${k.unit} (target ${k.target})`).join('; ')}`,
      {
        hint: 'the scorecard summary shows each one with its trend; fix them or hold the release',
        details: { red: red.map((k) => k.id) },
      },
    );
  }
}
