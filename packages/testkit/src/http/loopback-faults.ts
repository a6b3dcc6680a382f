import { createServer as createTcpServer, type Socket } from 'node:net';
import { FakeHttpServer, sendJson } from './fake-server';

/** The faults an outbound call must survive, each served from 127.0.0.1. */
export const LOOPBACK_FAULTS = ['refused', 'hang', 'status-500', 'html', 'not-json', 'truncated'] as const;
export type LoopbackFault = (typeof LOOPBACK_FAULTS)[number];

export interface LoopbackFaultServer {
  url: string;
  stop(): Promise<void>;
}

const HTML = '<!DOCTYPE html><html><head><title>Sign in</title></head><body>proxy login</body></html>';

/** A port nothing listens on: bound, then closed (the kernel answers RST: connection refused). */
async function refusedUrl(): Promise<string> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * A loopback server with one fault on every path: it refuses, accepts and never answers, answers
 * 500, answers an HTML page (a proxy's login), answers text that is not JSON, or cuts a JSON body
 * half-way. Every request gets the same fault, whatever its path.
 */
export async function startLoopbackFault(fault: LoopbackFault): Promise<LoopbackFaultServer> {
  if (fault === 'refused') return { url: await refusedUrl(), stop: async () => {} };
  const hung = new Set<Socket>();
  const server = new FakeHttpServer((req, res) => {
    switch (fault) {
      case 'hang':
        hung.add(req.socket);
        req.resume();
        return;
      case 'status-500':
        sendJson(res, 500, { message: 'internal error' });
        return;
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(HTML);
        return;
      case 'not-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('this is not json');
        return;
      case 'truncated':
        sendJson(res, 200, { items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item-${i}` })) });
        return;
    }
  });
  if (fault === 'truncated') server.inject({ truncateBody: true });
  const url = await server.start();
  return {
    url,
    stop: async () => {
      for (const socket of hung) socket.destroy();
      await server.stop();
    },
  };
}
