import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

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
  /** Retries of 5xx answers and of rate-limited requests (default 3). */
  retries?: number;
  /**
   * Milliseconds per unit of wait: GitHub's `retry-after` is in seconds, so the default is 1000.
   * The retry plugin waits retryCount² units. Tests shrink it to keep runs short.
   */
  retryAfterBaseMs?: number;
  /** Told about every rate limit hit (for the log); the request is retried while retries remain. */
  onRateLimit?: (event: RateLimitEvent) => void;
  userAgent?: string;
}

/** Number of items per page for every list call: GitHub's maximum, so lists cost the fewest requests. */
export const GITHUB_PER_PAGE = 100;

/**
 * Creates the GitHub client: rate limits are respected (throttling waits for `retry-after` or the
 * reset time, then retries) and transient 5xx answers are retried with growing waits.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const retries = options.retries ?? 3;
  const base = options.retryAfterBaseMs ?? 1000;
  const handler =
    (kind: RateLimitEvent['kind']) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      options.onRateLimit?.({ kind, retryAfter, method: request.method, url: request.url, retryCount });
      return retryCount < retries;
    };
  return getOctokit(
    options.token,
    {
      ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      // 429 belongs to the throttling plugin, which waits for retry-after: retrying it here too
      // would multiply the attempts.
      retry: { retries, retryAfterBaseValue: base, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      throttle: {
        retryAfterBaseValue: base,
        fallbackSecondaryRateRetryAfter: 60,
        onRateLimit: handler('primary'),
        onSecondaryRateLimit: handler('secondary'),
      },
    },
    retry,
    throttling,
  );
}
