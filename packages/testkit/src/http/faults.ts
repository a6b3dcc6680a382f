import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A fault the fake applies to requests that match. Several kinds can be combined: latency is
 * always served first, then at most one of reset / status / slow body.
 */
export interface Fault {
  method?: string;
  /** A path prefix, or a regular expression tested against the path. */
  path?: string | RegExp;
  /** How many matching requests it applies to; unlimited when absent. */
  times?: number;
  latencyMs?: number;
  /** Answer with this status (and body) instead of the real handler. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the connection without an answer. */
  reset?: boolean;
  /** Let the real handler answer but trickle its body out this slowly (ms per 1 KiB chunk). */
  slowBodyMsPerKiB?: number;
  /** Accept the request and never answer (the connection stays open until the server stops). */
  hang?: boolean;
  /**
   * Let the real handler answer, then cut the connection half-way through the body: the headers
   * (Content-Length included) promise more than arrives.
   */
  truncateBody?: boolean;
}

interface ActiveFault extends Fault {
  used: number;
}

export class FaultInjector {
  private readonly active: ActiveFault[] = [];

  add(fault: Fault): void {
    this.active.push({ ...fault, used: 0 });
  }

  clear(): void {
    this.active.length = 0;
  }

  /** Returns true when the fault answered the request (the real handler must not run). */
  async apply(method: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const fault = this.active.find(
      (f) =>
        (f.times === undefined || f.used < f.times) &&
        (!f.method || f.method === method) &&
        (!f.path ||
          (typeof f.path === 'string' ? url.pathname.startsWith(f.path) : f.path.test(url.pathname))),
    );
    if (!fault) return false;
    fault.used += 1;
    if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault.reset) {
      req.socket.destroy();
      return true;
    }
    if (fault.hang) {
      req.resume();
      return true;
    }
    if (fault.status !== undefined) {
      // Drain the request so the client sees the answer rather than an EPIPE.
      req.resume();
      const body =
        fault.body === undefined
          ? ''
          : typeof fault.body === 'string'
            ? fault.body
            : JSON.stringify(fault.body);
      res.writeHead(fault.status, {
        'content-type': typeof fault.body === 'string' ? 'text/plain' : 'application/json',
        ...fault.headers,
      });
      res.end(body);
      return true;
    }
    if (fault.slowBodyMsPerKiB) trickle(res, fault.slowBodyMsPerKiB);
    if (fault.truncateBody) truncate(res);
    return false;
  }
}

/** Wraps res.end so only the first half of the body leaves before the socket is destroyed. */
function truncate(res: ServerResponse): void {
  const write = res.write.bind(res) as (chunk: Buffer) => boolean;
  const pending: Buffer[] = [];
  res.write = ((chunk: string | Buffer) => {
    pending.push(Buffer.from(chunk));
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: string | Buffer | (() => void)) => {
    if (chunk && typeof chunk !== 'function') pending.push(Buffer.from(chunk));
    const all = Buffer.concat(pending);
    // After writeHead the headers are fixed (and carry the handler's Content-Length); before, promise the whole.
    if (!res.headersSent && !res.hasHeader('content-length')) res.setHeader('content-length', all.length);
    res.flushHeaders();
    write(all.subarray(0, Math.max(1, Math.floor(all.length / 2))));
    // Give the half a moment to leave, then drop the connection mid-body.
    setTimeout(() => res.socket?.destroy(), 20);
    return res;
  }) as ServerResponse['end'];
}

/** Wraps res.write/end so the body leaves in 1 KiB pieces with a pause between them. */
function trickle(res: ServerResponse, msPerKiB: number): void {
  const write = res.write.bind(res) as (chunk: Buffer) => boolean;
  const end = res.end.bind(res) as (chunk?: Buffer) => ServerResponse;
  const pending: Buffer[] = [];
  res.write = ((chunk: string | Buffer) => {
    pending.push(Buffer.from(chunk));
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: string | Buffer | (() => void)) => {
    if (chunk && typeof chunk !== 'function') pending.push(Buffer.from(chunk));
    const all = Buffer.concat(pending);
    void (async () => {
      for (let i = 0; i < all.length; i += 1024) {
        if (res.destroyed) return;
        write(all.subarray(i, i + 1024));
        await new Promise((r) => setTimeout(r, msPerKiB));
      }
      end();
    })();
    return res;
  }) as ServerResponse['end'];
}
