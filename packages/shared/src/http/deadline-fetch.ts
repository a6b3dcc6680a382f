import { formatDuration } from '../time/duration';
import { backoffDelay, parseRetryAfter, sleep } from './backoff';
import { describeNonJson, isJsonType, tryParseJson } from './body-kind';
import { classifyNetworkError, describeCause } from './network-error';
import { type OutboundService, outboundError } from './outbound-error';
import { isTransient } from './request';
import { hostOf } from './safe-url';

export interface DeadlineFetchOptions {
  /** The service this fetch talks to: its faults are thrown as its codes. */
  service: OutboundService;
  /** One attempt, from sending the request until the last byte of the body. Default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt, of connection failures and of `retryOn` statuses. Default 3. */
  retries?: number;
  /** Which answers are worth another try. Default: 500, 502, 503, 504. */
  retryOn?: (status: number) => boolean;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest Retry-After honoured; a longer one ends the retries. Default 60 s. */
  maxRetryAfterMs?: number;
  random?: () => number;
  /** Told what a wait is for: a retry (n of m, in t) or an answer that is slow (and its deadline). */
  onWait?: (message: string) => void;
  /** After this long without an answer, say so once. Default 5 s. */
  slowAfterMs?: number;
}

const RETRYABLE = (status: number) => status === 500 || status === 502 || status === 503 || status === 504;
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * A `fetch` for API clients (Octokit, gitbeaker) that gives every call a deadline covering connect,
 * headers and the whole body, reads the body before handing the answer on (so a cut-off body is a
 * failure, never a short result), refuses a 2xx that is not the JSON the request asked for, and
 * retries connection failures and 5xx answers with backoff, saying what it waits for. Faults are
 * thrown as the service's FlywheelErrors.
 */
export function deadlineFetch(options: DeadlineFetchOptions): typeof fetch {
  const retries = options.retries ?? 3;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retryOn = options.retryOn ?? RETRYABLE;
  const backoff = {
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    random: options.random,
  };
  const say = options.onWait ?? (() => {});
  const attempts = retries + 1;

  return async (input, init = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    const host = hostOf(url);
    const what = `${(init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()} ${host}`;
    const wantsJson = /json/i.test(headerOf(input, init, 'accept') ?? '');
    for (let attempt = 1; ; attempt++) {
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
      const slow = setTimeout(
        () =>
          say(`waiting for ${options.service.name} at ${host} (gives up after ${formatDuration(timeoutMs)})`),
        options.slowAfterMs ?? 5000,
      );
      slow.unref?.();
      let delayMs: number;
      let reason: string;
      try {
        // A Request's body can be sent once: each attempt sends a copy.
        const response = await fetch(input instanceof Request ? input.clone() : input, { ...init, signal });
        const body = NULL_BODY.has(response.status) ? null : new Uint8Array(await response.arrayBuffer());
        clearTimeout(slow);
        if (attempt < attempts && retryOn(response.status)) {
          const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
          if (retryAfter === undefined || retryAfter <= (options.maxRetryAfterMs ?? 60_000)) {
            delayMs = retryAfter ?? backoffDelay(attempt - 1, backoff);
            reason = `HTTP ${response.status}`;
            say(retryMessage(what, attempt, attempts, delayMs, reason));
            await sleep(delayMs, init.signal ?? undefined);
            continue;
          }
        }
        const type = response.headers.get('content-type');
        if (
          body &&
          response.ok &&
          wantsJson &&
          body.length > 0 &&
          (!isJsonType(type) || !tryParseJson(body))
        ) {
          throw outboundError(options.service, {
            kind: 'bad-response',
            what: describeNonJson(type, body),
            status: response.status,
          });
        }
        return rebuilt(response, body);
      } catch (error) {
        clearTimeout(slow);
        if (init.signal?.aborted) throw error;
        if (!(error instanceof Error) || error.name === 'FlywheelError') throw error;
        const cause = classifyNetworkError(error);
        if (attempt >= attempts || !isTransient(cause))
          throw outboundError(options.service, { kind: 'unreachable', cause }, undefined, error);
        delayMs = backoffDelay(attempt - 1, backoff);
        reason = describeCause(cause);
      }
      say(retryMessage(what, attempt, attempts, delayMs, reason));
      await sleep(delayMs, init.signal ?? undefined);
    }
  };
}

function retryMessage(
  what: string,
  attempt: number,
  attempts: number,
  delayMs: number,
  reason: string,
): string {
  return `${what}: ${reason}; retry ${attempt} of ${attempts - 1} in ${formatDuration(delayMs)}`;
}

function headerOf(input: RequestInfo | URL, init: RequestInit, name: string): string | undefined {
  const fromInit = init.headers ? new Headers(init.headers).get(name) : null;
  if (fromInit !== null) return fromInit;
  return input instanceof Request ? (input.headers.get(name) ?? undefined) : undefined;
}

/** The answer with its body already read: clients read it again from memory. */
function rebuilt(response: Response, body: Uint8Array<ArrayBuffer> | null): Response {
  const copy = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}
