import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { PushEvent } from '@gloriousflywheel/shared/cache';

/**
 * The push record of a job: one line per event, appended by the uploader (and by report or post
 * when they push themselves), read by report and post. Lines: `H path` hit, `U path` signed by an
 * upstream cache, `M path size` miss, `P path bytes` pushed, `A path` found in the cache already,
 * `F path t|p reason` failed (transient or permanent). Appends of one short line are atomic, so
 * two writers never interleave within a line.
 */
export class ProgressWriter {
  private fd: number | undefined;

  constructor(private readonly file: string) {}

  write(event: PushEvent): void {
    this.fd ??= openSync(this.file, 'a', 0o600);
    writeSync(this.fd, `${lineOf(event)}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function lineOf(event: PushEvent): string {
  switch (event.kind) {
    case 'hit':
      return `H ${event.path}`;
    case 'upstream':
      return `U ${event.path}`;
    case 'miss':
      return `M ${event.path} ${event.narSize}`;
    case 'pushed':
      return `P ${event.path} ${event.bytes}`;
    case 'present':
      return `A ${event.path}`;
    case 'failed':
      return `F ${event.path} ${event.transient ? 't' : 'p'} ${event.reason.replace(/\s+/g, ' ')}`;
  }
}

export type PathClass = 'hit' | 'miss' | 'upstream';

/** Everything the record says, path by path. The first classification of a path wins. */
export interface Tally {
  classes: Map<string, PathClass>;
  pushed: Map<string, number>;
  present: Set<string>;
  failed: Map<string, { reason: string; transient: boolean }>;
}

export function readTally(file: string): Tally {
  const tally: Tally = { classes: new Map(), pushed: new Map(), present: new Set(), failed: new Map() };
  if (!existsSync(file)) return tally;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [kind, path, a, ...rest] = line.split(' ');
    if (!kind || !path) continue;
    const classify = (c: PathClass) => {
      if (!tally.classes.has(path)) tally.classes.set(path, c);
    };
    if (kind === 'H') classify('hit');
    else if (kind === 'U') classify('upstream');
    else if (kind === 'M') classify('miss');
    else if (kind === 'P') {
      tally.pushed.set(path, Number(a) || 0);
      tally.failed.delete(path);
    } else if (kind === 'A') tally.present.add(path);
    else if (kind === 'F' && !tally.pushed.has(path))
      tally.failed.set(path, { transient: a === 't', reason: rest.join(' ') });
  }
  return tally;
}

/** Misses still to push: not pushed, not found in the cache meanwhile, not failed for good. */
export function pendingMisses(tally: Tally): string[] {
  const out: string[] = [];
  for (const [path, c] of tally.classes) {
    if (c !== 'miss' || tally.pushed.has(path) || tally.present.has(path)) continue;
    const failure = tally.failed.get(path);
    if (failure && !failure.transient) continue;
    out.push(path);
  }
  return out;
}

export interface PushFigures {
  /** Paths new in this job (after push-exclude). */
  newPaths: number;
  hits: number;
  misses: number;
  upstream: number;
  /** hits / (hits + misses) over the new paths; undefined when none was classified. */
  hitRate: number | undefined;
  pushed: number;
  pushedBytes: number;
  /** Misses not pushed (yet), and new paths the cache was never asked about. */
  deferred: string[];
  failed: Array<{ path: string; reason: string }>;
}

/** The job's figures, counting hits and misses over its new paths only, as the README defines them. */
export function figuresOf(tally: Tally, newPaths: readonly string[]): PushFigures {
  let hits = 0;
  let misses = 0;
  let upstream = 0;
  const deferred: string[] = [];
  for (const path of newPaths) {
    const c = tally.classes.get(path);
    if (c === 'hit') hits += 1;
    else if (c === 'miss') misses += 1;
    else if (c === 'upstream') upstream += 1;
    else deferred.push(path);
  }
  const permanent = [...tally.failed].filter(([, f]) => !f.transient);
  deferred.push(...pendingMisses(tally));
  let pushedBytes = 0;
  for (const bytes of tally.pushed.values()) pushedBytes += bytes;
  return {
    newPaths: newPaths.length,
    hits,
    misses,
    upstream,
    hitRate: hits + misses > 0 ? hits / (hits + misses) : undefined,
    pushed: tally.pushed.size,
    pushedBytes,
    deferred,
    failed: permanent.map(([path, f]) => ({ path, reason: f.reason })),
  };
}
