import { type ErrorCode, FlywheelError } from '../errors';
import { causeHint, describeCause, type NetworkCause, networkCauseOf } from './network-error';
import { hostOf } from './safe-url';

/** What went wrong with one outbound call, whatever the client that made it. */
export type OutboundFault =
  | { kind: 'unreachable'; cause: NetworkCause }
  | { kind: 'status'; status: number; detail?: string | undefined }
  | { kind: 'bad-response'; what: string; status?: number | undefined };

/** The kinds a service maps to its own codes and hints. */
export type OutboundFaultKind =
  | 'unreachable'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'server'
  | 'bad-response'
  | 'other';

/**
 * A service the actions call: how the user knows it, where it is, and the stable code of each kind
 * of fault. Core codes fill what a service leaves out, so every fault has a code that is not
 * INTERNAL.
 */
export interface OutboundService {
  /** As the user knows it: `the GitHub API`, `the Kubernetes API server`, `the Pushgateway`. */
  name: string;
  /** Its base URL (shown by host only, never with credentials). */
  url: string | URL;
  codes?: Partial<Record<OutboundFaultKind, ErrorCode>>;
  /** What to do, where the service knows better than the generic advice (which input to check). */
  hints?: Partial<Record<OutboundFaultKind, string>>;
}

const DEFAULT_CODES: Record<OutboundFaultKind, ErrorCode> = {
  unreachable: 'NETWORK_ERROR',
  auth: 'HTTP_ERROR',
  forbidden: 'HTTP_ERROR',
  'not-found': 'NOT_FOUND',
  'rate-limited': 'RATE_LIMITED',
  server: 'HTTP_ERROR',
  'bad-response': 'BAD_RESPONSE',
  other: 'HTTP_ERROR',
};

const DEFAULT_HINTS: Partial<Record<OutboundFaultKind, string>> = {
  auth: 'check that the credentials are set, valid and not expired',
  forbidden: 'grant the credentials the permission this call needs',
  'not-found': 'check the URL and the names in it',
  'rate-limited': 'wait for the limit to reset and re-run, or make fewer calls',
  server: 'the server failed: retry later, or check its status and logs',
  'bad-response': 'check that the URL points at the service’s API, not a web page, proxy or login portal',
};

export function faultKindOf(fault: OutboundFault): OutboundFaultKind {
  if (fault.kind === 'unreachable') return 'unreachable';
  if (fault.kind === 'bad-response') return 'bad-response';
  const { status } = fault;
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'other';
}

function describeFault(fault: OutboundFault): string {
  if (fault.kind === 'unreachable') return describeCause(fault.cause);
  if (fault.kind === 'bad-response')
    return `it answered ${fault.what}${fault.status ? ` (HTTP ${fault.status})` : ''} where JSON was expected`;
  const base = STATUS_TEXT[faultKindOf(fault)]?.(fault.status) ?? `HTTP ${fault.status}`;
  // The server's own words, unless they only repeat the status (`Not Found`).
  const said = fault.detail?.trim().slice(0, 200);
  return said && !base.toLowerCase().includes(said.toLowerCase()) ? `${base}: ${said}` : base;
}

const STATUS_TEXT: Partial<Record<OutboundFaultKind, (status: number) => string>> = {
  auth: () => 'the credentials were rejected (HTTP 401)',
  forbidden: () => 'the request was refused (HTTP 403)',
  'not-found': () => 'not found (HTTP 404)',
  'rate-limited': () => 'too many requests (HTTP 429)',
  server: (status) => `the server failed (HTTP ${status})`,
};

/**
 * The one FlywheelError for a failed outbound call: a stable code for its kind, a message naming
 * what was being done, the service and its host (never a credential) and the cause, and a fix.
 */
export function outboundError(
  service: OutboundService,
  fault: OutboundFault,
  what?: string,
  cause?: unknown,
): FlywheelError {
  const kind = faultKindOf(fault);
  const host = hostOf(service.url);
  const hint =
    service.hints?.[kind] ??
    (fault.kind === 'unreachable' ? causeHint(fault.cause) : undefined) ??
    DEFAULT_HINTS[kind];
  return new FlywheelError(
    service.codes?.[kind] ?? DEFAULT_CODES[kind],
    `${what ? `${what}: ` : ''}${service.name} at ${host}: ${describeFault(fault)}`,
    {
      ...(hint ? { hint } : {}),
      cause,
      details: {
        host,
        fault: kind,
        ...(fault.kind === 'unreachable' ? { cause: fault.cause } : {}),
        ...('status' in fault && fault.status !== undefined ? { status: fault.status } : {}),
      },
    },
  );
}

/** The fault a FlywheelError of an outbound call carries (from `outboundError` or `httpRequest`). */
export function faultOfFlywheelError(error: FlywheelError): OutboundFault | undefined {
  const d = error.details ?? {};
  if (error.code === 'NETWORK_ERROR' || d['fault'] === 'unreachable')
    return { kind: 'unreachable', cause: (d['cause'] as NetworkCause | undefined) ?? 'other' };
  if (error.code === 'BAD_RESPONSE' || d['fault'] === 'bad-response')
    return { kind: 'bad-response', what: String(d['what'] ?? 'a body that is not JSON') };
  if (typeof d['status'] === 'number') return { kind: 'status', status: d['status'] };
  return undefined;
}

/** The first FlywheelError in an error's cause chain (clients wrap what our fetch threw). */
export function flywheelErrorIn(error: unknown): FlywheelError | undefined {
  const seen = new Set<unknown>();
  for (let current: unknown = error; current && typeof current === 'object'; ) {
    if (seen.has(current)) return undefined;
    seen.add(current);
    if (current instanceof FlywheelError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A network fault anywhere in the chain, when there is no answer to speak of. */
export function unreachableFaultOf(error: unknown): OutboundFault | undefined {
  const cause = networkCauseOf(error);
  return cause ? { kind: 'unreachable', cause } : undefined;
}
