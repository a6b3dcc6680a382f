import { existsSync, readFileSync } from 'node:fs';
import {
  type AtticClient,
  type NixStore,
  newStorePaths,
  pushPaths,
  snapshotStore,
} from '@gloriousflywheel/shared/cache';
import { requestFlush } from './control';
import type { UploaderFiles, UploadJob } from './layout';
import { figuresOf, ProgressWriter, type PushFigures, pendingMisses, readTally } from './progress';
import { writeQueueFile } from './queue';
import { pidAlive, readStatus, signal } from './status';

export interface SettleOptions {
  files: UploaderFiles;
  job: UploadJob;
  /** Post: the uploader stops once it has flushed. Report: it goes on streaming. */
  exit: boolean;
  deadlineMs: number;
  /** To push without the uploader (it is gone, or there never was one); needs the token. */
  client: AtticClient | undefined;
  store: NixStore;
  log: (message: string) => void;
  /** How often to look at the uploader's status while waiting. */
  pollMs?: number;
}

/** What became of the uploader this time. */
export type UploaderOutcome = 'none' | 'flushed' | 'gone' | 'timed-out';

export interface SettleResult {
  figures: PushFigures;
  /** Paths pushed before this step began: while the job ran. */
  pushedBefore: number;
  uploader: UploaderOutcome;
  /** Why the uploader had stopped early, when it had. */
  uploaderStopped?: string;
  /** Why nothing could be pushed or counted, when that is the case. */
  error?: string;
  deadlineReached: boolean;
  durationMs: number;
}

/** A new uploader may take this long to say it is there (Node starting on a busy runner). */
const START_GRACE_MS = 10_000;
/** After post's deadline the uploader gets this long to abandon its uploads and exit. */
const EXIT_GRACE_MS = 3_000;

/** The paths new in this job: the store now, less setup's listing and push-exclude, valid ones only. */
export async function newPathsOf(job: UploadJob, store: NixStore): Promise<string[]> {
  const before = readFileSync(job.snapshotFile, 'utf8').split('\n').filter(Boolean);
  const now = await snapshotStore(job.storeDir);
  const exclude = job.exclude.map((e) => new RegExp(e.source, e.flags));
  const candidates = newStorePaths(before, now, exclude, job.storeDir);
  return candidates.length > 0 ? store.validPaths(candidates) : [];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Gets everything the job built into the cache, or as much as the deadline allows, and counts it:
 * hands the uploader the new paths it has not seen, asks it to flush (and, for post, to stop) and
 * waits; pushes directly whatever is left when the uploader is gone or never ran; then reads the
 * record for the figures.
 */
export async function settle(options: SettleOptions): Promise<SettleResult> {
  const started = Date.now();
  const deadlineAt = started + options.deadlineMs;
  const { files, job } = options;
  const pushedBefore = readTally(files.progress).pushed.size;
  const newPaths = await newPathsOf(job, options.store);
  const pid = existsSync(files.pid) ? Number(readFileSync(files.pid, 'utf8')) : undefined;

  let outcome: UploaderOutcome = 'none';
  let uploaderStopped: string | undefined;
  if (pid && pidAlive(pid)) {
    outcome = await flushUploader(options, pid, newPaths, deadlineAt);
  } else if (pid) {
    outcome = 'gone';
    uploaderStopped = readStatus(files.status)?.reason ?? 'it is no longer running';
  }
  if (outcome === 'gone' && !uploaderStopped) uploaderStopped = readStatus(files.status)?.reason;

  let error = readStatus(files.status)?.error;
  const remaining = deadlineAt - Date.now();
  if ((outcome === 'none' || outcome === 'gone') && options.client && remaining > 0) {
    const tally = readTally(files.progress);
    const leftovers = newPaths.filter((p) => !tally.classes.has(p));
    const known = pendingMisses(tally);
    if (leftovers.length + known.length > 0) {
      options.log(
        `${leftovers.length} new path(s) to classify and ${known.length} known miss(es) to push; asking the cache.`,
      );
      const progress = new ProgressWriter(files.progress);
      try {
        const report = await pushPaths({
          client: options.client,
          source: options.store,
          paths: leftovers,
          knownMisses: known,
          concurrency: job.concurrency,
          deadlineMs: remaining,
          skipSignedBy: job.upstreamKeyNames,
          onProgress: options.log,
          onEvent: (event) => progress.write(event),
        });
        error = report.error ?? error;
      } finally {
        progress.close();
      }
    }
  }
  const figures = figuresOf(readTally(files.progress), newPaths);
  return {
    figures,
    pushedBefore,
    uploader: outcome,
    ...(uploaderStopped ? { uploaderStopped } : {}),
    ...(error ? { error } : {}),
    deadlineReached: Date.now() >= deadlineAt,
    durationMs: Date.now() - started,
  };
}

async function flushUploader(
  options: SettleOptions,
  pid: number,
  newPaths: string[],
  deadlineAt: number,
): Promise<UploaderOutcome> {
  const { files } = options;
  const poll = options.pollMs ?? 50;
  // The uploader may still be starting: its queue takes the paths either way.
  const known = readTally(files.progress).classes;
  writeQueueFile(
    files.queue,
    newPaths.filter((p) => !known.has(p)),
  );
  const seq = requestFlush(files.control, { exit: options.exit, deadlineAt });
  const startBy = Date.now() + START_GRACE_MS;
  for (;;) {
    const status = readStatus(files.status);
    const alive = pidAlive(pid);
    if (status && status.flushed >= seq && (!options.exit || status.state === 'stopped' || !alive))
      return 'flushed';
    if (!alive) return 'gone';
    if (!status && Date.now() > startBy) {
      // Never came up: take over, and make sure it cannot start pushing behind our back.
      signal(pid, 'SIGTERM');
      return 'gone';
    }
    const over = Date.now() - deadlineAt;
    if (over > (options.exit ? EXIT_GRACE_MS : 0)) {
      if (options.exit) signal(pid, 'SIGTERM');
      return 'timed-out';
    }
    await sleep(poll);
  }
}
