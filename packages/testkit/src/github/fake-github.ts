import { FakeHttpServer } from '../http/fake-server';
import { Access, type SecondaryLimit, secondaryRateLimitFault, type Token } from './auth';
import type { SeedOrg, SeedRepo, SeedRun, SeedToken } from './model';
import { GitHubRouter } from './router';
import { cacheRoutes } from './routes/caches';
import { commitRoutes } from './routes/commits';
import { contentRoutes } from './routes/contents';
import { orgRepoRoutes } from './routes/org-repos';
import { pullRoutes } from './routes/pulls';
import { repoRoutes, unknownRepoPath } from './routes/repos';
import { runnerGroupRoutes } from './routes/runner-groups';
import { runnerRoutes } from './routes/runners';
import { workflowRunRoutes } from './routes/workflow-runs';
import { GitHubState, type Org, type Repo } from './state';

export type { SecondaryLimit } from './auth';

export interface FakeGitHubOptions {
  /** Validate every response body against the OpenAPI description and record any mismatch. */
  validateResponses?: boolean;
  /** Seconds until the primary rate limit window resets (the `x-ratelimit-reset` header). */
  rateLimitResetSeconds?: number;
}

/**
 * A fake of the GitHub REST API routes the platform's actions use: repositories, org and repo
 * self-hosted runners, runner groups with their repositories and runners, workflow runs and jobs,
 * contents. Tests seed its state; it paginates with `Link` headers, sends rate-limit headers,
 * answers 401/403/404 as GitHub does, and can serve secondary rate limits. Each resource's routes
 * are in `routes/`; the server core (auth, routing, validation, pagination) in `router.ts`.
 */
export class FakeGitHub extends FakeHttpServer {
  private readonly state = new GitHubState();
  private readonly access: Access;
  readonly orgs: Map<string, Org> = this.state.orgs;
  readonly repos: Map<string, Repo> = this.state.repos;
  readonly tokens: Map<string, Token>;
  /** Responses that did not match GitHub's OpenAPI description (with `validateResponses`). */
  readonly validationErrors: string[] = [];

  constructor(options: FakeGitHubOptions = {}) {
    const holder: { router?: GitHubRouter } = {};
    super((req, res, url) => holder.router!.handle(req, res, url));
    this.access = new Access(options.rateLimitResetSeconds);
    this.tokens = this.access.tokens;
    holder.router = new GitHubRouter({
      routes: [
        ...runnerRoutes,
        ...runnerGroupRoutes,
        ...repoRoutes,
        ...workflowRunRoutes,
        ...contentRoutes,
        ...orgRepoRoutes,
        ...pullRoutes,
        ...commitRoutes,
        ...cacheRoutes,
        unknownRepoPath,
      ],
      state: this.state,
      access: this.access,
      base: () => this.url,
      validationErrors: options.validateResponses ? this.validationErrors : undefined,
    });
  }

  /** The base URL clients use (`GITHUB_API_URL`). */
  get apiUrl(): string {
    return this.url;
  }

  addOrg(seed: SeedOrg): this {
    this.state.addOrg(seed);
    return this;
  }

  addRepo(seed: SeedRepo): this {
    this.state.addRepo(seed);
    return this;
  }

  /** Adds a run to a seeded repository (newest first in listings). */
  addRun(fullName: string, run: SeedRun): number {
    return this.state.addRun(fullName, run);
  }

  /** Restricts access: once any token is added, requests without a known token get 401. */
  addToken(token: string, seed: SeedToken = {}): this {
    this.tokens.set(token, { ...seed, used: 0 });
    return this;
  }

  /** Answers the next `times` matching requests as GitHub's secondary rate limit does. */
  secondaryRateLimit(limit: SecondaryLimit): void {
    this.inject(secondaryRateLimitFault(limit));
  }
}
