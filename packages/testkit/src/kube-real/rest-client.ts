import { Agent, request } from 'node:https';
import { apiVersionOf, type ResourceType } from '../kube/index';

export interface RestAnswer {
  status: number;
  /** The parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
}

/** The API path of a resource, a collection or a subresource, as the API server routes them. */
export function resourcePath(
  type: ResourceType,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const base = type.group ? `/apis/${apiVersionOf(type)}` : `/api/${type.version}`;
  const ns = type.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const item = name !== undefined ? `/${encodeURIComponent(name)}` : '';
  return `${base}${ns}/${type.plural}${item}${subresource ? `/${subresource}` : ''}`;
}

/**
 * JSON over HTTPS to the real API server with a bearer token, verifying its certificate against
 * the test bed's CA (never switched off), on kept-alive connections: the simulator makes many
 * small writes, and a handshake per request would dominate them.
 */
export class RestClient {
  private readonly agent: Agent;

  constructor(
    readonly server: string,
    private readonly caPem: string,
    private readonly token: string,
  ) {
    this.agent = new Agent({ keepAlive: true, ca: caPem, maxSockets: 16 });
  }

  /**
   * One call; a 429 (the server busy, or a fresh CRD's storage still initialising) is retried
   * after its Retry-After, as client-go does, for up to a minute.
   */
  async call(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<RestAnswer> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const answer = await this.once(method, path, body, contentType);
      if (answer.status !== 429 || Date.now() > deadline) return answer;
      const after = Number(
        (answer.body as { details?: { retryAfterSeconds?: number } })?.details?.retryAfterSeconds,
      );
      await new Promise((r) => setTimeout(r, (Number.isFinite(after) && after > 0 ? after : 1) * 1000));
    }
  }

  private once(method: string, path: string, body: unknown, contentType: string): Promise<RestAnswer> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        `${this.server}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
            ...(payload !== undefined
              ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
          timeout: 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 60 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /**
   * A streamed GET (a watch): `onLine` gets each JSON line; `onEnd` once, with the error if the
   * connection failed. Returns a function that closes the stream.
   */
  stream(path: string, onLine: (line: unknown) => void, onEnd: (error?: Error) => void): () => void {
    let ended = false;
    const end = (error?: Error) => {
      if (ended) return;
      ended = true;
      onEnd(error);
    };
    const req = request(
      `${this.server}${path}`,
      {
        method: 'GET',
        // A watch holds its connection: never one from the pool of short requests.
        agent: false,
        ca: this.caPem,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' },
      },
      (res) => {
        if ((res.statusCode ?? 0) >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => end(new Error(`watch ${path}: ${res.statusCode} ${Buffer.concat(chunks)}`)));
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
            const line = buffered.slice(0, nl).trim();
            buffered = buffered.slice(nl + 1);
            if (line) onLine(JSON.parse(line));
          }
        });
        res.on('end', () => end());
        res.on('error', (error) => end(error));
      },
    );
    req.on('error', (error) => end(error));
    req.end();
    return () => {
      ended = true;
      req.destroy();
    };
  }

  close(): void {
    this.agent.destroy();
  }
}
