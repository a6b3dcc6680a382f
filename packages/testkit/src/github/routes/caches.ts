import type { GitHubRoute } from '../router';

/**
 * `GET /repos/{owner}/{repo}/actions/caches`: the repository's cache entries, filtered by `key` (a
 * prefix, as GitHub matches it) and `ref`, newest first (`direction=asc` for oldest first).
 */
export const cacheRoutes: GitHubRoute[] = [
  {
    path: /^\/repos\/([^/]+)\/([^/]+)\/actions\/caches$/,
    handle(req, [, owner, name]) {
      const route = '/repos/{owner}/{repo}/actions/caches';
      const repo = req.readableRepo(owner!, name!);
      if (!repo) return req.notFound(route);
      const q = req.url.searchParams;
      const key = q.get('key');
      const ref = q.get('ref');
      const at = '2026-03-02T14:00:00Z';
      const entries = repo.caches
        .map((c, i) => ({ ...c, id: i + 1, createdAt: c.createdAt ?? at }))
        .filter(
          (c) =>
            (!key || c.key.startsWith(key)) &&
            (!ref || (c.ref ?? `refs/heads/${repo.defaultBranch}`) === ref),
        )
        .sort((a, b) => (q.get('direction') === 'asc' ? 1 : -1) * a.createdAt.localeCompare(b.createdAt));
      req.list(route, 'actions_caches', entries, (c) => ({
        id: c.id,
        ref: c.ref ?? `refs/heads/${repo.defaultBranch}`,
        key: c.key,
        version: `v${c.id}`,
        last_accessed_at: c.createdAt,
        created_at: c.createdAt,
        size_in_bytes: c.sizeInBytes ?? 1024,
      }));
    },
  },
];
