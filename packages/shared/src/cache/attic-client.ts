import { FlywheelError } from '../errors';
import { httpRequest } from '../http/request';
import { atticMessage, authHeaders, joinUrl } from './attic-probe';
import { toAtticNarHash } from './nar-hash';

/** What Attic needs to know about a store path to accept its NAR. */
export interface StorePathInfo {
  path: string;
  /** Any form Nix prints; converted for Attic. */
  narHash: string;
  narSize: number;
  /** Full store paths. */
  references: string[];
  deriver?: string;
  sigs: string[];
  ca?: string;
}

/** A NAR being read, e.g. from `nix-store --dump`; close() stops the producer if unread. */
export interface NarStream {
  stream: AsyncIterable<Uint8Array>;
  close(): void;
  /** Settles when the producer is done: rejects when it failed (the NAR sent may be cut short). */
  done?: Promise<void>;
}

/** Attic advises the JSON preamble once the metadata is 4 KiB or more (headers have limits). */
export const PREAMBLE_THRESHOLD = 4096;

export interface AtticClientOptions {
  endpoint: URL | string;
  cache: string;
  token?: string;
  /** Hashes per get-missing-paths request. */
  batchSize?: number;
  retries?: number;
  timeoutMs?: number;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export interface UploadOutcome {
  kind: 'Uploaded' | 'Deduplicated' | string;
  metadata: 'header' | 'preamble';
  attempts: number;
}

export function hashPart(storePath: string): string {
  return storePath.slice(storePath.lastIndexOf('/') + 1).slice(0, 32);
}

export class AtticClient {
  constructor(private readonly options: AtticClientOptions) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...authHeaders(this.options.token), 'user-agent': 'gloriousflywheel-attic-setup', ...extra };
  }

  /** The store paths (of those given) the cache does not have, asked in batches. */
  async missingPaths(
    paths: string[],
    signal?: AbortSignal,
  ): Promise<{ missing: Set<string>; requests: number }> {
    const byHash = new Map(paths.map((p) => [hashPart(p), p]));
    const hashes = [...byHash.keys()];
    const batch = this.options.batchSize ?? 1000;
    const missing = new Set<string>();
    let requests = 0;
    for (let i = 0; i < hashes.length; i += batch) {
      const res = await httpRequest(joinUrl(this.options.endpoint, '_api/v1/get-missing-paths'), {
        method: 'POST',
        headers: this.headers({ 'content-type': 'application/json' }),
        body: JSON.stringify({ cache: this.options.cache, store_path_hashes: hashes.slice(i, i + batch) }),
        retries: this.options.retries ?? 3,
        timeoutMs: this.options.timeoutMs ?? 30_000,
        onRetry: this.options.onRetry,
        signal,
      });
      requests += res.attempts;
      if (res.status !== 200) throw this.httpError('asking which paths are missing', res.status, res.text());
      for (const hash of res.json<{ missing_paths: string[] }>().missing_paths) {
        const path = byHash.get(hash);
        if (path) missing.add(path);
      }
    }
    return { missing, requests };
  }

  /**
   * Streams one NAR to `PUT /_api/v1/upload-path`. `openNar` is called once per attempt, so a retry
   * re-reads the NAR from the store rather than holding it in memory.
   */
  async uploadPath(
    info: StorePathInfo,
    openNar: () => NarStream,
    signal?: AbortSignal,
  ): Promise<UploadOutcome> {
    const metadata = JSON.stringify({
      cache: this.options.cache,
      store_path_hash: hashPart(info.path),
      store_path: info.path,
      references: info.references,
      system: null,
      deriver: info.deriver ?? null,
      sigs: info.sigs,
      ca: info.ca ?? null,
      nar_hash: toAtticNarHash(info.narHash),
      nar_size: info.narSize,
    });
    const preamble = Buffer.byteLength(metadata) >= PREAMBLE_THRESHOLD ? Buffer.from(metadata) : undefined;
    const opened: NarStream[] = [];
    const body = () => {
      const nar = openNar();
      opened.push(nar);
      return preamble ? prefixed(preamble, nar.stream) : nar.stream;
    };
    try {
      const res = await httpRequest(joinUrl(this.options.endpoint, '_api/v1/upload-path'), {
        method: 'PUT',
        headers: this.headers({
          'content-type': 'application/octet-stream',
          // A fixed length: a body cut short (its producer died) fails the request instead of
          // reaching the server as a complete, wrong NAR.
          'content-length': String(info.narSize + (preamble?.length ?? 0)),
          ...(preamble
            ? { 'x-attic-nar-info-preamble-size': String(preamble.length) }
            : { 'x-attic-nar-info': metadata }),
        }),
        body,
        retries: this.options.retries ?? 3,
        timeoutMs: this.options.timeoutMs ?? 300_000,
        onRetry: this.options.onRetry,
        signal,
      });
      if (res.status === 400 && /NAR (hash|size)|bad nar/i.test(atticMessage(res.text()))) {
        // Attic checked the body against the announced hash and size and found a different NAR: the
        // body was lost or cut in transit (seen when a keep-alive connection the server had just
        // closed was reused and the HTTP client re-sent the PUT without its consumed stream).
        // Nothing was stored; another try with a fresh NAR is the cure.
        throw new FlywheelError(
          'PUSH_FAILED',
          `the server received a different NAR than announced for ${info.path} (HTTP 400${atticMessage(res.text())})`,
          { details: { status: 400, transient: true, path: info.path } },
        );
      }
      if (res.status === 413) {
        throw new FlywheelError(
          'PUSH_FAILED',
          `the server refused ${info.path} (${info.narSize} bytes uncompressed) as too large (HTTP 413${atticMessage(res.text())})`,
          {
            hint:
              'raise the request body size limit of Attic or of the proxy in front of it (nginx client_max_body_size, ' +
              'Cloudflare allows 100 MB per request), or leave such paths out with push-exclude',
            details: { status: 413, path: info.path, narSize: info.narSize },
          },
        );
      }
      if (res.status !== 200) throw this.httpError(`uploading ${info.path}`, res.status, res.text());
      // The answer is only as good as the NAR sent with it (a 200 means all of it was read).
      await opened.at(-1)?.done?.catch((error: Error) => {
        throw new FlywheelError(
          'PROCESS_FAILED',
          `reading the NAR of ${info.path} failed: ${error.message}`,
          {
            details: { transient: true },
          },
        );
      });
      const reply = res.json<{ kind?: string }>();
      return {
        kind: reply.kind ?? 'Uploaded',
        metadata: preamble ? 'preamble' : 'header',
        attempts: res.attempts,
      };
    } finally {
      for (const nar of opened) nar.close();
    }
  }

  private httpError(what: string, status: number, body: string): FlywheelError {
    return new FlywheelError(
      'PUSH_FAILED',
      `Attic answered HTTP ${status} when ${what}${atticMessage(body)}`,
      {
        hint:
          status === 401 || status === 403 ? 'the token needs push (w) permission on this cache' : undefined,
        details: { status },
      },
    );
  }
}

async function* prefixed(head: Buffer, rest: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  yield head;
  yield* rest;
}
