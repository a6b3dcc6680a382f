import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeHttpServer, sendJson, sendText } from '../http/fake-server';
import { narHashBase32 } from '../nix/nar';
import { generateSigningKey, type NixSigningKey } from '../nix/signing';
import { type CachedObject, normaliseNarHash, renderNarinfo } from './narinfo';
import { type CacheRights, rightsFor, TokenAuthority, type TokenClaims } from './tokens';

export interface FakeAtticCache {
  name: string;
  isPublic: boolean;
  priority: number;
  key: NixSigningKey;
  upstreamCacheKeyNames: string[];
  objects: Map<string, CachedObject>;
}

export interface FakeAtticOptions {
  /** Uploads larger than this (NAR plus preamble) get 413, as a proxy in front of Attic would. */
  maxBodyBytes?: number;
}

/** One accepted upload, for assertions. */
export interface UploadRecord {
  cache: string;
  storePath: string;
  /** How the metadata came: the `X-Attic-Nar-Info` header or a JSON preamble in the body. */
  metadata: 'header' | 'preamble';
  narSize: number;
  kind: 'Uploaded' | 'Deduplicated';
  references: string[];
}

export interface SeedPath {
  storePath: string;
  nar: Buffer;
  references?: string[];
  deriver?: string;
  sigs?: string[];
}

type AtticErrorName =
  | 'NotFound'
  | 'Unauthorized'
  | 'NoSuchCache'
  | 'NoSuchObject'
  | 'AccessError'
  | 'RequestError'
  | 'PayloadTooLarge';

const STATUS: Record<AtticErrorName, number> = {
  NotFound: 404,
  Unauthorized: 401,
  NoSuchCache: 404,
  NoSuchObject: 404,
  AccessError: 403,
  RequestError: 400,
  PayloadTooLarge: 413,
};

const MESSAGE: Record<AtticErrorName, string> = {
  NotFound: 'The URL you requested was not found.',
  Unauthorized: 'Unauthorized.',
  NoSuchCache: 'The requested cache does not exist.',
  NoSuchObject: 'The requested object does not exist.',
  AccessError: 'Access error: Permission denied.',
  RequestError: 'General request error',
  PayloadTooLarge: 'Payload too large',
};

class AtticError extends Error {
  constructor(
    readonly kind: AtticErrorName,
    readonly detail?: string,
  ) {
    super(detail ?? MESSAGE[kind]);
  }
}

/**
 * A fake Attic server following the protocol in the reference notes: the Nix binary-cache routes
 * (`nix-cache-info`, signed narinfo, NAR download), the `/_api/v1` routes the client uses
 * (cache-config, get-missing-paths, upload-path with both metadata forms), JWT auth by Bearer or
 * Basic with per-cache pull/push rights, and Attic's `{code, error, message}` errors with
 * NoSuchCache/NoSuchObject/Forbidden collapsing to 401 without discovery rights.
 */
export class FakeAtticServer extends FakeHttpServer {
  readonly caches = new Map<string, FakeAtticCache>();
  readonly uploads: UploadRecord[] = [];
  readonly tokens = new TokenAuthority();
  maxBodyBytes: number;
  /** NAR hashes stored in any cache: Attic deduplicates NARs across caches by hash. */
  private readonly narHashes = new Set<string>();

  constructor(options: FakeAtticOptions = {}) {
    super((req, res, url) => this.route(req, res, url));
    this.maxBodyBytes = options.maxBodyBytes ?? Number.POSITIVE_INFINITY;
  }

  createCache(
    name: string,
    options: {
      isPublic?: boolean;
      priority?: number;
      keyName?: string;
      upstreamCacheKeyNames?: string[];
    } = {},
  ): FakeAtticCache {
    const cache: FakeAtticCache = {
      name,
      isPublic: options.isPublic ?? false,
      priority: options.priority ?? 41,
      key: generateSigningKey(options.keyName ?? name),
      upstreamCacheKeyNames: options.upstreamCacheKeyNames ?? ['cache.nixos.org-1'],
      objects: new Map(),
    };
    this.caches.set(name, cache);
    return cache;
  }

  issueToken(claims: TokenClaims): string {
    return this.tokens.issue(claims);
  }

  /** Puts a path into a cache as if an earlier job had pushed it. */
  seed(cacheName: string, path: SeedPath): CachedObject {
    const cache = this.mustCache(cacheName);
    const object: CachedObject = {
      storePath: path.storePath,
      storePathHash: hashPart(path.storePath),
      narHash: narHashBase32(path.nar),
      narSize: path.nar.length,
      references: path.references ?? [],
      sigs: path.sigs ?? [],
      nar: path.nar,
      ...(path.deriver ? { deriver: path.deriver } : {}),
    };
    cache.objects.set(object.storePathHash, object);
    this.narHashes.add(object.narHash);
    return object;
  }

  has(cacheName: string, storePath: string): boolean {
    return this.caches.get(cacheName)?.objects.has(hashPart(storePath)) ?? false;
  }

  object(cacheName: string, storePath: string): CachedObject | undefined {
    return this.caches.get(cacheName)?.objects.get(hashPart(storePath));
  }

  private mustCache(name: string): FakeAtticCache {
    const cache = this.caches.get(name);
    if (!cache) throw new Error(`fake attic: no cache ${name}`);
    return cache;
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      await this.dispatchRoute(req, res, url);
    } catch (error) {
      if (!(error instanceof AtticError)) throw error;
      req.resume();
      const status = STATUS[error.kind];
      sendJson(res, status, {
        code: status,
        error: error.kind,
        message: error.detail ? `${MESSAGE[error.kind]}: ${error.detail}` : MESSAGE[error.kind],
      });
    }
  }

  private async dispatchRoute(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === '_api' && parts[1] === 'v1') {
      const [, , route, cacheName] = parts;
      if (route === 'cache-config' && cacheName && method === 'GET')
        return this.cacheConfig(req, res, cacheName);
      if (route === 'get-missing-paths' && method === 'POST') return this.getMissingPaths(req, res);
      if (route === 'upload-path' && method === 'PUT') return this.uploadPath(req, res);
      throw new AtticError('NotFound');
    }
    if (method !== 'GET' && method !== 'HEAD') throw new AtticError('NotFound');
    const [cacheName, first, second] = parts;
    if (!cacheName || !first) throw new AtticError('NotFound');
    if (first === 'nix-cache-info' && !second) return this.nixCacheInfo(req, res, cacheName);
    if (first === 'attic-cache-info' && !second) return this.cacheConfig(req, res, cacheName);
    if (first === 'nar' && second?.endsWith('.nar'))
      return this.nar(req, res, cacheName, second.slice(0, -4));
    if (first.endsWith('.narinfo') && !second) return this.narinfo(req, res, cacheName, first.slice(0, -8));
    throw new AtticError('NotFound');
  }

  /** The caches claim of the request's token: Bearer, or Basic with the token as the password. */
  private claims(req: IncomingMessage): ReturnType<TokenAuthority['verify']> | 'anonymous' {
    const header = req.headers.authorization;
    if (!header) return 'anonymous';
    let token: string | undefined;
    const bearer = /^bearer\s+(.+)$/i.exec(header);
    const basic = /^basic\s+(.+)$/i.exec(header);
    if (bearer) token = bearer[1]!.trim();
    else if (basic) {
      const decoded = Buffer.from(basic[1]!.trim(), 'base64').toString('utf8');
      token = decoded.slice(decoded.indexOf(':') + 1);
    }
    if (!token) throw new AtticError('Unauthorized');
    const claims = this.tokens.verify(token);
    // A bad or expired token is refused outright, even for a public cache.
    if (!claims) throw new AtticError('Unauthorized', 'invalid or expired token');
    return claims;
  }

  /** Resolves a cache and the caller's rights, raising the errors Attic raises, in its order. */
  private authorise(req: IncomingMessage, cacheName: string, need: 'pull' | 'push'): FakeAtticCache {
    const claims = this.claims(req);
    const cache = this.caches.get(cacheName);
    const rights: CacheRights = rightsFor(
      claims === 'anonymous' ? {} : claims!,
      cacheName,
      cache?.isPublic ?? false,
    );
    if (!cache) throw new AtticError(rights.discover ? 'NoSuchCache' : 'Unauthorized');
    if (!rights[need]) throw new AtticError(rights.discover ? 'AccessError' : 'Unauthorized');
    return cache;
  }

  private visibility(cache: FakeAtticCache): Record<string, string> {
    return cache.isPublic ? { 'x-attic-cache-visibility': 'public' } : {};
  }

  private nixCacheInfo(req: IncomingMessage, res: ServerResponse, cacheName: string): void {
    const cache = this.authorise(req, cacheName, 'pull');
    const body = `WantMassQuery: 1\nStoreDir: /nix/store\nPriority: ${cache.priority}\n`;
    sendText(res, 200, body, { 'content-type': 'text/x-nix-cache-info', ...this.visibility(cache) });
  }

  private cacheConfig(req: IncomingMessage, res: ServerResponse, cacheName: string): void {
    const cache = this.authorise(req, cacheName, 'pull');
    const api = `${this.url}/`;
    sendJson(
      res,
      200,
      {
        substituter_endpoint: `${api}${cache.name}`,
        api_endpoint: api,
        public_key: cache.key.publicKey,
        is_public: cache.isPublic,
        store_dir: '/nix/store',
        priority: cache.priority,
        upstream_cache_key_names: cache.upstreamCacheKeyNames,
        retention_period: 'Global',
      },
      this.visibility(cache),
    );
  }

  private narinfo(req: IncomingMessage, res: ServerResponse, cacheName: string, hash: string): void {
    const claims = this.claims(req);
    const cache = this.caches.get(cacheName);
    const rights = rightsFor(claims === 'anonymous' ? {} : claims!, cacheName, cache?.isPublic ?? false);
    if (!cache) throw new AtticError(rights.discover ? 'NoSuchCache' : 'Unauthorized');
    // Attic looks the object up before it checks the permission.
    const object = cache.objects.get(hash);
    if (!object) throw new AtticError(rights.discover ? 'NoSuchObject' : 'Unauthorized');
    if (!rights.pull) throw new AtticError(rights.discover ? 'AccessError' : 'Unauthorized');
    const text = renderNarinfo(object, cache.key);
    const headers = { 'content-type': 'text/x-nix-narinfo', ...this.visibility(cache) };
    if (req.method === 'HEAD') {
      res.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(text) });
      res.end();
      return;
    }
    sendText(res, 200, text, headers);
  }

  private nar(req: IncomingMessage, res: ServerResponse, cacheName: string, hash: string): void {
    const cache = this.authorise(req, cacheName, 'pull');
    const object = cache.objects.get(hash);
    if (!object) throw new AtticError('NoSuchObject');
    res.writeHead(200, { 'content-type': 'application/x-nix-nar', 'content-length': object.nar.length });
    res.end(req.method === 'HEAD' ? undefined : object.nar);
  }

  private async getMissingPaths(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await this.readLimited(req);
    const request = parseJson<{ cache?: string; store_path_hashes?: unknown }>(body);
    if (typeof request.cache !== 'string' || !Array.isArray(request.store_path_hashes)) {
      throw new AtticError('RequestError', 'expected {"cache", "store_path_hashes"}');
    }
    const cache = this.authorise(req, request.cache, 'push');
    const missing = (request.store_path_hashes as unknown[]).filter(
      (h): h is string => typeof h === 'string' && !cache.objects.has(h),
    );
    sendJson(res, 200, { missing_paths: missing });
  }

  private async uploadPath(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const length = Number(req.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(length) && length > this.maxBodyBytes) {
      req.resume();
      throw new AtticError('PayloadTooLarge', `limit is ${this.maxBodyBytes} bytes`);
    }
    const headerInfo = req.headers['x-attic-nar-info'];
    const preambleHeader = req.headers['x-attic-nar-info-preamble-size'];
    const body = await this.readLimited(req);
    let infoText: string;
    let nar: Buffer;
    let metadata: UploadRecord['metadata'];
    if (typeof preambleHeader === 'string') {
      const size = Number(preambleHeader);
      if (!Number.isInteger(size) || size <= 0 || size > body.length) {
        throw new AtticError('RequestError', 'bad X-Attic-Nar-Info-Preamble-Size');
      }
      infoText = body.subarray(0, size).toString('utf8');
      nar = body.subarray(size);
      metadata = 'preamble';
    } else if (typeof headerInfo === 'string') {
      infoText = headerInfo;
      nar = body;
      metadata = 'header';
    } else {
      throw new AtticError('RequestError', 'X-Attic-Nar-Info must be set');
    }
    const info = validateUploadInfo(parseJson<Record<string, unknown>>(Buffer.from(infoText, 'utf8')));
    const cache = this.authorise(req, info.cache, 'push');
    const actualHash = `sha256:${createHash('sha256').update(nar).digest('hex')}`;
    if (normaliseNarHash(actualHash) !== info.narHash || nar.length !== info.narSize) {
      throw new AtticError('RequestError', 'Bad NAR Hash or Size');
    }
    const deduplicated = this.narHashes.has(info.narHash);
    const object: CachedObject = {
      storePath: info.storePath,
      storePathHash: info.storePathHash,
      narHash: info.narHash,
      narSize: info.narSize,
      references: info.references,
      sigs: info.sigs,
      nar: Buffer.from(nar),
      ...(info.deriver ? { deriver: info.deriver } : {}),
      ...(info.ca ? { ca: info.ca } : {}),
    };
    cache.objects.set(object.storePathHash, object);
    this.narHashes.add(object.narHash);
    const kind = deduplicated ? 'Deduplicated' : 'Uploaded';
    this.uploads.push({
      cache: cache.name,
      storePath: info.storePath,
      metadata,
      narSize: info.narSize,
      kind,
      references: info.references,
    });
    sendJson(res, 200, { kind, file_size: nar.length, frac_deduplicated: deduplicated ? 1 : 0 });
  }

  /** Reads the body, answering 413 (after draining it) when it is larger than the limit. */
  private async readLimited(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > this.maxBodyBytes) over = true;
      if (!over) chunks.push(chunk as Buffer);
    }
    if (over) throw new AtticError('PayloadTooLarge', `limit is ${this.maxBodyBytes} bytes`);
    return Buffer.concat(chunks);
  }
}

interface UploadInfo {
  cache: string;
  storePathHash: string;
  storePath: string;
  references: string[];
  sigs: string[];
  narHash: string;
  narSize: number;
  deriver?: string;
  ca?: string;
}

/** The checks Attic's deserialiser makes: required fields, hash syntax, hash part matching the path. */
function validateUploadInfo(raw: Record<string, unknown>): UploadInfo {
  const str = (key: string) => {
    const v = raw[key];
    if (typeof v !== 'string') throw new AtticError('RequestError', `missing field \`${key}\``);
    return v;
  };
  const strList = (key: string) => {
    const v = raw[key];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      throw new AtticError('RequestError', `missing field \`${key}\``);
    }
    return v as string[];
  };
  const storePath = str('store_path');
  const storePathHash = str('store_path_hash');
  if (!/^[0-9a-df-np-sv-z]{32}$/.test(storePathHash) || hashPart(storePath) !== storePathHash) {
    throw new AtticError('RequestError', 'store_path_hash does not match store_path');
  }
  const narHash = normaliseNarHash(str('nar_hash'));
  if (!narHash) throw new AtticError('RequestError', 'invalid nar_hash: expected sha256:<hex or nix base32>');
  const narSize = raw['nar_size'];
  if (typeof narSize !== 'number' || !Number.isInteger(narSize) || narSize < 0) {
    throw new AtticError('RequestError', 'missing field `nar_size`');
  }
  const info: UploadInfo = {
    cache: str('cache'),
    storePathHash,
    storePath,
    references: strList('references'),
    sigs: strList('sigs'),
    narHash,
    narSize,
  };
  if (typeof raw['deriver'] === 'string') info.deriver = raw['deriver'];
  if (typeof raw['ca'] === 'string') info.ca = raw['ca'];
  return info;
}

function parseJson<T>(body: Buffer): T {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch (error) {
    throw new AtticError('RequestError', `invalid JSON: ${(error as Error).message}`);
  }
}

function hashPart(storePath: string): string {
  return storePath.slice(storePath.lastIndexOf('/') + 1).slice(0, 32);
}
