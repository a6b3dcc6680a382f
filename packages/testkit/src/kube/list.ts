import { parseResourceVersion, tooLargeResourceVersion } from './list-options';
import { apiVersionOf } from './resources';
import { matchesFilter, type ObjectFilter } from './selectors';
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

/** The objects of `type` matching `filter` as they were at `rv`, or the 410 an expired version gets. */
function itemsAt(store: KubeStore, type: ResourceType, filter: ObjectFilter, rv: number, gone: string) {
  const items = store.listAt(type, rv);
  if (!items) throw statusErrors.gone(gone);
  return items.filter((o) => matchesFilter(filter, o));
}

/**
 * A list answer: items in key order (as etcd returns them), the list's resourceVersion, and
 * `limit`/`continue` paging with `remainingItemCount`. Pages after the first, and a list with
 * `resourceVersionMatch=Exact`, are served as the objects were at that version (a consistent
 * snapshot, as etcd serves them); a version the history no longer reaches is 410 Gone.
 */
export function listResponse(store: KubeStore, type: ResourceType, filter: ObjectFilter, q: URLSearchParams) {
  const limit = Number(q.get('limit') ?? 0);
  const token = q.get('continue');
  const rvParam = q.get('resourceVersion') ?? '';
  const current = store.resourceVersion;
  let rv = current;
  let start = 0;
  let items: KubeObject[];
  if (token) {
    const parsed = decode(token);
    rv = parsed.rv;
    items = itemsAt(
      store,
      type,
      filter,
      rv,
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
    );
    items.sort(byKey);
    start = items.findIndex((o) => keyOf(o) > parsed.after);
    if (start < 0) start = items.length;
  } else {
    const asked = rvParam ? parseResourceVersion(rvParam) : 0;
    if (asked > current) throw tooLargeResourceVersion(asked, current);
    if (q.get('resourceVersionMatch') === 'Exact') {
      rv = asked;
      items = itemsAt(store, type, filter, rv, 'The resourceVersion for the provided list is too old.');
    } else items = store.scan(type, filter);
    items.sort(byKey);
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

function byKey(a: KubeObject, b: KubeObject): number {
  return keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0;
}
