import { getOctokit } from '@actions/github';
import { throttling } from '@octokit/plugin-throttling';
import { deadlineFetch } from '../http/deadline-fetch';
import { forgeService } from './errors';

/** The Octokit every action uses: @actions/github's, with the retry and throttling plugins. */
export type GitHubClient = ReturnType<typeof getOctokit>;

export interface RateLimitEvent {
  kind: 'primary' | 'secondary';
  /** Seconds GitHub asked us to wait. */
  retryAfter: number;
  method: string;
  url: string;
  retryCount: number;
}

export interface GitHubClientOptions {
  token: string;
  /** API base URL, from the run context (`GITHUB_API_URL`); GitHub.com's API when absent. */
  baseUrl?: string;
  /** Retries of connection failures, 5xx answers and rate-limited requests (default 3). */
  retries?: number;
  /**
   * Milliseconds per unit of wait: GitHub's `retry-after` is in seconds, so the default is 1000;
   * the backoff between retries of failures starts at half a unit. Tests shrink it.
   */
  retryAfterBaseMs?: number;
  /** Deadline of one request, connect to last byte of the body (default 30 s). */
  timeoutMs?: number;
  /** Told about every rate limit hit (for the log); the request is retried while retries remain. */
  onRateLimit?: (event: RateLimitEvent) => void;
  /** Told what a wait is for: a retry (n of m, in t) or a slow answer (and its deadline). */
  onWait?: (message: string) => void;
  userAgent?: string;
}

/** Number of items per page for every list call: GitHub's maximum, so lists cost the fewest requests. */
export const GITHUB_PER_PAGE = 100;

/**
 * Creates the GitHub client: rate limits are respected (throttling waits for `retry-after` or the
 * reset time, then retries); every request has a deadline, its body is read whole and checked to be
 * JSON, and connection failures and 5xx answers are retried with growing waits (`deadlineFetch`).
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const retries = options.retries ?? 3;
  const base = options.retryAfterBaseMs ?? 1000;
  const handler =
    (kind: RateLimitEvent['kind']) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      options.onRateLimit?.({ kind, retryAfter, method: request.method, url: request.url, retryCount });
      const retrying = retryCount < retries;
      if (retrying && !options.onRateLimit)
        options.onWait?.(
          `GitHub rate limit (${kind}): waiting ${retryAfter}s, then retry ${retryCount + 1} of ${retries}`,
        );
      return retrying;
    };
  const baseUrl = (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  return getOctokit(
    options.token,
    {
      baseUrl,
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      // 429 and rate-limited 403s belong to the throttling plugin, which waits for retry-after.
      request: {
        fetch: deadlineFetch({
          service: forgeService('github', baseUrl),
          retries,
          baseDelayMs: base / 2,
          maxDelayMs: base * 10,
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          ...(options.onWait ? { onWait: options.onWait } : {}),
        }),
      },
      throttle: {
        retryAfterBaseValue: base,
        fallbackSecondaryRateRetryAfter: 60,
        onRateLimit: handler('primary'),
        onSecondaryRateLimit: handler('secondary'),
      },
    },
    throttling,
  );
}
