import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/fake-server';
import { type Access, canAdminOrg, canReadRepo, DOCS, type Token } from './auth';
import { validateGitHubResponse } from './openapi-validator';
import { paginate } from './pagination';
import type { GitHubState, Org, Repo } from './state';

/** One GET request as a resource's handler sees it; every answer goes out through these helpers. */
export interface GitHubRequest {
  url: URL;
  /** The caller's token; undefined when the fake is open (no tokens added). */
  token: Token | undefined;
  state: GitHubState;
  /** The base URL the returned objects link to. */
  base: string;
  /** The repository, if it exists and the caller may read it (GitHub answers 404 to both). */
  readableRepo(owner: string, name: string): Repo | undefined;
  /** The org, if it exists and the caller administers it; otherwise answers 404 or 403 and returns undefined. */
  adminOrg(login: string, route: string): Org | undefined;
  /** `route` is the OpenAPI path template the body is validated against. */
  ok(route: string, body: unknown): void;
  /** A page of `all` as `{ total_count, [key]: items }`, with a `Link` header. */
  list<T>(route: string, key: string, all: T[], map: (item: T) => unknown): void;
  /** A page of `all` as a bare JSON array (repositories, pulls, commits), with a `Link` header. */
  array<T>(route: string, all: T[], map: (item: T) => unknown): void;
  notFound(route: string): void;
  forbidden(route: string): void;
}

export interface GitHubRoute {
  /** Matched against the decoded path without trailing slashes. */
  path: RegExp;
  handle(req: GitHubRequest, match: RegExpMatchArray): void;
}

export interface RouterOptions {
  routes: GitHubRoute[];
  state: GitHubState;
  access: Access;
  base: () => string;
  /** Where mismatches with GitHub's OpenAPI description go; undefined turns validation off. */
  validationErrors: string[] | undefined;
}

/**
 * The server core of the GitHub fake: authentication and the primary rate limit, then the first
 * route whose path matches; answers validated against the OpenAPI description, pagination, and
 * GitHub's 401/403/404 bodies. Faults are served before this, by the HTTP base.
 */
export class GitHubRouter {
  constructor(private readonly options: RouterOptions) {}

  handle(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/\/+$/, '');
    const { access } = this.options;
    const token = access.authenticate(req);
    if (token === null) {
      this.reply(res, method, '/user', 401, { message: 'Bad credentials', documentation_url: DOCS });
      return;
    }
    const { exceeded, headers } = access.rateLimit(token);
    const match = method === 'GET' && !exceeded ? this.match(path) : undefined;
    if (exceeded) {
      const body = {
        message: 'API rate limit exceeded for installation.',
        documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`,
      };
      this.reply(res, method, '/rate_limit', 403, body, headers);
    } else if (!match) {
      this.reply(res, method, '/', 404, { message: 'Not Found', documentation_url: DOCS }, headers);
    } else {
      match.route.handle(this.request(res, url, token, headers), match.params);
    }
  }

  private match(path: string): { route: GitHubRoute; params: RegExpMatchArray } | undefined {
    for (const route of this.options.routes) {
      const params = path.match(route.path);
      if (params) return { route, params };
    }
    return undefined;
  }

  private request(
    res: ServerResponse,
    url: URL,
    token: Token | undefined,
    headers: Record<string, string>,
  ): GitHubRequest {
    const { state } = this.options;
    const base = this.options.base();
    const error = (route: string, status: number, message: string) =>
      this.reply(
        res,
        'GET',
        route,
        status,
        { message, documentation_url: DOCS, status: String(status) },
        headers,
      );
    const notFound = (route: string) => error(route, 404, 'Not Found');
    const forbidden = (route: string) => error(route, 403, 'Resource not accessible by integration');
    return {
      url,
      token,
      state,
      base,
      readableRepo: (owner, name) => {
        const repo = state.repo(owner, name);
        return repo && canReadRepo(token, repo) ? repo : undefined;
      },
      ok: (route, body) => this.reply(res, 'GET', route, 200, body, headers),
      list: (route, key, all, map) => {
        const page = paginate(all, url, base);
        const body = { total_count: all.length, [key]: page.items.map(map) };
        this.reply(res, 'GET', route, 200, body, page.link ? { ...headers, link: page.link } : headers);
      },
      array: (route, all, map) => {
        const page = paginate(all, url, base);
        const body = page.items.map(map);
        this.reply(res, 'GET', route, 200, body, page.link ? { ...headers, link: page.link } : headers);
      },
      adminOrg: (login, route) => {
        const org = state.org(login);
        if (!org) notFound(route);
        else if (!canAdminOrg(token, login)) forbidden(route);
        else return org;
        return undefined;
      },
      notFound,
      forbidden,
    };
  }

  private reply(
    res: ServerResponse,
    method: string,
    route: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const errors = this.options.validationErrors;
    if (errors) {
      try {
        errors.push(...validateGitHubResponse(method, route, status, body));
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    sendJson(res, status, body, headers);
  }
}
