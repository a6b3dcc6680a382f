import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { PathFeed } from './layout';

/** What the uploader says about itself; report and post read it, the tests too. */
export interface UploaderStatus {
  pid: number;
  state: 'running' | 'stopped';
  feed: PathFeed;
  /** The last flush request it completed (0: none). */
  flushed: number;
  /** Why it stopped, when it did. */
  reason?: string;
  /** Why nothing can be pushed (e.g. the token was refused). */
  error?: string;
  counters: {
    pushed: number;
    pushedBytes: number;
    hits: number;
    misses: number;
    upstream: number;
    failed: number;
    missingQueries: number;
    uploads: number;
    /** Paths held in memory now, and at most. */
    backlog: number;
    peakBacklog: number;
    /** Paths seen by the store watch but dropped because its buffer was full (post picks them up). */
    watchOverflow: number;
    /** The most files waiting in the queue at once (the backlog beyond memory waits there). */
    peakQueued: number;
    /** Peak resident memory of the uploader, in KiB. */
    maxRssKiB: number;
  };
  updatedAt: string;
}

export function writeStatus(file: string, status: UploaderStatus): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(status)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

export function readStatus(file: string): UploaderStatus | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as UploaderStatus;
  } catch {
    return undefined;
  }
}

/** Whether a process is there (EPERM: it is, but not ours to signal); a zombie is not. */
export function pidAlive(pid: number | undefined): boolean {
  if (!pid || pid <= 1) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // The state follows the command name in parentheses: `Z` is a process that has ended.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Signals a process if it is there. */
export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
