/**
 * The smallest npm registry npm and npx install from: one package, its versions, each a tarball.
 * The packument and the tarball URLs follow the registry API npm reads (`GET /<name>` with the `/`
 * of a scope as %2f; `dist.tarball`, `dist.integrity`, `dist.shasum`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { FakeHttpServer } from '@gloriousflywheel/testkit/http';

interface Published {
  manifest: Record<string, unknown>;
  tarball: Buffer;
}

export class FakeNpmRegistry extends FakeHttpServer {
  private readonly versions = new Map<string, Published>();

  constructor(readonly packageName: string) {
    super((req, res, url) => {
      const path = decodeURIComponent(url.pathname);
      if (req.method === 'GET' && path === `/${packageName}`) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.packument()));
        return;
      }
      const tarball = /^\/tarballs\/(.+)\.tgz$/.exec(path);
      const published = tarball ? this.versions.get(tarball[1]!) : undefined;
      if (req.method === 'GET' && published) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(published.tarball);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
    });
  }

  /** Publishes a packed tarball under the version its package.json names. */
  publish(tarballPath: string, manifest: Record<string, unknown>): void {
    this.versions.set(String(manifest['version']), { manifest, tarball: readFileSync(tarballPath) });
  }

  /** The tarball downloads, by version. */
  downloads(): string[] {
    return this.log
      .filter((r) => r.path.startsWith('/tarballs/') && r.status === 200)
      .map((r) => r.path.replace(/^\/tarballs\/|\.tgz$/g, ''));
  }

  private packument() {
    const versions = Object.fromEntries(
      [...this.versions].map(([version, { manifest, tarball }]) => [
        version,
        {
          ...manifest,
          _id: `${this.packageName}@${version}`,
          dist: {
            tarball: `${this.url}/tarballs/${version}.tgz`,
            shasum: createHash('sha1').update(tarball).digest('hex'),
            integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
          },
        },
      ]),
    );
    const latest = [...this.versions.keys()].at(-1);
    return { name: this.packageName, 'dist-tags': latest ? { latest } : {}, versions };
  }
}
