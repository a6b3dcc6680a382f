import { type KubeConfig, Watch } from '@kubernetes/client-node';

export interface SeenEvent {
  type: string;
  name: string;
  object: {
    metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> };
    code?: number;
    reason?: string;
    message?: string;
  };
}

/** A watch through client-node's Watch that records every event until stopped or ended by the server. */
export async function recordWatch(
  kc: KubeConfig,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
) {
  const events: SeenEvent[] = [];
  let endedWith: unknown = 'open';
  const abort = await new Watch(kc).watch(
    path,
    query,
    (type, object: SeenEvent['object']) => events.push({ type, name: object?.metadata?.name ?? '', object }),
    (err) => {
      endedWith = err ?? null;
    },
  );
  return {
    events,
    ended: () => endedWith !== 'open',
    /** Events other than bookmarks, as `TYPE name`. */
    changes: () => events.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.name}`),
    stop: () => abort.abort(),
  };
}
