import { FlywheelError } from '../errors';
import { describeNonJson } from '../http/body-kind';
import {
  flywheelErrorIn,
  type OutboundFault,
  type OutboundService,
  outboundError,
  unreachableFaultOf,
} from '../http/outbound-error';

/** The forge APIs as outbound services: every fault of theirs has a FORGE_* (or core) code. */
export function forgeService(forge: 'github' | 'gitlab', url: string | URL): OutboundService {
  return {
    name: forge === 'github' ? 'the GitHub API' : 'the GitLab API',
    url,
    codes: {
      unreachable: 'FORGE_UNREACHABLE',
      auth: 'FORGE_AUTH',
      forbidden: 'FORGE_FORBIDDEN',
      'not-found': 'NOT_FOUND',
      'rate-limited': 'RATE_LIMITED',
      server: 'FORGE_API',
      'bad-response': 'BAD_RESPONSE',
      other: 'FORGE_API',
    },
    hints: {
      auth: 'check that the token is set and has not expired',
      'not-found': 'check the name, and that the token can see it (private resources answer 404)',
      server: 'the forge API failed; retry later or check its status page',
      'bad-response':
        'check the API URL: it must be the API (e.g. https://api.github.com, https://gitlab.example.com/api/v4), not a web page or a proxy',
    },
  };
}

interface ClientError {
  status?: unknown;
  message?: unknown;
  request?: { url?: unknown };
  response?: { status?: unknown; data?: unknown; headers?: Record<string, unknown> };
  cause?: {
    request?: { url?: unknown };
    response?: { status?: unknown; headers?: unknown };
    description?: unknown;
  };
}

/** Status of an Octokit or gitbeaker request error, when the server answered. */
export function errorStatus(error: unknown): number | undefined {
  const e = error as ClientError | undefined;
  if (e instanceof FlywheelError) {
    const status = e.details?.['status'];
    return typeof status === 'number' ? status : undefined;
  }
  // Octokit reports a request that got no answer as status 500 without a response.
  if (typeof e?.status === 'number' && !(e.status === 500 && e.request && !e.response)) return e.status;
  const nested = e?.cause?.response?.status;
  return typeof nested === 'number' ? nested : undefined;
}

function requestUrl(error: ClientError | undefined): string | undefined {
  const url = error?.request?.url ?? error?.cause?.request?.url;
  return typeof url === 'string' ? url : undefined;
}

/** GitHub answers a spent rate limit with 403 and `x-ratelimit-remaining: 0`. */
function rateLimitSpent(error: ClientError | undefined): boolean {
  return String(error?.response?.headers?.['x-ratelimit-remaining'] ?? '') === '0';
}

/** What the forge said, minus an HTML page (said in words instead). */
function detailOf(error: ClientError | undefined, status: number): string | undefined {
  const data = error?.response?.data ?? error?.cause?.description;
  if (typeof data === 'string' && /^\s*</.test(data))
    return `it answered ${describeNonJson('text/html', data)}`;
  const message = typeof error?.message === 'string' ? error.message : undefined;
  if (!message || message === `HTTP ${status}`) return undefined;
  return message.split(' - ')[0];
}

/**
 * Turns a forge client error into a FlywheelError a person can act on: no answer at all is
 * FORGE_UNREACHABLE, 401 FORGE_AUTH, 403 FORGE_FORBIDDEN (or RATE_LIMITED when the limit is
 * spent), 404 NOT_FOUND, 429 RATE_LIMITED, 5xx FORGE_API and a body that is not the API's
 * BAD_RESPONSE — each naming the host, never the token.
 */
export function toForgeError(error: unknown, what: string, permissionHint?: string): FlywheelError {
  const inner = flywheelErrorIn(error);
  if (inner) {
    if (error === inner && inner.message.startsWith(`${what}: `)) return inner;
    return new FlywheelError(inner.code, `${what}: ${inner.message}`, {
      ...(inner.hint ? { hint: inner.hint } : {}),
      ...(inner.details ? { details: inner.details } : {}),
      cause: error,
    });
  }
  const e = error as ClientError | undefined;
  const url = requestUrl(e);
  const forge = url && /\/api\/v4(\/|$)/.test(url) ? 'gitlab' : 'github';
  const service = forgeService(
    forge,
    url ?? (forge === 'github' ? 'https://api.github.com' : 'https://gitlab.com'),
  );
  const status = errorStatus(error);
  let fault: OutboundFault;
  if (status === undefined) {
    fault = unreachableFaultOf(error) ?? { kind: 'unreachable', cause: 'other' };
  } else if (status === 403 && rateLimitSpent(e)) {
    fault = { kind: 'status', status: 429, detail: 'the API rate limit is spent (403)' };
  } else {
    fault = { kind: 'status', status, detail: detailOf(e, status) };
  }
  const mapped = outboundError(
    status === 403 && permissionHint && fault.kind === 'status' && fault.status === 403
      ? { ...service, hints: { ...service.hints, forbidden: permissionHint } }
      : service,
    fault,
    what,
    error,
  );
  return mapped;
}
