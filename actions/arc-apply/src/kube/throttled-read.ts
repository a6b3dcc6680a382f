import { parseRetryAfter, sleep } from '@gloriousflywheel/shared';
import { statusOf } from './errors';

/** How often, and how long at most each time, a throttled read is tried again (client-go: 10). */
const MAX_RETRIES = 10;
const MAX_WAIT_MS = 10_000;

/** The wait a failed call's Retry-After header asks for, when the server sent one. */
function retryAfterOf(error: unknown): number | undefined {
  const headers = (error as { headers?: Record<string, string> } | undefined)?.headers;
  return parseRetryAfter(headers?.['retry-after'] ?? headers?.['Retry-After']);
}

/**
 * A read the API server asked to retry later: 429 or 5xx with a Retry-After header, as its
 * priority-and-fairness limits answer, and as a resource whose CRD was just replaced answers while
 * its storage rebuilds (429 "storage is (re)initializing", Retry-After 1). Tried again after the
 * time given, up to 10 times, as client-go does for every request (rest/with_retry.go IsNextRetry,
 * checkWait). Only reads: a write is retried by its caller, after a fresh read.
 */
export async function retryThrottled<T>(read: () => Promise<T>): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await read();
    } catch (error) {
      const status = statusOf(error);
      const after = retryAfterOf(error);
      const throttled = status !== undefined && (status === 429 || status >= 500) && after !== undefined;
      if (!throttled || retry >= MAX_RETRIES) throw error;
      await sleep(Math.min(after, MAX_WAIT_MS));
    }
  }
}
