import type { ServerResponse } from 'node:http';
import { apiVersionOf } from './resources';
import { matchesFilter, type ObjectFilter } from './selectors';
import { failure } from './status';
import type { KubeStore } from './store';
import type { KubeObject, ResourceType, StoreEvent, WatchEventType } from './types';

export interface WatchRequest {
  type: ResourceType;
  filter: ObjectFilter;
  /** The `resourceVersion` query parameter; absent or "0" starts with the current state. */
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
}

interface ActiveWatch {
  request: WatchRequest;
  res: ServerResponse;
  path: string;
  close: () => void;
}

/** Which event a watcher with a selector sees for a store event (objects entering or leaving the selector). */
function translate(
  event: StoreEvent,
  filter: ObjectFilter,
): { type: WatchEventType; object: KubeObject } | undefined {
  const before = event.previous ? matchesFilter(filter, event.previous) : false;
  if (event.type === 'DELETED') return before ? { type: 'DELETED', object: event.object } : undefined;
  const now = matchesFilter(filter, event.object);
  if (event.type === 'ADDED') return now ? { type: 'ADDED', object: event.object } : undefined;
  if (now && before) return { type: 'MODIFIED', object: event.object };
  if (now) return { type: 'ADDED', object: event.object };
  if (before) return { type: 'DELETED', object: event.object };
  return undefined;
}

/** Serves watch streams: replay from a resourceVersion, live events, bookmarks, 410 Gone, and cuts for fault tests. */
export class WatchHub {
  private readonly active = new Set<ActiveWatch>();

  constructor(
    private readonly store: KubeStore,
    private readonly bookmarkIntervalMs: number,
  ) {}

  get count(): number {
    return this.active.size;
  }

  serve(request: WatchRequest, res: ServerResponse, path: string): void {
    const { type, filter } = request;
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // The API server answers a watch at once; clients (client-node's Watch) wait for these headers.
    res.flushHeaders();
    const send = (eventType: WatchEventType, object: unknown) => {
      if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify({ type: eventType, object })}\n`);
    };
    const rv = request.resourceVersion;
    const initialState = () => {
      for (const obj of this.store.scan(type, filter)) send('ADDED', obj);
    };
    if (request.sendInitialEvents === true) {
      // A watch-list: the current state (never older than `rv`), then the end-of-initial-events bookmark.
      initialState();
      if (request.allowBookmarks) {
        send('BOOKMARK', this.bookmark(type, { 'k8s.io/initial-events-end': 'true' }));
      }
    } else if (rv === undefined || rv === '' || rv === '0') {
      // Without a version a legacy watch starts with the current state; with sendInitialEvents=false, from now.
      if (request.sendInitialEvents === undefined) initialState();
    } else {
      const since = Number(rv);
      const replay = Number.isFinite(since) ? this.store.eventsSince(since) : undefined;
      if (!replay) {
        // As etcd-backed storage words it; a watch cache would say `too old resource version: X (Y)`.
        send(
          'ERROR',
          failure(410, 'Expired', 'The resourceVersion for the provided watch is too old.').status,
        );
        res.end();
        return;
      }
      for (const event of replay) {
        if (event.resource !== type) continue;
        const seen = translate(event, filter);
        if (seen) send(seen.type, seen.object);
      }
    }
    const unsubscribe = this.store.subscribe((event) => {
      if (event.resource !== type) return;
      const seen = translate(event, filter);
      if (seen) send(seen.type, seen.object);
    });
    const timers: NodeJS.Timeout[] = [];
    if (request.allowBookmarks && this.bookmarkIntervalMs > 0) {
      timers.push(setInterval(() => send('BOOKMARK', this.bookmark(type)), this.bookmarkIntervalMs));
    }
    if (request.timeoutSeconds && request.timeoutSeconds > 0) {
      timers.push(setTimeout(() => res.end(), request.timeoutSeconds * 1000));
    }
    const watch: ActiveWatch = {
      request,
      res,
      path,
      close: () => {
        unsubscribe();
        for (const t of timers) clearTimeout(t);
        this.active.delete(watch);
      },
    };
    this.active.add(watch);
    res.on('close', watch.close);
    res.on('finish', watch.close);
  }

  private bookmark(type: ResourceType, annotations?: Record<string, string>) {
    return {
      kind: type.kind,
      apiVersion: apiVersionOf(type),
      metadata: {
        resourceVersion: String(this.store.resourceVersion),
        ...(annotations ? { annotations } : {}),
      },
    };
  }

  /** Sends a bookmark on every open watch that asked for them. */
  sendBookmarks(): void {
    for (const w of this.active) {
      if (w.request.allowBookmarks)
        w.res.write(`${JSON.stringify({ type: 'BOOKMARK', object: this.bookmark(w.request.type) })}\n`);
    }
  }

  /**
   * Cuts open watch streams (all, or those whose path matches): `abrupt` destroys the connection
   * mid-stream, otherwise the server ends the response cleanly as on its own watch timeout.
   * Returns how many were cut.
   */
  cut(options: { path?: string | RegExp; abrupt?: boolean } = {}): number {
    let cut = 0;
    for (const w of [...this.active]) {
      const p = options.path;
      if (p && !(typeof p === 'string' ? w.path.startsWith(p) : p.test(w.path))) continue;
      cut++;
      w.close();
      if (options.abrupt) w.res.destroy();
      else w.res.end();
    }
    return cut;
  }
}
