import type { Figures, Plan, SetPlan } from './planner';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const fmt = (x: number) => (Number.isFinite(x) ? String(x) : '∞');

export function figureRow(name: string, f: Figures): string[] {
  return [
    name,
    String(f.idleRunnerMinutes),
    String(f.coldStarts),
    String(f.changes),
    `${fmt(f.p50)} s`,
    `${fmt(f.p95)} s`,
    `${fmt(f.p95OffPeak)} s`,
    `${fmt(f.p95Peak)} s`,
    f.meets ? 'met' : 'missed',
    `${Math.round(f.confidence * 100)} %`,
  ];
}

export const FIGURE_HEADERS = [
  'schedule',
  'idle runner-min/week',
  'cold starts/week',
  'changes/week',
  'p50',
  'p95',
  'p95 off-peak',
  'p95 peak',
  'targets',
  'weeks met',
];

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')).join('\n');
}

/** The warm runners per day (rows) and hour (columns). */
export function weekGrid(week: readonly number[]): string {
  const head = `     ${Array.from({ length: 24 }, (_, h) => String(h).padStart(2)).join(' ')}`;
  const rows = DAYS.map(
    (d, i) =>
      `${d}  ${week
        .slice(i * 24, i * 24 + 24)
        .map((v) => String(v).padStart(2))
        .join(' ')}`,
  );
  return [head, ...rows].join('\n');
}

/** A text scatter of the trade-off curve: idle runner-minutes across, p95 wait up (o off-peak, x peak). */
export function curvePlot(set: SetPlan, width = 56, height = 12): string {
  const pts = set.curve.flatMap((c) => [
    { x: c.idleRunnerMinutes, y: c.p95OffPeak, ch: 'o' },
    { x: c.idleRunnerMinutes, y: c.p95Peak, ch: 'x' },
  ]);
  pts.push({ x: set.predicted.idleRunnerMinutes, y: set.predicted.p95, ch: 'P' });
  pts.push({ x: set.current.idleRunnerMinutes, y: set.current.p95, ch: 'C' });
  const finite = pts.filter((p) => Number.isFinite(p.y));
  const maxX = Math.max(1, ...finite.map((p) => p.x));
  const maxY = Math.max(1, ...finite.map((p) => p.y));
  const grid = Array.from({ length: height }, () => Array.from({ length: width }, () => ' '));
  for (const p of finite) {
    const col = Math.min(width - 1, Math.round((p.x / maxX) * (width - 1)));
    const row = height - 1 - Math.min(height - 1, Math.round((p.y / maxY) * (height - 1)));
    grid[row]![col] = p.ch;
  }
  const label = (r: number) => `${Math.round((maxY * (height - 1 - r)) / (height - 1))}`.padStart(5);
  const lines = grid.map((row, r) => `${r % 3 === 0 ? label(r) : '     '} |${row.join('')}`);
  lines.push(`      +${'-'.repeat(width)}`);
  lines.push(`       0${`${maxX} idle runner-min/week`.padStart(width - 1)}`);
  lines.push('       p95 wait (s): o off-peak, x peak; P the plan, C the current schedule (overall p95)');
  return lines.join('\n');
}

/** The plan for a terminal: per set the figures, the week of warm runners and the trade-off curve. */
export function planText(plan: Plan): string {
  const t = plan.targets;
  const out: string[] = [
    `Warm-pool plan for ${plan.horizon.from.slice(0, 10)} … ${plan.horizon.to.slice(0, 10)}: ` +
      `p${Math.round(t.quantile * 100)} queue wait ≤ ${t.offPeakMs / 1000} s off-peak, ≤ ${t.peakMs / 1000} s at peak ` +
      `(peak ${plan.peak.startHourUtc}:00–${plan.peak.endHourUtc}:00 UTC${plan.peak.weekends ? '' : ', weekdays'}); ` +
      `a minRunners change costs ${plan.changeCostMinutes} runner-min${plan.budget !== undefined ? `; at most ${plan.budget} warm runners at once` : ''}`,
  ];
  for (const set of plan.sets) {
    const d = set.demand;
    out.push(
      '',
      `${set.name}: max ${set.maxRunners}; ${d.jobsPerWeek} jobs/week, warm pickup ${d.pickupSeconds} s, cold start ${d.coldStartSecondsMedian} s (${d.coldStartSource})`,
      table([
        FIGURE_HEADERS,
        figureRow('plan', set.predicted),
        figureRow('current', set.current),
        figureRow('same idle as current', set.atCurrentIdle.figures),
      ]),
      '',
      'warm runners by hour (UTC):',
      weekGrid(set.week),
      ...set.dates.map((x) => `${x.date}: ${x.hours.join(' ')}`),
      '',
      'schedule:',
      ...set.schedule.map((l) => `  ${l}`),
      '',
      'trade-off curve:',
      curvePlot(set),
      ...set.notes.map((n) => `note: ${n}`),
    );
  }
  return out.join('\n');
}
