/**
 * The core every action imports. Further capabilities live in their own subpath
 * (`@gloriousflywheel/shared/cache`, `/forge`, `/stats`, `/system`, `/report`).
 */
export {
  type ActionContext,
  type ActionModule,
  actionModule,
  type Logger,
  type OutputValue,
  type PhaseFunction,
  type StateStore,
} from './action-context';
export { Memo, mapLimit } from './concurrency';
export {
  describeError,
  ERROR_CODES,
  type ErrorCode,
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
export { type PhaseOutcome, type RunPhaseOptions, runActionPhase } from './run-action';
export * from './summary/index';
export { formatDuration, parseDuration } from './time/duration';
