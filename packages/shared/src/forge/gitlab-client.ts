import { Gitlab } from '@gitbeaker/rest';

export type GitLabClient = InstanceType<typeof Gitlab<false>>;

export interface GitLabClientOptions {
  /** The GitLab instance URL (`CI_SERVER_URL`), without `/api/v4`. */
  host: string;
  /** A personal/project access token; or `jobToken` inside a GitLab job. */
  token?: string;
  jobToken?: string;
  /** Requests per minute per endpoint family, so a big check stays under GitLab's limits. */
  requestsPerMinute?: number;
}

/** Items per page for every list call: GitLab's maximum. */
export const GITLAB_PER_PAGE = 100;

/**
 * The GitLab client (gitbeaker): it retries 429 and 502 with growing waits by itself; a local
 * rate limiter keeps us below the instance's limits rather than hitting them.
 */
export function createGitLabClient(options: GitLabClientOptions): GitLabClient {
  const auth = options.jobToken ? { jobToken: options.jobToken } : { token: options.token ?? '' };
  return new Gitlab({
    host: options.host.replace(/\/+$/, ''),
    ...auth,
    rateLimits: { '**': options.requestsPerMinute ?? 600 },
    rateLimitDuration: 60,
  });
}
