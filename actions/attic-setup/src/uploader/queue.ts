import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What one read of the queue yields. */
export interface QueueBatch {
  /** Output paths the hook reported, and paths report/post handed over. */
  paths: string[];
  /** Derivations whose outputs the hook could not name (Nix 2.8): their outputs are looked up. */
  drvs: string[];
  /** Queue files taken (and removed). */
  files: number;
}

/** A file the hook is still writing has no `end` line; past this age it is taken as it is. */
const UNFINISHED_GRACE_MS = 30_000;

interface Entry {
  name: string;
  mtimeNs: bigint;
}

function entries(dir: string): Entry[] {
  const out: Entry[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.paths')) continue;
    try {
      out.push({ name, mtimeNs: statSync(join(dir, name), { bigint: true }).mtimeNs });
    } catch {
      // taken meanwhile
    }
  }
  // The hook runs after each build, so file order is build order: references before referrers.
  return out.sort((a, b) =>
    a.mtimeNs < b.mtimeNs ? -1 : a.mtimeNs > b.mtimeNs ? 1 : a.name.localeCompare(b.name),
  );
}

export function queueLength(dir: string): number {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.paths')).length;
  } catch {
    return 0;
  }
}

/**
 * Takes queue files, oldest first, until about `limit` paths are read; the rest wait for the next
 * call, so memory stays bounded however fast builds fill the queue.
 */
export function takeFromQueue(dir: string, limit: number, now = Date.now()): QueueBatch {
  const batch: QueueBatch = { paths: [], drvs: [], files: 0 };
  for (const entry of entries(dir)) {
    if (batch.paths.length + batch.drvs.length >= limit) break;
    const file = join(dir, entry.name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n').filter(Boolean);
    const finished = lines.at(-1) === 'end' || entry.name.startsWith('l-');
    if (!finished && now - Number(entry.mtimeNs / 1_000_000n) < UNFINISHED_GRACE_MS) continue;
    const outs: string[] = [];
    let drv: string | undefined;
    for (const line of lines) {
      const space = line.indexOf(' ');
      if (space < 0) continue;
      const kind = line.slice(0, space);
      const value = line.slice(space + 1).trim();
      if (!value) continue;
      if (kind === 'out' || kind === 'path') outs.push(value);
      else if (kind === 'drv') drv = value;
    }
    if (outs.length > 0) batch.paths.push(...outs);
    else if (drv) batch.drvs.push(drv);
    rmSync(file, { force: true });
    batch.files += 1;
  }
  return batch;
}

let written = 0;

/** Hands paths to the uploader (report and post: new paths it has not seen). Written atomically. */
export function writeQueueFile(dir: string, paths: readonly string[]): void {
  if (paths.length === 0) return;
  const name = `l-${process.pid}-${Date.now()}-${written++}`;
  const tmp = join(dir, `${name}.tmp`);
  writeFileSync(tmp, paths.map((p) => `path ${p}\n`).join(''), { mode: 0o600 });
  renameSync(tmp, join(dir, `${name}.paths`));
}
