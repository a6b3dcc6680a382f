import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Fault, FaultInjector } from './faults';

/** One request as the fake saw it; tests assert on these and count them. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  status?: number;
  /** Milliseconds since the server started. */
  at: number;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

/**
 * An HTTP server on 127.0.0.1 that every fake in the testkit is built on: it applies injected
 * faults before the fake's own handler runs and keeps a log of every request with its final status.
 */
export class FakeHttpServer {
  readonly faults = new FaultInjector();
  readonly log: RecordedRequest[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly startedAt = Date.now();
  private base = '';

  constructor(private readonly handler: Handler) {}

  get url(): string {
    if (!this.base) throw new Error('fake server not started');
    return this.base;
  }

  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.dispatch(req, res));
    server.keepAliveTimeout = 1000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests matching a method and a path (string prefix or regex). */
  requests(method?: string, path?: string | RegExp): RecordedRequest[] {
    return this.log.filter(
      (r) =>
        (!method || r.method === method) &&
        (!path || (typeof path === 'string' ? r.path.startsWith(path) : path.test(r.path))),
    );
  }

  inject(fault: Fault): void {
    this.faults.add(fault);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      at: Date.now() - this.startedAt,
    };
    this.log.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    try {
      const handled = await this.faults.apply(record.method, url, req, res);
      if (handled) return;
      await this.handler(req, res, url);
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake server error: ${(error as Error).message}`);
      } else {
        res.destroy();
      }
    }
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function readJson<T = unknown>(req: IncomingMessage): Promise<T> {
  const body = await readBody(req);
  return JSON.parse(body.toString('utf8') || 'null') as T;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A status with no body (204, 202, a bare 401). */
export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': 0 });
  res.end();
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string | number> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
