/**
 * Git projects served over HTTP on 127.0.0.1 the way a GitLab instance serves them to an
 * `include: component:`: a raw file endpoint (`/<project>/-/raw/<ref>/<path>`, which gitlab-ci-local
 * asks first) and git's smart HTTP protocol (which it clones from), through git's own
 * `git http-backend` CGI. Projects are bare repositories under `root`, as `<group>/<name>.git`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { FakeHttpServer } from '@gloriousflywheel/testkit/http';

export class ServedProjects extends FakeHttpServer {
  constructor(readonly root: string) {
    super((req, res, url) => this.serve(req, res, url));
  }

  /** `127.0.0.1:<port>`, as a component reference names the instance. */
  get hostPort(): string {
    return this.url.replace(/^http:\/\//, '');
  }

  private async serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const raw = /^\/(.+?)\/-\/raw\/([^/]+)\/(.+)$/.exec(decodeURIComponent(url.pathname));
    if (raw) {
      const [, project, ref, path] = raw;
      const gitDir = join(this.root, `${project}.git`);
      const shown = existsSync(gitDir)
        ? spawnSync('git', ['--git-dir', gitDir, 'show', `${ref}:${path}`], { encoding: 'utf8' })
        : undefined;
      if (shown?.status !== 0) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('404 File Not Found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(shown.stdout);
      return;
    }
    await this.gitHttpBackend(req, res, url);
  }

  /** One CGI request to `git http-backend`: headers from its output, then the body streamed. */
  private gitHttpBackend(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        GIT_PROJECT_ROOT: this.root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_ADDR: '127.0.0.1',
        ...(req.headers['content-encoding']
          ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] }
          : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    req.pipe(child.stdin);
    return new Promise((resolve) => {
      let head = Buffer.alloc(0);
      let started = false;
      child.stdout.on('data', (chunk: Buffer) => {
        if (started) {
          res.write(chunk);
          return;
        }
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headers: Record<string, string> = {};
        let status = 200;
        for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
          const colon = line.indexOf(':');
          const name = line.slice(0, colon).trim();
          const value = line.slice(colon + 1).trim();
          if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
          else headers[name] = value;
        }
        res.writeHead(status, headers);
        res.write(head.subarray(end + 4));
        started = true;
      });
      child.on('close', () => {
        if (!started) res.writeHead(500).end('git http-backend failed');
        else res.end();
        resolve();
      });
    });
  }
}
