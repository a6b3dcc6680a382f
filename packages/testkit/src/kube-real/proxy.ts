import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'node:https';
import { FakeHttpServer, readBody } from '../http/fake-server';
import { failure } from '../kube/index';

/** A write a client made through the proxy, with the server's answer. */
export interface ProxiedWrite {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function forwarded(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_BY_HOP.has(k) || k === 'host') continue;
    out[k] = v;
  }
  return out;
}

function isWatch(url: URL): boolean {
  const w = url.searchParams.get('watch');
  return w === 'true' || w === '1' || url.pathname.includes('/watch/');
}

/**
 * A plain-HTTP front on 127.0.0.1 for the real API server, so tests can do to it what they do to
 * the fake: inject faults (`inject`, answered before the request goes on), read the request log
 * (`log`, `requests`). Everything else is passed through to the real server over TLS verified
 * against its CA; watches stream. `onWrite` hears every answered write; the client gets the answer
 * once what onWrite returns has settled.
 */
export class KubeProxy extends FakeHttpServer {
  private readonly agent: Agent;

  constructor(
    upstream: string,
    caPem: string,
    onWrite: (write: ProxiedWrite) => void | Promise<void> = () => {},
  ) {
    const agent = new Agent({ keepAlive: true, ca: caPem, maxSockets: 16 });
    super(async (req, res, url) => {
      const method = req.method ?? 'GET';
      const body = await readBody(req);
      const watch = isWatch(url);
      await new Promise<void>((resolve) => {
        const up = request(
          `${upstream}${url.pathname}${url.search}`,
          {
            method,
            headers: forwarded(req.headers),
            ...(watch ? { agent: false, ca: caPem } : { agent }),
          },
          (answer) => {
            const status = answer.statusCode ?? 502;
            const headers = forwarded(answer.headers);
            if (watch) {
              res.writeHead(status, headers);
              res.flushHeaders();
              answer.pipe(res);
              res.on('close', () => answer.destroy());
              answer.on('end', resolve);
              answer.on('error', () => {
                res.destroy();
                resolve();
              });
              return;
            }
            const chunks: Buffer[] = [];
            answer.on('data', (c: Buffer) => chunks.push(c));
            answer.on('error', () => {
              res.destroy();
              resolve();
            });
            answer.on('end', () => {
              void (async () => {
                const text = Buffer.concat(chunks);
                if (method !== 'GET' && status < 300) {
                  let parsed: unknown;
                  try {
                    parsed = JSON.parse(text.toString('utf8'));
                  } catch {
                    parsed = undefined;
                  }
                  try {
                    await onWrite({ method, path: url.pathname, status, body: parsed });
                  } catch {
                    // The listener reports its own failures; the client still gets its answer.
                  }
                }
                res.writeHead(status, { ...headers, 'content-length': text.length });
                res.end(text);
                resolve();
              })();
            });
          },
        );
        up.on('error', (error) => {
          if (!res.headersSent) {
            const s = failure(502, 'ServiceUnavailable', `proxy: ${error.message}`).status;
            res.writeHead(502, { 'content-type': 'application/json' });
            res.end(JSON.stringify(s));
          } else res.destroy();
          resolve();
        });
        res.on('close', () => {
          if (watch) up.destroy();
        });
        up.end(body);
      });
    });
    this.agent = agent;
  }

  override async stop(): Promise<void> {
    await super.stop();
    this.agent.destroy();
  }
}
