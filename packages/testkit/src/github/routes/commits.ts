import { userObject } from '../model';
import type { GitHubRoute } from '../router';
import type { Repo } from '../state';

function commitObject(base: string, repo: Repo, c: Repo['commits'][number], parent: string | undefined) {
  const full = `${repo.owner}/${repo.name}`;
  const person = { name: 'Octo Dev', email: 'octo-dev@users.noreply.invalid', date: c.date };
  return {
    url: `${base}/repos/${full}/commits/${c.sha}`,
    sha: c.sha,
    node_id: Buffer.from(`Commit${c.sha}`).toString('base64'),
    html_url: `${base}/${full}/commit/${c.sha}`,
    comments_url: `${base}/repos/${full}/commits/${c.sha}/comments`,
    commit: {
      url: `${base}/repos/${full}/git/commits/${c.sha}`,
      author: person,
      committer: person,
      message: c.message,
      comment_count: 0,
      tree: { sha: c.sha, url: `${base}/repos/${full}/git/trees/${c.sha}` },
    },
    author: userObject(base, 'octo-dev', 7, 'User'),
    committer: userObject(base, 'octo-dev', 7, 'User'),
    parents: parent ? [{ sha: parent, url: `${base}/repos/${full}/commits/${parent}` }] : [],
  };
}

/**
 * `GET /repos/{owner}/{repo}/commits`: the default branch's linear history, newest first, with
 * `sha` (the branch; another answers 404 as GitHub does for an unknown ref) and `since`/`until` on
 * the committer date.
 */
export const commitRoutes: GitHubRoute[] = [
  {
    path: /^\/repos\/([^/]+)\/([^/]+)\/commits$/,
    handle(req, [, owner, name]) {
      const route = '/repos/{owner}/{repo}/commits';
      const repo = req.readableRepo(owner!, name!);
      if (!repo) return req.notFound(route);
      const q = req.url.searchParams;
      const ref = q.get('sha');
      if (ref && ref !== repo.defaultBranch && !repo.commits.some((c) => c.sha === ref)) {
        return req.notFound(route);
      }
      const since = q.get('since');
      const until = q.get('until');
      const parents = new Map(repo.commits.map((c, i) => [c.sha, repo.commits[i - 1]?.sha]));
      const commits = [...repo.commits]
        .reverse()
        .filter(
          (c) =>
            (!since || Date.parse(c.date) >= Date.parse(since)) &&
            (!until || Date.parse(c.date) <= Date.parse(until)),
        );
      req.array(route, commits, (c) => commitObject(req.base, repo, c, parents.get(c.sha)));
    },
  },
];
