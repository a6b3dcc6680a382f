import { FlywheelError } from '../errors';
import { backoffDelay, parseRetryAfter, sleep } from './backoff';
import { describeNonJson, tryParseJson } from './body-kind';
import { causeHint, classifyNetworkError, describeCause, type NetworkCause } from './network-error';
import { safeUrl } from './safe-url';

export type RequestBody = string | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** A body, or a function making a fresh one per attempt (needed to retry a streamed body). */
  body?: RequestBody | (() => RequestBody);
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest Retry-After we are willing to wait; a longer one ends the retries. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Which answers are worth another try. Default: 408, 425, 429 and 5xx. */
  retryOn?: (status: number) => boolean;
  signal?: AbortSignal;
  /** Called before each retry, e.g. to log progress. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  random?: () => number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** How many attempts it took. */
  attempts: number;
  text(): string;
  /** The body as JSON; an HTML page, a cut-off or any other non-JSON body throws BAD_RESPONSE. */
  json<T = unknown>(): T;
}

/** A TLS failure or a port fetch refuses will fail the same way on every attempt. */
export function isTransient(cause: NetworkCause): boolean {
  return cause !== 'tls' && cause !== 'blocked-port';
}

const RETRYABLE = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

/**
 * One HTTP request with a timeout, retried with exponential backoff and jitter on 429/5xx and on
 * connection errors, honouring Retry-After. Answers of any status are returned; only the absence of
 * an answer throws (`NETWORK_ERROR`, with `details.cause`).
 */
export async function httpRequest(
  url: string | URL,
  options: HttpRequestOptions = {},
): Promise<HttpResponse> {
  const retries = options.retries ?? 3;
  const retryOn = options.retryOn ?? RETRYABLE;
  const backoff = {
    baseDelayMs: options.baseDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    random: options.random,
  };
  const target = String(url);
  for (let attempt = 0; ; attempt++) {
    let delayMs: number;
    let reason: string;
    try {
      const response = await attemptOnce(target, options);
      if (attempt >= retries || !retryOn(response.status)) return { ...response, attempts: attempt + 1 };
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfter !== undefined && retryAfter > (options.maxRetryAfterMs ?? 60_000)) {
        return { ...response, attempts: attempt + 1 };
      }
      delayMs = retryAfter ?? backoffDelay(attempt, backoff);
      reason = `HTTP ${response.status}`;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const cause = classifyNetworkError(error);
      if (attempt >= retries || !isTransient(cause)) throw networkError(target, cause, error, attempt + 1);
      delayMs = backoffDelay(attempt, backoff);
      reason = describeCause(cause);
    }
    options.onRetry?.({ attempt: attempt + 1, delayMs, reason });
    await sleep(delayMs, options.signal);
  }
}

async function attemptOnce(
  url: string,
  options: HttpRequestOptions,
): Promise<Omit<HttpResponse, 'attempts'>> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const body = typeof options.body === 'function' ? options.body() : options.body;
  const init: RequestInit & { duplex?: 'half' } = {
    method: options.method ?? 'GET',
    headers: options.headers,
    body: body as RequestInit['body'],
    signal,
  };
  if (body && typeof body !== 'string' && !(body instanceof Uint8Array)) init.duplex = 'half';
  const response = await fetch(url, init);
  // Read under the same deadline: a body that stalls or is cut off fails this attempt.
  const buffer = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    body: buffer,
    text: () => buffer.toString('utf8'),
    json: <T>() => {
      const parsed = tryParseJson(buffer);
      if (parsed) return parsed.value as T;
      throw badResponse(url, response.status, describeNonJson(response.headers.get('content-type'), buffer));
    },
  };
}

function badResponse(url: string, status: number, what: string): FlywheelError {
  const host = safeUrl(url);
  return new FlywheelError(
    'BAD_RESPONSE',
    `${host} answered ${what} (HTTP ${status}) where JSON was expected`,
    {
      hint: 'check that the URL points at the service’s API, not a web page, proxy or login portal',
      details: { host, status, fault: 'bad-response', what },
    },
  );
}

function networkError(url: string, cause: NetworkCause, error: unknown, attempts: number): FlywheelError {
  const host = safeUrl(url);
  const hint = causeHint(cause);
  return new FlywheelError(
    'NETWORK_ERROR',
    `no answer from ${host}: ${describeCause(cause)} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
    { cause: error, details: { cause, host, attempts, fault: 'unreachable' }, ...(hint ? { hint } : {}) },
  );
}
