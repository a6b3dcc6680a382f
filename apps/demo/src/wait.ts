export const sleepReal = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (real time) until `check` holds, up to `ms`; the demo reports what it finds either way. */
export async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await sleepReal(200);
  }
  return check();
}
