import { apiVersionOf } from './resources';
import type { ObjectFilter } from './selectors';
import { statusErrors } from './status';
import type { KubeStore } from './store';
import type { KubeObject, ResourceType } from './types';

interface ContinueToken {
  rv: number;
  /** The `namespace/name` key of the last item already returned. */
  after: string;
}

function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

function decode(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof parsed.rv !== 'number' || typeof parsed.after !== 'string') throw new Error('shape');
    return parsed;
  } catch {
    throw statusErrors.badRequest('continue key is not valid: illegal base64 data or malformed token');
  }
}

/**
 * A list answer: items in key order (as etcd returns them), the list's resourceVersion, and
 * `limit`/`continue` paging with `remainingItemCount`. A continue token older than the last
 * compaction is 410 Gone, as on a real cluster.
 */
export function listResponse(store: KubeStore, type: ResourceType, filter: ObjectFilter, q: URLSearchParams) {
  const items = store
    .scan(type, filter)
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const limit = Number(q.get('limit') ?? 0);
  const token = q.get('continue');
  let start = 0;
  let rv = store.resourceVersion;
  if (token) {
    const parsed = decode(token);
    if (parsed.rv < store.oldestWatchableRv) {
      throw statusErrors.gone(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    }
    rv = parsed.rv;
    start = items.findIndex((o) => keyOf(o) > parsed.after);
    if (start < 0) start = items.length;
  }
  const page = limit > 0 ? items.slice(start, start + limit) : items.slice(start);
  const remaining = items.length - start - page.length;
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (limit > 0 && remaining > 0) {
    metadata['continue'] = Buffer.from(JSON.stringify({ rv, after: keyOf(page[page.length - 1]!) })).toString(
      'base64url',
    );
    metadata['remainingItemCount'] = remaining;
  }
  return { kind: type.listKind, apiVersion: apiVersionOf(type), metadata, items: page };
}
