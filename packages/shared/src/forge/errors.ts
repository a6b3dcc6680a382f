import { FlywheelError } from '../errors';

/** Status of an Octokit or gitbeaker request error, when the server answered. */
export function errorStatus(error: unknown): number | undefined {
  const e = error as { status?: unknown; cause?: { response?: { status?: unknown } } };
  if (typeof e?.status === 'number') return e.status;
  const nested = e?.cause?.response?.status;
  return typeof nested === 'number' ? nested : undefined;
}

/**
 * Turns a forge client error into a FlywheelError a person can act on: 401/403 mean the token
 * lacks a permission, 404 that the thing is absent or hidden from the token.
 */
export function toForgeError(error: unknown, what: string, permissionHint?: string): FlywheelError {
  if (error instanceof FlywheelError) return error;
  const status = errorStatus(error);
  const message = error instanceof Error ? error.message : String(error);
  const details = status === undefined ? {} : { status };
  if (status === 401) {
    return new FlywheelError('FORGE_FORBIDDEN', `${what}: the token was rejected (401)`, {
      hint: 'check that the token is set and has not expired',
      cause: error,
      details,
    });
  }
  if (status === 403) {
    return new FlywheelError('FORGE_FORBIDDEN', `${what}: forbidden (403): ${message}`, {
      hint: permissionHint ?? 'grant the token the permission this call needs',
      cause: error,
      details,
    });
  }
  if (status === 404) {
    return new FlywheelError('NOT_FOUND', `${what}: not found (404)`, {
      hint: 'check the name, and that the token can see it (private resources answer 404)',
      cause: error,
      details,
    });
  }
  return new FlywheelError('FORGE_API', `${what}: ${message}`, {
    hint: 'the forge API failed; retry later or check its status page',
    cause: error,
    details,
  });
}
