import type { AtticClient } from './attic-client';
import { type PathSource, type PushEvent, StreamPusher } from './stream-push';

export interface PushOptions {
  client: AtticClient;
  source: PathSource;
  /** Candidate paths (the job's new paths, already filtered). */
  paths: string[];
  /** Paths already counted as misses elsewhere: uploaded if still missing, never counted again. */
  knownMisses?: string[];
  concurrency: number;
  /** Everything must end by then; what is left is deferred. */
  deadlineMs: number;
  onProgress?: (message: string) => void;
  /** Every outcome as it happens (the uploader's record). */
  onEvent?: (event: PushEvent) => void;
  /** Key names of upstream caches (e.g. `cache.nixos.org-1`): paths they signed are not pushed. */
  skipSignedBy?: readonly string[];
  retryBaseMs?: number;
}

export interface PushReport {
  candidates: number;
  /** Already in the cache: substituted, or built identically elsewhere. */
  hits: number;
  /** Not in the cache: built here. */
  misses: number;
  /** Missing from the cache but signed by an upstream cache: fetched from there, so not pushed. */
  upstream: number;
  /** hits / (hits + misses); undefined when the cache could not be asked or there were no paths. */
  hitRate: number | undefined;
  pushed: string[];
  pushedBytes: number;
  deferred: string[];
  failed: Array<{ path: string; reason: string }>;
  /** HTTP requests made: get-missing-paths attempts and upload attempts. */
  requests: { missingQueries: number; uploads: number };
  deadlineReached: boolean;
  durationMs: number;
  /** Why no hit rate or no push happened at all, when that is the case. */
  error?: string;
}

/**
 * Asks the cache which candidates it lacks, then uploads those, references before referrers (all
 * are classified before the first upload), `concurrency` at a time, and never past the deadline:
 * paths not done by then are reported as deferred rather than failing the step.
 */
export async function pushPaths(options: PushOptions): Promise<PushReport> {
  const started = performance.now();
  const deadline = AbortSignal.timeout(Math.max(1, options.deadlineMs));
  const report: PushReport = {
    candidates: options.paths.length,
    hits: 0,
    misses: 0,
    upstream: 0,
    hitRate: undefined,
    pushed: [],
    pushedBytes: 0,
    deferred: [],
    failed: [],
    requests: { missingQueries: 0, uploads: 0 },
    deadlineReached: false,
    durationMs: 0,
  };
  let lastProgress = performance.now();
  const pusher = new StreamPusher({
    client: options.client,
    source: options.source,
    concurrency: options.concurrency,
    order: 'global',
    signal: deadline,
    ...(options.skipSignedBy ? { skipSignedBy: options.skipSignedBy } : {}),
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    onEvent: (event) => {
      tally(report, event);
      options.onEvent?.(event);
      const now = performance.now();
      if (options.onProgress && event.kind === 'pushed' && now - lastProgress > 5000) {
        lastProgress = now;
        options.onProgress(
          `pushed ${report.pushed.length} of ${report.misses} paths (${report.failed.length} failed), still uploading`,
        );
      }
    },
  });
  pusher.add(options.paths);
  pusher.add(options.knownMisses ?? [], true);
  await pusher.drain();
  report.requests = { missingQueries: pusher.counters.missingQueries, uploads: pusher.counters.uploads };
  report.deferred = pusher.unsettled();
  report.deadlineReached = deadline.aborted;
  if (pusher.error) report.error = pusher.error;
  else if (deadline.aborted && report.hits + report.misses + report.upstream < options.paths.length)
    report.error = 'the push deadline passed while asking the cache';
  const counted = report.hits + report.misses;
  report.hitRate = report.error || counted === 0 ? undefined : report.hits / counted;
  report.durationMs = performance.now() - started;
  return report;
}

function tally(report: PushReport, event: PushEvent): void {
  switch (event.kind) {
    case 'hit':
      report.hits += 1;
      break;
    case 'miss':
      report.misses += 1;
      break;
    case 'upstream':
      report.upstream += 1;
      break;
    case 'pushed':
      report.pushed.push(event.path);
      report.pushedBytes += event.bytes;
      break;
    case 'failed':
      report.failed.push({ path: event.path, reason: event.reason });
      break;
    case 'present':
      break;
  }
}
