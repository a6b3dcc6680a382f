/** Polls `check` until it is true, with a generous deadline and no fixed sleeps beyond the poll gap. */
export async function waitUntil(
  what: string,
  deadlineMs: number,
  check: () => Promise<boolean> | boolean,
  o: { everyMs?: number; progress?: (elapsedMs: number) => void; progressEveryMs?: number } = {},
): Promise<void> {
  const start = Date.now();
  let lastProgress = start;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    const now = Date.now();
    if (now - start > deadlineMs) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${Math.round(deadlineMs / 1000)} s waiting for ${what}${why}`);
    }
    if (o.progress && now - lastProgress >= (o.progressEveryMs ?? 10_000)) {
      lastProgress = now;
      o.progress(now - start);
    }
    await new Promise((r) => setTimeout(r, o.everyMs ?? 100));
  }
}
