import {
  FlywheelError,
  type OutboundFault,
  type OutboundService,
  outboundError,
  unreachableFaultOf,
} from '@gloriousflywheel/shared';

/** The HTTP status of a failed API call, when the server answered. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof FlywheelError) {
    const status = (error.details as { status?: unknown } | undefined)?.status;
    return typeof status === 'number' ? status : undefined;
  }
  // client-node's ApiException carries the status as `code`; a DOMException's numeric `code` (23
  // for a timeout) is no HTTP status.
  const e = error as { code?: unknown; name?: unknown } | undefined;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return undefined;
  return typeof e?.code === 'number' && e.code >= 100 && e.code <= 599 ? e.code : undefined;
}

/** Conflicts and server errors are worth a retry on a fresh read; anything else is not. */
export function isRetryable(error: unknown): boolean {
  const status = statusOf(error);
  if (status === undefined) return error instanceof FlywheelError && error.code === 'KUBE_UNREACHABLE';
  return status === 409 || status === 429 || status >= 500;
}

/** The API server as an outbound service: each fault of its calls has an arc-apply or core code. */
export function kubeService(server: string): OutboundService {
  return {
    name: 'the Kubernetes API server',
    url: server,
    codes: {
      unreachable: 'KUBE_UNREACHABLE',
      auth: 'KUBE_AUTH',
      forbidden: 'KUBE_FORBIDDEN',
      'not-found': 'NOT_FOUND',
      'rate-limited': 'RATE_LIMITED',
      server: 'HTTP_ERROR',
      'bad-response': 'BAD_RESPONSE',
      other: 'HTTP_ERROR',
    },
    hints: {
      unreachable: 'check the kubeconfig’s server address and that the cluster is reachable from this runner',
      auth: 'the kubeconfig’s credentials were rejected: renew the token or certificate',
      forbidden: 'grant the service account the verbs listed by the preflight check',
      'not-found': 'check the namespaces, and that the ARC CRDs (actions.github.com) are installed',
      'bad-response':
        'check the kubeconfig’s server address: it must be the API server, not a web page or a proxy',
    },
  };
}

/** What the server said, from a client-node ApiException's body. */
function reasonOf(error: unknown): string | undefined {
  const body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as { message?: unknown };
      if (typeof parsed.message === 'string') return parsed.message;
    } catch {
      return /^\s*</.test(body) ? 'it answered an HTML page' : body.slice(0, 200);
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

/** client-node could not read the answer: not JSON, or JSON cut off. */
function unreadableAnswer(error: unknown): string | undefined {
  const e = error as { name?: string; message?: string };
  if (e?.name === 'SyntaxError') return 'JSON that is cut off or malformed';
  if (e?.name === 'UnreadableAnswer')
    return 'a body that is not a Kubernetes object (an HTML page or a proxy’s text?)';
  if (/media ?type .* is not supported/i.test(e?.message ?? '')) return 'a body that is not JSON';
  return undefined;
}

/**
 * Maps a client-node failure onto a FlywheelError with a stable code, naming the server: no answer
 * is KUBE_UNREACHABLE, 401 KUBE_AUTH, 403 KUBE_FORBIDDEN, 409 KUBE_CONFLICT, an unreadable answer
 * BAD_RESPONSE.
 */
export function toKubeError(error: unknown, what: string, server = 'the cluster'): FlywheelError {
  if (error instanceof FlywheelError) return error;
  const status = statusOf(error);
  if (status === 409) {
    return new FlywheelError(
      'KUBE_CONFLICT',
      `${what}: conflict: ${reasonOf(error) ?? 'the object changed'}`,
      {
        details: { status },
      },
    );
  }
  const unreadable = unreadableAnswer(error);
  let fault: OutboundFault;
  if (unreadable) fault = { kind: 'bad-response', what: unreadable, status };
  else if (status === undefined) fault = unreachableFaultOf(error) ?? { kind: 'unreachable', cause: 'other' };
  else fault = { kind: 'status', status, detail: reasonOf(error) };
  return outboundError(kubeService(server), fault, what, error);
}
