import {
  createRequesterFn,
  type FormattedResponse,
  getMatchingRateLimiter,
  type ResponseBodyTypes,
} from '@gitbeaker/requester-utils';
import { GitbeakerRequestError, Gitlab } from '@gitbeaker/rest';
import { deadlineFetch } from '../http/deadline-fetch';
import { forgeService } from './errors';

export type GitLabClient = InstanceType<typeof Gitlab<false>>;

export interface GitLabClientOptions {
  /** The GitLab instance URL (`CI_SERVER_URL`), without `/api/v4`. */
  host: string;
  /** A personal/project access token; or `jobToken` inside a GitLab job. */
  token?: string;
  jobToken?: string;
  /** Requests per minute per endpoint family, so a big check stays under GitLab's limits. */
  requestsPerMinute?: number;
  /** Deadline of one request, connect to last byte of the body (default 30 s). */
  timeoutMs?: number;
  /** Retries of connection failures, 429 and 5xx answers (default 3). */
  retries?: number;
  /** First backoff between retries, in ms (default 500; tests shrink it). */
  baseDelayMs?: number;
  /** Told what a wait is for: a retry (n of m, in t) or a slow answer (and its deadline). */
  onWait?: (message: string) => void;
}

/** Items per page for every list call: GitLab's maximum. */
export const GITLAB_PER_PAGE = 100;

/**
 * The GitLab client (gitbeaker) on our own requester: a local rate limiter keeps us below the
 * instance's limits, and every request goes through `deadlineFetch` (a deadline per request, the
 * body read whole and checked to be JSON, retries of 429, 5xx and connection failures that say
 * what they wait for). gitbeaker's own requester waits up to 300 s and retries without a word.
 */
export function createGitLabClient(options: GitLabClientOptions): GitLabClient {
  const auth = options.jobToken ? { jobToken: options.jobToken } : { token: options.token ?? '' };
  const host = options.host.replace(/\/+$/, '');
  const fetchFn = deadlineFetch({
    service: forgeService('gitlab', host),
    retryOn: (status) => status === 429 || status === 502 || status === 503 || status === 504,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.baseDelayMs !== undefined ? { baseDelayMs: options.baseDelayMs } : {}),
    ...(options.onWait ? { onWait: options.onWait } : {}),
  });
  return new Gitlab({
    host,
    ...auth,
    rateLimits: { '**': options.requestsPerMinute ?? 600 },
    rateLimitDuration: 60,
    // The deadline is deadlineFetch's, per attempt; gitbeaker's would also cover the retries.
    queryTimeout: 0,
    requesterFn: createRequesterFn(
      (_service, requestOptions) => Promise.resolve(requestOptions),
      handler(fetchFn),
    ),
  });
}

interface HandlerOptions {
  rateLimiters?: Record<string, unknown>;
  asStream?: boolean;
  prefixUrl?: string;
  searchParams?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
  [key: string]: unknown;
}

/** gitbeaker's request handler, less its retry loop (deadlineFetch retries) and its agent. */
function handler(fetchFn: typeof fetch) {
  return async (endpoint: string, options?: Record<string, unknown>): Promise<FormattedResponse> => {
    const { rateLimiters, asStream, prefixUrl, searchParams, method, headers, body, signal } = (options ??
      {}) as HandlerOptions;
    const rateLimit = getMatchingRateLimiter(endpoint, rateLimiters as never, method);
    const base = prefixUrl?.endsWith('/') ? prefixUrl : `${prefixUrl ?? ''}/`;
    const url = new URL(endpoint, base);
    url.search = searchParams ?? '';
    await rateLimit();
    // The API answers JSON everywhere except raw files; asking for it lets a web page be told apart.
    const raw = /\/raw(\?|$)/.test(url.pathname) || asStream;
    const response = await fetchFn(url, {
      method,
      headers: { ...(raw ? {} : { accept: 'application/json' }), ...headers },
      ...(body !== undefined ? { body } : {}),
      ...(signal ? { signal: signal as AbortSignal } : {}),
    });
    if (!response.ok) {
      const description = await response.text();
      throw new GitbeakerRequestError(errorDescription(description, response.headers.get('content-type')), {
        cause: { description, request: new Request(url, { method }), response },
      });
    }
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    return {
      body: (asStream
        ? response.body
        : response.status === 204
          ? null
          : await parsedBody(response)) as ResponseBodyTypes,
      headers: responseHeaders,
      status: response.status,
    } as FormattedResponse;
  };
}

async function parsedBody(response: Response): Promise<unknown> {
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (type === 'application/json') return (await response.json()) || {};
  if (type.startsWith('text/')) return (await response.text()) || '';
  return response.blob();
}

/** GitLab's `message` or `error`, as gitbeaker reports it. */
function errorDescription(text: string, contentType: string | null): string {
  if (!contentType?.includes('application/json')) return text;
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    const value = parsed?.error ?? parsed?.message ?? '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return text;
  }
}
