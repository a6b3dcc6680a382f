import { escapeMermaid } from './escape';

export interface XySeries {
  name: string;
  values: number[];
}

export interface XyChart {
  title: string;
  xLabels: string[];
  yLabel?: string;
  series: XySeries[];
  /** `line` (default) or `bar`. */
  kind?: 'line' | 'bar';
}

/**
 * A Mermaid `xychart-beta` block. Mermaid does not label series in this chart type, so the series
 * names go into the title; values are rounded so the block stays small.
 */
export function xyChart(chart: XyChart): string {
  const all = chart.series.flatMap((s) => s.values).filter(Number.isFinite);
  const max = all.length ? Math.max(...all) : 1;
  const min = all.length ? Math.min(0, ...all) : 0;
  const names =
    chart.series.length > 1 ? ` (${chart.series.map((s) => escapeMermaid(s.name)).join(' / ')})` : '';
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "${escapeMermaid(chart.title)}${names}"`,
    `  x-axis [${chart.xLabels.map((l) => `"${escapeMermaid(l)}"`).join(', ')}]`,
    `  y-axis "${escapeMermaid(chart.yLabel ?? '')}" ${round(min)} --> ${round(max === min ? min + 1 : max)}`,
    ...chart.series.map(
      (s) =>
        `  ${chart.kind ?? 'line'} [${s.values.map((v) => round(Number.isFinite(v) ? v : 0)).join(', ')}]`,
    ),
    '```',
  ];
  return lines.join('\n');
}

export interface GanttTask {
  name: string;
  start: Date;
  end: Date;
  /** Mermaid task tags: `crit`, `done`, `active`, `milestone`. */
  tag?: 'crit' | 'done' | 'active' | 'milestone';
}

export interface Gantt {
  title: string;
  sections: { name: string; tasks: GanttTask[] }[];
}

/** A Mermaid `gantt` block with second precision (dateFormat X = Unix seconds). */
export function gantt(chart: Gantt): string {
  const lines = [
    '```mermaid',
    'gantt',
    `  title ${escapeMermaid(chart.title)}`,
    '  dateFormat X',
    '  axisFormat %H:%M:%S',
  ];
  let id = 0;
  for (const section of chart.sections) {
    lines.push(`  section ${escapeMermaid(section.name)}`);
    for (const task of section.tasks) {
      const start = Math.floor(task.start.getTime() / 1000);
      // A zero-length task is invisible; give it one second.
      const end = Math.max(start + 1, Math.ceil(task.end.getTime() / 1000));
      const tag = task.tag ? `${task.tag}, ` : '';
      lines.push(`  ${escapeMermaid(task.name) || 'task'} :${tag}t${id++}, ${start}, ${end}`);
    }
  }
  lines.push('```');
  return lines.join('\n');
}

function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}
