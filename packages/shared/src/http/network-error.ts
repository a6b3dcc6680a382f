/** Why no HTTP answer came, in the words a warning should use. */
export type NetworkCause = 'dns' | 'refused' | 'timeout' | 'reset' | 'tls' | 'other';

const CAUSE_TEXT: Record<NetworkCause, string> = {
  dns: 'the host name does not resolve (DNS)',
  refused: 'the connection was refused (nothing listens there)',
  timeout: 'the server did not answer in time',
  reset: 'the connection was dropped',
  tls: 'the TLS handshake failed (certificate or protocol)',
  other: 'the request failed',
};

export function describeCause(cause: NetworkCause): string {
  return CAUSE_TEXT[cause];
}

/** Classifies what fetch (undici) throws: the useful code sits in `error.cause.code`. */
export function classifyNetworkError(error: unknown): NetworkCause {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, name } = current as { code?: string; name?: string };
    if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
    if (code) {
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns';
      if (code === 'ECONNREFUSED') return 'refused';
      if (
        code === 'UND_ERR_CONNECT_TIMEOUT' ||
        code === 'ETIMEDOUT' ||
        code === 'UND_ERR_HEADERS_TIMEOUT' ||
        code === 'UND_ERR_BODY_TIMEOUT'
      )
        return 'timeout';
      if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED')
        return 'reset';
      if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL')) return 'tls';
    }
    current = (current as { cause?: unknown }).cause;
  }
  return 'other';
}
