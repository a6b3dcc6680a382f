export { SUMMARY_LIMIT_BYTES, SummaryBuilder } from './builder';
export { escapeCell, escapeMermaid } from './escape';
export { type Gantt, type GanttTask, gantt, type XyChart, type XySeries, xyChart } from './mermaid';
