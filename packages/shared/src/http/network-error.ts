/** Why no (complete) HTTP answer came, in the words a warning should use. */
export type NetworkCause = 'dns' | 'refused' | 'timeout' | 'reset' | 'tls' | 'blocked-port' | 'other';

const CAUSE_TEXT: Record<NetworkCause, string> = {
  dns: 'the host name does not resolve (DNS)',
  refused: 'the connection was refused (nothing listens there)',
  timeout: 'the server did not answer in time',
  reset: 'the connection was dropped before the answer was complete',
  tls: 'the TLS handshake failed (certificate or protocol)',
  'blocked-port': 'the port is one HTTP clients refuse to use (fetch "bad port")',
  other: 'the request failed',
};

const CAUSE_HINT: Partial<Record<NetworkCause, string>> = {
  dns: 'check the host name in the URL, and the runner’s DNS',
  refused: 'check the port in the URL and that the service runs there',
  timeout:
    'check that the server is up and reachable from the runner (firewall, proxy), or raise the timeout',
  reset: 'a proxy or the server closed the connection early; retry, and check the server’s logs',
  tls: 'check the URL’s scheme (https:// to an http:// port fails), the certificate and the CA bundle',
  'blocked-port': 'use the service’s real port (fetch refuses ports such as 1, 22, 25, 6000)',
};

export function describeCause(cause: NetworkCause): string {
  return CAUSE_TEXT[cause];
}

/** What to do about a network cause, when there is something to say. */
export function causeHint(cause: NetworkCause): string | undefined {
  return CAUSE_HINT[cause];
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ESOCKETTIMEDOUT',
  'ECONNABORTED',
]);
const RESET_CODES = new Set([
  'ECONNRESET',
  'UND_ERR_SOCKET',
  'EPIPE',
  'UND_ERR_CLOSED',
  'UND_ERR_ABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
]);

/**
 * The network cause somewhere in an error's cause chain, or undefined when nothing in it is a
 * network failure (fetch and undici keep the useful code in `error.cause.code`; Octokit and
 * client-node wrap those once more).
 */
export function networkCauseOf(error: unknown): NetworkCause | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, name, message } = current as { code?: unknown; name?: string; message?: unknown };
    if (name === 'TimeoutError' || name === 'GitbeakerTimeoutError') return 'timeout';
    if (typeof code === 'string') {
      if (DNS_CODES.has(code)) return 'dns';
      if (code === 'ECONNREFUSED') return 'refused';
      if (TIMEOUT_CODES.has(code)) return 'timeout';
      if (RESET_CODES.has(code)) return 'reset';
      if (
        code.startsWith('ERR_TLS') ||
        code.includes('CERT') ||
        code.startsWith('ERR_SSL') ||
        code === 'EPROTO'
      )
        return 'tls';
    }
    if (typeof message === 'string') {
      // fetch refuses the ports of the Fetch standard's block list with a bare TypeError.
      if (message === 'bad port') return 'blocked-port';
      // undici: a body cut off mid-way ends the read with `terminated`.
      if (name === 'TypeError' && message === 'terminated') return 'reset';
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Classifies what fetch (undici) throws; `other` when the chain names no known cause. */
export function classifyNetworkError(error: unknown): NetworkCause {
  const seen = new Set<unknown>();
  for (let current: unknown = error; current && typeof current === 'object'; ) {
    if (seen.has(current)) break;
    seen.add(current);
    if ((current as { name?: string }).name === 'AbortError') return 'timeout';
    current = (current as { cause?: unknown }).cause;
  }
  return networkCauseOf(error) ?? 'other';
}

/** Whether fetch failed without any answer (`TypeError: fetch failed` and its kin). */
export function isFetchFailure(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === 'TypeError' && (e.message === 'fetch failed' || e.message === 'bad port');
}
