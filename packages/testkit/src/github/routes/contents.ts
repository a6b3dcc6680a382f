import { fakeSha } from '../model';
import type { GitHubRoute } from '../router';
import type { Repo } from '../state';

function contentItem(
  base: string,
  repo: Repo,
  path: string,
  type: 'file' | 'dir',
  text: string,
  withContent: boolean,
) {
  const full = `${repo.owner}/${repo.name}`;
  const sha = fakeSha(`${full}:${path}:${text}`);
  const self = `${base}/repos/${full}/contents/${path}?ref=${repo.defaultBranch}`;
  const git = `${base}/repos/${full}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
  const html = `${base}/${full}/${type === 'file' ? 'blob' : 'tree'}/${repo.defaultBranch}/${path}`;
  return {
    type,
    encoding: withContent ? 'base64' : undefined,
    size: type === 'file' ? Buffer.byteLength(text) : 0,
    name: path.split('/').pop()!,
    path,
    ...(withContent
      ? {
          content: Buffer.from(text)
            .toString('base64')
            .replace(/(.{60})/g, '$1\n'),
        }
      : {}),
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === 'file' ? `${base}/raw/${full}/${repo.defaultBranch}/${path}` : null,
    _links: { self, git, html },
  };
}

/** A file with its content, or a directory listing derived from the seeded file paths. */
function contents(base: string, repo: Repo, path: string): unknown {
  const clean = path.replace(/^\/+|\/+$/g, '');
  const file = repo.files.get(clean);
  if (file !== undefined) return contentItem(base, repo, clean, 'file', file, true);
  const prefix = clean ? `${clean}/` : '';
  const children = new Map<string, 'file' | 'dir'>();
  for (const p of repo.files.keys()) {
    if (!p.startsWith(prefix)) continue;
    const [head, ...tail] = p.slice(prefix.length).split('/');
    children.set(head!, tail.length ? 'dir' : 'file');
  }
  if (children.size === 0) return undefined;
  return [...children.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, type]) =>
      contentItem(base, repo, prefix + name, type, repo.files.get(prefix + name) ?? '', false),
    );
}

/** `GET /repos/{owner}/{repo}/contents/{path}`. */
export const contentRoutes: GitHubRoute[] = [
  {
    path: /^\/repos\/([^/]+)\/([^/]+)\/contents(?:\/(.*))?$/,
    handle(req, [, owner, name, path]) {
      const route = '/repos/{owner}/{repo}/contents/{path}';
      const repo = req.readableRepo(owner!, name!);
      if (!repo) return req.notFound(route);
      const body = contents(req.base, repo, path ?? '');
      if (body === undefined) return req.notFound(route);
      req.ok(route, body);
    },
  },
];
