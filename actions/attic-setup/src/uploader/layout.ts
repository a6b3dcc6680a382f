import { join } from 'node:path';

/** How new paths reach the uploader: `none` when there is none and post pushes everything. */
export type PathFeed = 'hook' | 'watch' | 'none';

/**
 * What setup tells the uploader and the later steps (report, post) about this job's push: no
 * secret, so it may sit in a plain file (the token is in `credentials.json`, 0600, read once).
 */
export interface UploadJob {
  endpoint: string;
  cache: string;
  storeDir: string;
  /** The store listing taken by setup: "new in this job" is everything not in it. */
  snapshotFile: string;
  /** push-exclude, as regular expression sources and flags. */
  exclude: Array<{ source: string; flags: string }>;
  upstreamKeyNames: string[];
  concurrency: number;
  feed: PathFeed;
  /** Milliseconds since the epoch when setup started the uploader. */
  startedAt: number;
  /** A process whose end means the job is over (GitHub's Runner.Worker), when there is one. */
  anchorPid?: number;
  /** The uploader stops by then whatever happens (GitLab's job timeout), epoch milliseconds. */
  stopBy?: number;
}

/** The files of one job's uploader, all under one private (0700) folder in the runner's temp dir. */
export function uploaderFiles(dir: string) {
  return {
    dir,
    job: join(dir, 'job.json'),
    credentials: join(dir, 'credentials.json'),
    /** The post-build hook drops one file per build here; report and post add their leftovers. */
    queue: join(dir, 'queue'),
    /** Flush and stop requests from report and post. */
    control: join(dir, 'control'),
    /** One line per event: what was a hit, a miss, pushed, failed (see progress.ts). */
    progress: join(dir, 'progress.log'),
    /** The uploader's own state and counters, replaced atomically. */
    status: join(dir, 'status.json'),
    /** The uploader's process id, written by setup once it is started. */
    pid: join(dir, 'uploader.pid'),
    log: join(dir, 'uploader.log'),
    hook: join(dir, 'post-build-hook.sh'),
  };
}

export type UploaderFiles = ReturnType<typeof uploaderFiles>;

/** Set by setup for the job's later steps (report mode) to find the uploader's folder. */
export const JOB_DIR_ENV = 'FLYWHEEL_ATTIC_JOB_DIR';
/** Set only in the uploader's own environment: the bundle then runs the uploader, not the action. */
export const UPLOADER_ENV = 'FLYWHEEL_ATTIC_UPLOADER';
