import { classifyEnvironmentError } from './environment-error';

/**
 * The error codes every action may use: failures of the shared capabilities and generic ones.
 * Stable: scripts and dashboards match on them, so never rename one. Codes that belong to one
 * action are that action's own (its `src/errors.ts`, through `defineErrorCodes`).
 */
export const CORE_ERROR_CODES = [
  'INPUT_INVALID',
  'NOT_FOUND',
  'CHECK_FAILED',
  'FORGE_API',
  'FORGE_FORBIDDEN',
  'PROCESS_FAILED',
  'TIMEOUT',
  'NETWORK_ERROR',
  'HTTP_ERROR',
  'PUSH_FAILED',
  'INTERNAL',
  // Outbound calls (see http/outbound-error.ts): who could not be reached or what it answered.
  'FORGE_UNREACHABLE',
  'FORGE_AUTH',
  'RATE_LIMITED',
  'BAD_RESPONSE',
  // A file or folder the run needs is missing, unreadable or of the wrong kind.
  'FILE_ERROR',
  // A Prometheus query refused or failed (benchmark's fleet mode, arc-apply's doctor).
  'QUERY_FAILED',
] as const;

export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number];

/**
 * The codes actions add, each mapped to the action that owns it. Empty here: each action fills it
 * by declaration merging in its `src/errors.ts`, so the shared library names no action and a code
 * two actions claim for different owners fails to compile.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the actions through declaration merging
export interface ActionErrorCodes {}

export type ErrorCode = CoreErrorCode | keyof ActionErrorCodes;

/** An action's own error codes, as `defineErrorCodes` returns them. */
export interface ErrorCodeSet<C extends string = string> {
  owner: string;
  codes: readonly C[];
}

/**
 * Declares the codes one action adds to the core ones. Pair it with the `ActionErrorCodes`
 * augmentation (see any action's `src/errors.ts`); tests/error-codes.test.ts keeps codes unique
 * across actions and the stable ones from being renamed.
 */
export function defineErrorCodes<const C extends string>(
  owner: string,
  codes: readonly C[],
): ErrorCodeSet<C> {
  for (const code of codes) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(code))
      throw new Error(`${owner}: error code ${code} is not UPPER_SNAKE_CASE`);
    if ((CORE_ERROR_CODES as readonly string[]).includes(code))
      throw new Error(`${owner}: ${code} is a core error code already`);
  }
  if (new Set(codes).size !== codes.length) throw new Error(`${owner}: an error code is listed twice`);
  return Object.freeze({ owner, codes: Object.freeze([...codes]) });
}

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

/**
 * Turns any thrown value into a FlywheelError. What the environment caused (a network failure, a
 * file the system refused) is classified by `classifyEnvironmentError` even when no call site
 * mapped it; only what is left becomes INTERNAL, with the original as cause.
 */
export function toFlywheelError(error: unknown): FlywheelError {
  if (error instanceof FlywheelError) return error;
  const classified = classifyEnvironmentError(error);
  if (classified) {
    const { code, message, ...rest } = classified;
    return new FlywheelError(code, message, { ...rest, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new FlywheelError('INTERNAL', message, {
    cause: error,
    hint: 'this is a bug in GloriousFlywheel Actions; please report it with the log above',
  });
}
