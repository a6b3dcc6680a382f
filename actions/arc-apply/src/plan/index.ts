/** The warm-pool planner, for applications that plan and replay (the CLI demo, the benchmarks). */

export { parseSchedule } from '../engine/schedule';
export { type ArcTimings, DEFAULT_ARC_TIMINGS, runArcModel } from './arc-model';
export { HOUR_MS, isPeakSlot, type PeakHours, parseOverrides, SLOTS, WEEK_MS, weekStart } from './calendar';
export { valuesOfSchedule, weekLines } from './cron-lines';
export { cheapestFixedWindow, describeWindow, type FixedWindow, windowValues } from './fixed-window';
export { hindsightWeek } from './hindsight-week';
export type { HistoryJob } from './history';
export { meetsTargets, type Targets, weeksMeeting } from './optimize';
export { readPlanFile } from './plan-file';
export { type CurvePoint, type Figures, figuresOf, type Plan, plan, type SetPlan } from './planner';
export { curvePlot, FIGURE_HEADERS, figureRow, planText } from './report-text';
export { changesFor, type Evaluation, evaluate, type WeekValues } from './slot-stats';
export { targetsByHour, traceEvaluation } from './trace-evaluation';
