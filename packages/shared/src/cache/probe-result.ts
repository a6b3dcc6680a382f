import { FlywheelError } from '../errors';
import type { NetworkCause } from '../http/network-error';

/**
 * Why a cache could not be used, in a form canary-check and attic-setup both match on:
 * the network causes, the meaningful HTTP answers, and `http-<status>` for anything else.
 */
export type ProbeFailureCause =
  | NetworkCause
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'invalid-response'
  | `http-${number}`;

export interface ProbeFailure {
  cause: ProbeFailureCause;
  /** One sentence a person can act on (never contains a token). */
  message: string;
  status?: number;
}

export function causeFromStatus(status: number): ProbeFailureCause {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  return `http-${status}`;
}

/** Turns what httpRequest throws into a probe failure; anything unexpected is rethrown. */
export function failureFromError(error: unknown, what: string): ProbeFailure {
  if (error instanceof FlywheelError && error.code === 'NETWORK_ERROR') {
    const cause = (error.details?.['cause'] as NetworkCause | undefined) ?? 'other';
    return { cause, message: `${what}: ${error.message}` };
  }
  throw error;
}
