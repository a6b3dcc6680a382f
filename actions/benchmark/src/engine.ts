/**
 * The benchmark's capabilities without the CI platform, for applications that drive them directly
 * (bench/): measuring, sampling, reading history, scoring. The action itself goes through index.ts.
 */

export { type ForgeFleet, readForgeFleet } from './fleet/forge-fleet';
export { listResultFiles, readRecords } from './history';
export { DEFAULT_TARGETS, type KpiTargets } from './kpi';
export { calibrateShell, measureRun } from './measure';
export { type BenchmarkRecord, recordFileName } from './record';
export { ResourceSampler } from './sampler';
export { buildScorecard, type Scorecard } from './scorecard';
export { type PlatformScore, scorePlatform } from './scorecard/platform';
export { readScoredResults, type ScoredResults } from './scorecard/read-results';
export { renderScorecardSummary } from './summary';
