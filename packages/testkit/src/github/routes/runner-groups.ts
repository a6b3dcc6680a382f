import { canAdminOrg } from '../auth';
import { groupObject, minimalRepoObject, runnerObject } from '../model';
import type { GitHubRoute } from '../router';
import type { Group, Repo } from '../state';

/** Whether GitHub lets this repository use the group (visibility, selection, public repos). */
function groupServes(group: Group, repo: Repo): boolean {
  if (!repo.private && !group.allowsPublicRepositories) return false;
  if (group.visibility === 'all') return true;
  if (group.visibility === 'private') return repo.private;
  return group.repositories.some((r) => r.toLowerCase() === repo.name.toLowerCase());
}

/** An org's runner groups, one group, and the runners and repositories of a group (org admins). */
export const runnerGroupRoutes: GitHubRoute[] = [
  {
    path: /^\/orgs\/([^/]+)\/actions\/runner-groups$/,
    handle(req, [, login]) {
      const route = '/orgs/{org}/actions/runner-groups';
      const org = req.adminOrg(login!, route);
      if (!org) return;
      const visibleTo = req.url.searchParams.get('visible_to_repository');
      let groups = org.groups;
      if (visibleTo) {
        const repo = req.state.repo(org.login, visibleTo);
        groups = repo ? groups.filter((g) => groupServes(g, repo)) : [];
      }
      req.list(route, 'runner_groups', groups, (g) => groupObject(req.base, org.login, g));
    },
  },
  {
    path: /^\/orgs\/([^/]+)\/actions\/runner-groups\/(\d+)(\/repositories|\/runners)?$/,
    handle(req, [, login, id, sub]) {
      const route = `/orgs/{org}/actions/runner-groups/{runner_group_id}${sub ?? ''}`;
      const org = req.state.org(login!);
      const group = org?.groups.find((g) => g.id === Number(id));
      if (!org || !group) return req.notFound(route);
      if (!canAdminOrg(req.token, login!)) return req.forbidden(route);
      if (!sub) return req.ok(route, groupObject(req.base, org.login, group));
      if (sub === '/runners') {
        const runners = org.runners.filter((r) => r.groupId === group.id);
        return req.list(route, 'runners', runners, (r) => runnerObject(r, true));
      }
      const repos = group.repositories
        .map((name) => req.state.repo(org.login, name))
        .filter((r): r is Repo => Boolean(r));
      req.list(route, 'repositories', repos, (r) => minimalRepoObject(req.base, r));
    },
  },
];
