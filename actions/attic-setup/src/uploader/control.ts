import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Report asks for a flush (push what is pending, then go on); post for a flush and an exit. */
export interface FlushRequest {
  seq: number;
  exit: boolean;
  /** Epoch milliseconds: an exiting uploader abandons its uploads then (they become deferred). */
  deadlineAt: number;
}

export function requestFlush(dir: string, request: Omit<FlushRequest, 'seq'>): number {
  const seq = Math.max(Date.now(), (latestRequest(dir)?.seq ?? 0) + 1);
  const tmp = join(dir, `${seq}.tmp`);
  writeFileSync(tmp, JSON.stringify({ ...request, seq }), { mode: 0o600 });
  renameSync(tmp, join(dir, `${seq}.json`));
  return seq;
}

/** The newest request (post's exit request is always the last one). */
export function latestRequest(dir: string): FlushRequest | undefined {
  let latest: FlushRequest | undefined;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return undefined;
  }
  for (const name of names) {
    try {
      const request = JSON.parse(readFileSync(join(dir, name), 'utf8')) as FlushRequest;
      if (!latest || request.seq > latest.seq) latest = request;
    } catch {
      // half written: the next look sees it whole
    }
  }
  return latest;
}
