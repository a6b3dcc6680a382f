import { errorStatus } from '@gloriousflywheel/shared/forge';

/** A read that may be refused: the checks turn refusals into evidence and fixes. */
export type Access<T> = { ok: true; value: T } | { ok: false; status: number | undefined; message: string };

/**
 * Runs a forge read; a refusal (4xx) becomes a value, while an outage (5xx, rate limits past the
 * client's retries, no answer at all) still fails the run: it says nothing about the enrolment.
 */
export async function access<T>(read: () => Promise<T>): Promise<Access<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    const status = errorStatus(error);
    if (status === undefined || status >= 500 || status === 429) throw error;
    return { ok: false, status, message: error instanceof Error ? error.message : String(error) };
  }
}
