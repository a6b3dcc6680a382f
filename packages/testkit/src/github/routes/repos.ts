import { fullRepoObject } from '../model';
import type { GitHubRoute } from '../router';

/** `GET /repos/{owner}/{repo}`. */
export const repoRoutes: GitHubRoute[] = [
  {
    path: /^\/repos\/([^/]+)\/([^/]+)$/,
    handle(req, [, owner, name]) {
      const route = '/repos/{owner}/{repo}';
      const repo = req.readableRepo(owner!, name!);
      if (!repo) return req.notFound(route);
      req.ok(route, fullRepoObject(req.base, repo));
    },
  },
];

/** Any other path under a repository: GitHub's 404 (list it after every repository route). */
export const unknownRepoPath: GitHubRoute = {
  path: /^\/repos\/([^/]+)\/([^/]+)\/.*$/,
  handle: (req) => req.notFound('/repos/{owner}/{repo}'),
};
