import { canReadRepo } from '../auth';
import { minimalRepoObject } from '../model';
import type { GitHubRoute } from '../router';

/**
 * `GET /orgs/{org}/repos`: the organization's repositories the caller can see (a token scoped to
 * some repositories sees only those), archived ones included as GitHub lists them, `type` filtering
 * public or private ones.
 */
export const orgRepoRoutes: GitHubRoute[] = [
  {
    path: /^\/orgs\/([^/]+)\/repos$/,
    handle(req, [, login]) {
      const route = '/orgs/{org}/repos';
      const org = req.state.org(login!);
      if (!org) return req.notFound(route);
      const type = req.url.searchParams.get('type') ?? 'all';
      const repos = [...req.state.repos.values()]
        .filter((r) => r.owner.toLowerCase() === org.login.toLowerCase() && canReadRepo(req.token, r))
        .filter((r) => (type === 'public' ? !r.private : type === 'private' ? r.private : true))
        .sort((a, b) => a.id - b.id);
      req.array(route, repos, (r) => minimalRepoObject(req.base, r));
    },
  },
];
