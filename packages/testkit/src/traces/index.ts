export { DAY_MS, dayKind, HOUR_MS, platformWarmPool, utcDate } from './calendar';
export { generateTrace, type TraceJob, type TraceOptions, type TraceScaleSet } from './generator';
export { historyLines } from './history-lines';
export { type BackfillOptions, type ListenerRun, listenerBackfill } from './listener-backfill';
export { burstWeight, type DayKind, meanBurstSize, type TraceShape } from './profile';
