import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (the kernel's pick, released for the service to take). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `check` holds, with a deadline generous enough for a loaded 2-core machine. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  deadlineMs = 90_000,
): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** Waits until `url` answers 200. */
export function waitReady(url: string, what: string): Promise<true> {
  return waitFor(what, async () => (await fetch(url)).ok || undefined);
}
