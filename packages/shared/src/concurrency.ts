/**
 * Maps items with at most `limit` calls in flight; results keep the input order. API calls that do
 * not depend on each other (per repository, per scale set) should not pay every round trip in series,
 * nor flood the server.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Remembers the promise of each key so concurrent callers share one request. */
export class Memo<V> {
  private readonly values = new Map<string, Promise<V>>();

  get(key: string, load: () => Promise<V>): Promise<V> {
    let value = this.values.get(key);
    if (!value) {
      value = load();
      this.values.set(key, value);
    }
    return value;
  }
}
