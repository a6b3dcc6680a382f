/**
 * Runs fn over items with at most `limit` in flight, keeping the results in order. Per-set and
 * per-runner writes are independent; doing a few at once keeps a 200-set fleet from paying every
 * round trip in series.
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
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const API_CONCURRENCY = 8;
