import { canAdminRepo } from '../auth';
import { runnerObject } from '../model';
import type { GitHubRoute } from '../router';

/** Self-hosted runners of an org (org admins) and of a repository (repository admins). */
export const runnerRoutes: GitHubRoute[] = [
  {
    path: /^\/orgs\/([^/]+)\/actions\/runners$/,
    handle(req, [, login]) {
      const route = '/orgs/{org}/actions/runners';
      const org = req.adminOrg(login!, route);
      if (!org) return;
      const name = req.url.searchParams.get('name');
      const runners = name ? org.runners.filter((r) => r.name === name) : org.runners;
      req.list(route, 'runners', runners, (r) => runnerObject(r, true));
    },
  },
  {
    path: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runners$/,
    handle(req, [, owner, name]) {
      const route = '/repos/{owner}/{repo}/actions/runners';
      const repo = req.readableRepo(owner!, name!);
      if (!repo) return req.notFound(route);
      if (!canAdminRepo(req.token, repo)) return req.forbidden(route);
      req.list(route, 'runners', repo.runners, (r) => runnerObject(r, false));
    },
  },
];
