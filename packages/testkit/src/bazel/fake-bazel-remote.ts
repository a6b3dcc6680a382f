import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeHttpServer, readBody, sendJson, sendText } from '../http/fake-server';

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface FakeBazelRemoteOptions {
  /** Accepted credentials: `user:password` pairs for Basic auth, or bare tokens for Bearer. */
  basicAuth?: string[];
  bearerTokens?: string[];
  /** Allow reads without credentials (bazel-remote's `--allow_unauthenticated_reads`). */
  allowUnauthenticatedReads?: boolean;
}

/** Hit and miss counters in the spirit of bazel_remote_incoming_requests_total. */
export interface BazelRemoteCounters {
  get: { hit: number; miss: number };
  contains: { hit: number; miss: number };
  put: number;
}

/**
 * A fake bazel-remote HTTP cache: `GET|HEAD|PUT /{ac,cas}/<sha256>` with an optional instance
 * prefix, CAS uploads checked against their hash, the empty blob always present, `GET /status`,
 * and htpasswd-style Basic auth (plus Bearer, as a proxy in front of it would accept).
 */
export class FakeBazelRemote extends FakeHttpServer {
  readonly cas = new Map<string, Buffer>();
  readonly ac = new Map<string, Buffer>();
  readonly counters: BazelRemoteCounters = {
    get: { hit: 0, miss: 0 },
    contains: { hit: 0, miss: 0 },
    put: 0,
  };

  constructor(private readonly options: FakeBazelRemoteOptions = {}) {
    super((req, res, url) => this.route(req, res, url));
  }

  seedCas(blob: Buffer): string {
    const hash = createHash('sha256').update(blob).digest('hex');
    this.cas.set(hash, blob);
    return hash;
  }

  private authorised(req: IncomingMessage, write: boolean): boolean {
    const { basicAuth, bearerTokens, allowUnauthenticatedReads } = this.options;
    if (!basicAuth && !bearerTokens) return true;
    if (!write && allowUnauthenticatedReads) return true;
    const header = req.headers.authorization ?? '';
    const basic = /^basic\s+(.+)$/i.exec(header);
    if (basic && basicAuth?.includes(Buffer.from(basic[1]!, 'base64').toString('utf8'))) return true;
    const bearer = /^bearer\s+(.+)$/i.exec(header);
    return Boolean(bearer && bearerTokens?.includes(bearer[1]!.trim()));
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    if (url.pathname === '/status' && method === 'GET') {
      const size = [...this.cas.values(), ...this.ac.values()].reduce((n, b) => n + b.length, 0);
      sendJson(res, 200, {
        CurrSize: size,
        UncompressedSize: size,
        ReservedSize: 0,
        MaxSize: 10 * 1024 ** 3,
        NumFiles: this.cas.size + this.ac.size,
        ServerTime: Math.floor(Date.now() / 1000),
        GitCommit: 'fake',
        GitTags: [],
        NumGoroutines: 1,
      });
      return;
    }
    const m = /^(?:\/[^/]+)*?\/(ac|cas)\/([0-9a-f]{64})$/.exec(url.pathname);
    if (!m) {
      req.resume();
      sendText(res, 404, 'Not found\n');
      return;
    }
    const kind = m[1] as 'ac' | 'cas';
    const hash = m[2]!;
    const store = kind === 'cas' ? this.cas : this.ac;
    const write = method === 'PUT';
    if (!this.authorised(req, write)) {
      req.resume();
      sendText(res, 401, 'Unauthorized\n', { 'www-authenticate': 'Basic realm="bazel-remote"' });
      return;
    }
    if (method === 'PUT') {
      const body = await readBody(req);
      if (kind === 'cas' && createHash('sha256').update(body).digest('hex') !== hash) {
        sendText(res, 400, `hash mismatch: body does not hash to ${hash}\n`);
        return;
      }
      store.set(hash, body);
      this.counters.put += 1;
      res.writeHead(200);
      res.end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      req.resume();
      sendText(res, 405, 'Method not allowed\n');
      return;
    }
    const blob = kind === 'cas' && hash === EMPTY_SHA256 ? Buffer.alloc(0) : store.get(hash);
    const counter = method === 'GET' ? this.counters.get : this.counters.contains;
    if (!blob) {
      counter.miss += 1;
      sendText(res, 404, 'Not found\n');
      return;
    }
    counter.hit += 1;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': blob.length });
    res.end(method === 'HEAD' ? undefined : blob);
  }
}
