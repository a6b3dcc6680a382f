import { apiVersionOf, type KubeObject, type ResourceType } from '../kube/index';
import { type RestClient, resourcePath } from './rest-client';

export interface InformerEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

interface WatchLine {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number };
}

/**
 * A list+watch cache of one kind in one namespace, as client-go's reflector keeps one: a list,
 * then a watch from the list's resourceVersion; a watch that ends is resumed from the last version
 * seen, and one that expired (410) starts over with a new list. It remembers the uids it saw
 * deleted, so a caller can tell "not arrived yet" from "already gone".
 */
export class Informer {
  private readonly objects = new Map<string, KubeObject>();
  private readonly deleted = new Set<string>();
  private lastRv = '0';
  /** The resourceVersion of the last list: the cache reflects everything up to it. */
  private listedRv = 0;
  private closeWatch: (() => void) | undefined;
  private stopped = false;
  private expired = false;
  /** Events applied (bookmarks excluded). */
  events = 0;

  constructor(
    private readonly client: RestClient,
    readonly type: ResourceType,
    readonly namespace: string,
    private readonly onEvent: (event: InformerEvent) => void,
  ) {}

  async start(): Promise<void> {
    await this.relist();
    this.watch();
  }

  get(name: string): KubeObject | undefined {
    return this.objects.get(name);
  }

  list(): KubeObject[] {
    return [...this.objects.values()];
  }

  /** Whether the cache is known to reflect `uid` at (at least) version `rv`, or its deletion. */
  reflects(uid: string, name: string, rv: number): boolean {
    if (rv <= this.listedRv) return true;
    const obj = this.objects.get(name);
    if (obj && obj.metadata.uid === uid) return Number(obj.metadata.resourceVersion) >= rv;
    // Another object under that name means ours was deleted first; or we saw it go.
    return obj !== undefined || this.deleted.has(uid);
  }

  /** Whether the cache no longer holds `uid` under `name`. */
  lost(uid: string, name: string): boolean {
    return this.objects.get(name)?.metadata.uid !== uid;
  }

  stop(): void {
    this.stopped = true;
    this.closeWatch?.();
  }

  private withKind(obj: KubeObject): KubeObject {
    // List items of built-in kinds come without apiVersion and kind.
    return {
      ...obj,
      apiVersion: obj.apiVersion ?? apiVersionOf(this.type),
      kind: obj.kind ?? this.type.kind,
    };
  }

  private async relist(): Promise<void> {
    const answer = await this.client.call('GET', resourcePath(this.type, this.namespace));
    if (answer.status !== 200) {
      throw new Error(
        `list ${this.type.plural} in ${this.namespace}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    const list = answer.body as { metadata: { resourceVersion: string }; items: KubeObject[] };
    const seen = new Set<string>();
    for (const raw of list.items) {
      const obj = this.withKind(raw);
      const name = obj.metadata.name!;
      seen.add(name);
      const had = this.objects.get(name);
      if (had?.metadata.resourceVersion === obj.metadata.resourceVersion) continue;
      this.objects.set(name, obj);
      this.apply({ type: had ? 'MODIFIED' : 'ADDED', object: obj });
    }
    for (const [name, obj] of this.objects) {
      if (seen.has(name)) continue;
      this.objects.delete(name);
      this.deleted.add(obj.metadata.uid!);
      this.apply({ type: 'DELETED', object: obj });
    }
    this.lastRv = list.metadata.resourceVersion;
    this.listedRv = Number(this.lastRv);
  }

  private apply(event: InformerEvent): void {
    this.events++;
    this.onEvent(event);
  }

  private watch(): void {
    if (this.stopped) return;
    const query = `?watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(this.lastRv)}`;
    this.closeWatch = this.client.stream(
      resourcePath(this.type, this.namespace) + query,
      (line) => this.onLine(line as WatchLine),
      (error) => this.resume(error),
    );
  }

  private onLine(line: WatchLine): void {
    if (line.type === 'ERROR') {
      if (line.object.code === 410) this.expired = true;
      return;
    }
    const rv = line.object.metadata?.resourceVersion;
    if (rv) this.lastRv = rv;
    if (line.type === 'BOOKMARK') return;
    const obj = this.withKind(line.object);
    const name = obj.metadata.name!;
    if (line.type === 'DELETED') {
      this.objects.delete(name);
      this.deleted.add(obj.metadata.uid!);
    } else this.objects.set(name, obj);
    this.apply({ type: line.type, object: obj });
  }

  /** A watch ended (the server's timeout, a dropped connection, 410): resume it, listing again if needed. */
  private resume(error?: Error): void {
    if (this.stopped) return;
    setTimeout(
      () => {
        void (async () => {
          try {
            if (this.expired) {
              this.expired = false;
              await this.relist();
            }
            this.watch();
          } catch {
            this.expired = true;
            this.resume(new Error('relist failed'));
          }
        })();
      },
      error ? 200 : 0,
    );
  }
}
