/**
 * The core every action imports. Further capabilities live in their own subpath
 * (`@gloriousflywheel/shared/cache`, `/forge`, `/stats`, `/system`, `/report`).
 */
export type {
  ActionContext,
  Logger,
  OutputValue,
  PhaseFunction,
  StateStore,
} from './action-context';
export {
  type ActionModule,
  defineActionModule,
  type ModeLoader,
  type ModeModule,
  type ModeName,
  modeOf,
} from './action-module';
export { scaleSetOfRunnerSet } from './arc-names';
export { arcVersionGateAllows } from './arc-version-gate';
export { Memo, mapLimit } from './concurrency';
export {
  type ActionErrorCodes,
  CORE_ERROR_CODES,
  type CoreErrorCode,
  defineErrorCodes,
  describeError,
  type ErrorCode,
  type ErrorCodeSet,
  FlywheelError,
  isFlywheelError,
  toFlywheelError,
} from './errors';
export { type ProcessResult, type RunProcessOptions, runProcess } from './exec';
export * from './http/index';
export * from './inputs/index';
export * from './platform/index';
export {
  type ErrorEnvelope,
  isErrorEnvelope,
  RESULT_SCHEMA_VERSION,
  type ResultEnvelope,
  type ResultMeta,
  resultFilePath,
  type SuccessEnvelope,
  writeResultFile,
} from './result';
export { type PhaseOutcome, type RunPhaseOptions, runActionPhase, runEntryPoint } from './run-action';
export * from './summary/index';
export { formatDuration, parseDuration } from './time/duration';
