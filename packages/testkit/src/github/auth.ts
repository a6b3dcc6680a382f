import type { IncomingMessage } from 'node:http';
import type { Fault } from '../http/faults';
import type { SeedToken } from './model';
import type { Repo } from './state';

export const DOCS = 'https://docs.github.com/rest';

export type Token = SeedToken & { used: number };

export interface SecondaryLimit {
  path?: string | RegExp;
  /** How many requests it answers; then the real handler serves again. */
  times: number;
  status?: 403 | 429;
  retryAfterSeconds?: number;
}

/**
 * Who may call and how often: the tokens a test adds (none means an open fake), what each may read,
 * and the primary rate limit GitHub reports in its `x-ratelimit-*` headers.
 */
export class Access {
  readonly tokens = new Map<string, Token>();
  private readonly anonymous = { used: 0 };

  constructor(private readonly resetSeconds = 3600) {}

  /** undefined: no token in use (open fake); null: rejected. */
  authenticate(req: IncomingMessage): Token | undefined | null {
    if (this.tokens.size === 0) return undefined;
    const header = req.headers.authorization ?? '';
    const value = header.replace(/^(token|bearer)\s+/i, '');
    return this.tokens.get(value) ?? null;
  }

  /** Counts one request against the caller's primary limit, unless it is used up. */
  rateLimit(token: Token | undefined): { exceeded: boolean; headers: Record<string, string> } {
    const limit = token?.rateLimit ?? 5000;
    const counter = token ?? this.anonymous;
    const exceeded = counter.used >= limit;
    if (!exceeded) counter.used += 1;
    const reset = Math.floor(Date.now() / 1000) + this.resetSeconds;
    return {
      exceeded,
      headers: {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - counter.used)),
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-used': String(counter.used),
        'x-ratelimit-resource': 'core',
        'x-github-api-version-selected': '2022-11-28',
      },
    };
  }
}

export function canReadRepo(token: SeedToken | undefined, repo: Repo): boolean {
  if (!token?.repositories) return true;
  const full = `${repo.owner}/${repo.name}`.toLowerCase();
  return token.repositories.some((r) => r.toLowerCase() === full);
}

export function canAdminOrg(token: SeedToken | undefined, org: string): boolean {
  if (!token) return true;
  return (token.orgAdmin ?? []).some((o) => o.toLowerCase() === org.toLowerCase());
}

export function canAdminRepo(token: SeedToken | undefined, repo: Repo): boolean {
  if (!token || canAdminOrg(token, repo.owner)) return true;
  const full = `${repo.owner}/${repo.name}`.toLowerCase();
  return (token.repoAdmin ?? []).some((r) => r.toLowerCase() === full);
}

/** The fault that answers as GitHub's secondary rate limit does. */
export function secondaryRateLimitFault(limit: SecondaryLimit): Fault {
  return {
    ...(limit.path ? { path: limit.path } : {}),
    times: limit.times,
    status: limit.status ?? 403,
    headers: { 'retry-after': String(limit.retryAfterSeconds ?? 1) },
    body: {
      message:
        'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
      documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
    },
  };
}
