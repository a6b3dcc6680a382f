export { type AuditReport, capacityAudit } from './audit';
export { type Clock, wallClock } from './clock';
export {
  type ApplyConfig,
  type ArcApplyInputs,
  configFrom,
  engineSettingsFrom,
  type FreezeMode,
  type OnDrainTimeout,
  type RunInfo,
  targetSourceFrom,
} from './config';
export type { EngineDeps, EngineLog } from './deps';
export { assertDriftBelow, type DriftReport, driftReport } from './drift';
export { type DriftItem, driftItems, type Severity } from './drift-classify';
export { type FleetView, listenerOf, readFleet, runnersOf } from './fleet';
export { frozenCaps } from './freeze-caps';
export { type GuardViolation, globToRegex, guardViolations } from './guard';
export { type PauseConfig, runPause } from './pause';
export { PAUSE_CONFIGMAP, readPauseRecord } from './pause-record';
export { newPauseReport, type PauseReport } from './pause-report';
export { type Phase, runPhases } from './phase-runner';
export { runApply } from './pipeline';
export { type PlanJson, parsePlanJson, type ResourceChange, scaleSetsOfChange } from './plan-json';
export { type AccessPurpose, requiredAccess } from './preflight';
export { classify } from './prove-classify';
export { selectReapCandidates, stillReapable } from './reap-select';
export { type ApplyReport, newReport } from './report';
export { type ResumeConfig, runResume } from './resume';
export { provenRollback, rollback } from './rollback';
export { minRunnersAt, parseSchedule } from './schedule';
export { labelIndex, resolveScope, selfScaleSet } from './scope';
export { type CapSnapshot, readSnapshot, SNAPSHOT_CONFIGMAP } from './snapshot';
export { loadTargets, type TargetSource, targetsFromFile, targetsFromTfvars } from './targets';
export { type WarmPoolReport, warmPool } from './warm-pool';
