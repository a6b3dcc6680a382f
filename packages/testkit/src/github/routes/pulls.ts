import { fakeSha, fullRepoObject, type SeedPull, userObject } from '../model';
import type { GitHubRoute } from '../router';
import type { Repo } from '../state';

function branchRef(base: string, repo: Repo, ref: string, sha: string) {
  return {
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    // The `repository` schema is the full one plus `has_downloads`.
    repo: { ...fullRepoObject(base, repo), has_downloads: true },
    user: userObject(base, repo.owner, repo.ownerId),
  };
}

function pullObject(base: string, repo: Repo, pull: SeedPull): unknown {
  const full = `${repo.owner}/${repo.name}`;
  const api = `${base}/repos/${full}/pulls/${pull.number}`;
  const html = `${base}/${full}/pull/${pull.number}`;
  const issue = `${base}/repos/${full}/issues/${pull.number}`;
  const state = pull.state ?? (pull.mergedAt ? 'closed' : 'open');
  const headSha = fakeSha(`${full}:pull:${pull.number}`);
  const statuses = `${base}/repos/${full}/statuses/${headSha}`;
  const closedAt = state === 'closed' ? (pull.mergedAt ?? pull.updatedAt ?? pull.createdAt) : null;
  return {
    url: api,
    id: 700_000 + pull.number,
    node_id: Buffer.from(`PullRequest${pull.number}`).toString('base64'),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${base}/repos/${full}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: statuses,
    number: pull.number,
    state,
    locked: false,
    title: pull.title,
    user: userObject(base, 'octo-dev', 7, 'User'),
    body: null,
    labels: [],
    milestone: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt ?? pull.mergedAt ?? pull.createdAt,
    closed_at: closedAt,
    merged_at: pull.mergedAt ?? null,
    merge_commit_sha: pull.mergeCommitSha ?? null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchRef(base, repo, `change-${pull.number}`, headSha),
    base: branchRef(base, repo, pull.base ?? repo.defaultBranch, fakeSha(`${full}:base:${pull.number}`)),
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${base}/repos/${full}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: statuses },
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: false,
  };
}

/**
 * `GET /repos/{owner}/{repo}/pulls` with GitHub's filters: `state` (default `open`), `base`, `sort`
 * (`created` default, `updated`), `direction` (default `desc`).
 */
export const pullRoutes: GitHubRoute[] = [
  {
    path: /^\/repos\/([^/]+)\/([^/]+)\/pulls$/,
    handle(req, [, owner, name]) {
      const route = '/repos/{owner}/{repo}/pulls';
      const repo = req.readableRepo(owner!, name!);
      if (!repo) return req.notFound(route);
      const q = req.url.searchParams;
      const state = q.get('state') ?? 'open';
      const baseBranch = q.get('base');
      const key = q.get('sort') === 'updated' ? 'updated' : 'created';
      const dir = q.get('direction') === 'asc' ? 1 : -1;
      const when = (p: SeedPull) =>
        key === 'updated' ? (p.updatedAt ?? p.mergedAt ?? p.createdAt) : p.createdAt;
      const pulls = repo.pulls
        .filter((p) => state === 'all' || (p.state ?? (p.mergedAt ? 'closed' : 'open')) === state)
        .filter((p) => !baseBranch || (p.base ?? repo.defaultBranch) === baseBranch)
        .sort((a, b) => dir * when(a).localeCompare(when(b)) || dir * (a.number - b.number));
      req.array(route, pulls, (p) => pullObject(req.base, repo, p));
    },
  },
];
