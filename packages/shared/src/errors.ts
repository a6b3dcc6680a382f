/** Stable error codes: scripts and dashboards match on these, so never rename one. */
export const ERROR_CODES = [
  'INPUT_INVALID',
  'CACHE_UNREACHABLE',
  'KUBE_FORBIDDEN',
  'KUBE_UNREACHABLE',
  'KUBE_CONFLICT',
  'PLAN_GUARD_REJECTED',
  'PLAN_FAILED',
  'APPLY_FAILED',
  'PROOF_FAILED',
  'SELF_LANE',
  'DRAIN_TIMEOUT',
  'RESTORE_FAILED',
  'FORGE_API',
  'FORGE_FORBIDDEN',
  'NOT_FOUND',
  'PROCESS_FAILED',
  'TIMEOUT',
  'NETWORK_ERROR',
  'HTTP_ERROR',
  'CHECK_FAILED',
  'REGRESSION',
  'KPI_FAILED',
  'RESULT_INVALID',
  'PUSH_FAILED',
  'QUERY_FAILED',
  'DATA_STALE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FlywheelErrorOptions {
  /** What the person reading the message can do about it. */
  hint?: string;
  cause?: unknown;
  /** Machine-readable facts for the result file (never secrets). */
  details?: Record<string, unknown>;
}

/**
 * An expected failure: it carries a stable code and a message a person can act on, and is
 * reported without a stack trace. Anything else that is thrown is treated as a bug.
 */
export class FlywheelError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: FlywheelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlywheelError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }
}

export function isFlywheelError(error: unknown): error is FlywheelError {
  return error instanceof FlywheelError;
}

/** The one-line text a user sees for a failure: `[CODE] message (hint: …)`. */
export function describeError(error: unknown): string {
  if (error instanceof FlywheelError) {
    return `[${error.code}] ${error.message}${error.hint ? ` — hint: ${error.hint}` : ''}`;
  }
  if (error instanceof Error) return `[INTERNAL] ${error.message}`;
  return `[INTERNAL] ${String(error)}`;
}

/** Turns any thrown value into a FlywheelError; unknown ones become INTERNAL with the original as cause. */
export function toFlywheelError(error: unknown): FlywheelError {
  if (error instanceof FlywheelError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new FlywheelError('INTERNAL', message, {
    cause: error,
    hint: 'this is a bug in GloriousFlywheel Actions; please report it with the log above',
  });
}
