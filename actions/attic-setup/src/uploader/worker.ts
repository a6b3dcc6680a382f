import { existsSync, type FSWatcher, readFileSync, rmSync, watch } from 'node:fs';
import { basename } from 'node:path';
import {
  AtticClient,
  NEVER_PUSHED,
  NixStore,
  type PushEvent,
  STORE_ENTRY,
  StoreWatch,
  StreamPusher,
} from '@gloriousflywheel/shared/cache';
import { type FlushRequest, latestRequest } from './control';
import { type UploaderFiles, type UploadJob, uploaderFiles } from './layout';
import { ProgressWriter } from './progress';
import { queueLength, takeFromQueue, writeQueueFile } from './queue';
import { RecentSet } from './recent-set';
import { pidAlive, type UploaderStatus, writeStatus } from './status';

/** Hashes per get-missing-paths request; also the unit of the memory bound. */
const BATCH = 1000;
/** The most paths the uploader holds at once; the queue (on disk) holds the rest. */
const MAX_BACKLOG = 2 * BATCH;
/** A path built alone waits this long for others, so one request asks about all of them. */
const LINGER_MS = 1000;
/** Paths the store watch may buffer before it drops some (post's store diff still finds them). */
const WATCH_BUFFER = 50_000;
/** Looks at the queue, the requests and its job at least this often, even without a wake-up. */
const TICK_MS = 500;
const STATUS_EVERY_MS = 500;

/** Runs the uploader of the job whose folder is `dir` until the job ends or post stops it. */
export async function runUploader(dir: string): Promise<number> {
  const files = uploaderFiles(dir);
  const job = JSON.parse(readFileSync(files.job, 'utf8')) as UploadJob;
  let token: string | undefined;
  if (existsSync(files.credentials)) {
    token = (JSON.parse(readFileSync(files.credentials, 'utf8')) as { token?: string }).token;
    // Read once and gone: the token lives on only in this process's memory.
    rmSync(files.credentials, { force: true });
  }
  return new Uploader(files, job, token).run();
}

function log(message: string): void {
  process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}

class Uploader {
  private readonly stop = new AbortController();
  private readonly pusher: StreamPusher;
  private readonly progress: ProgressWriter;
  private readonly store = new NixStore({ timeoutMs: 300_000 });
  private readonly exclude: RegExp[];
  private readonly seen = new RecentSet(16_384);
  private readonly watched = new Set<string>();
  private readonly watchers: FSWatcher[] = [];
  private storeWatch: StoreWatch | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private handled = 0;
  private stopReason: string | undefined;
  private error: string | undefined;
  private lastStatus = 0;
  private readonly counters: UploaderStatus['counters'] = {
    pushed: 0,
    pushedBytes: 0,
    hits: 0,
    misses: 0,
    upstream: 0,
    failed: 0,
    missingQueries: 0,
    uploads: 0,
    backlog: 0,
    peakBacklog: 0,
    peakQueued: 0,
    watchOverflow: 0,
    maxRssKiB: 0,
  };

  constructor(
    private readonly files: UploaderFiles,
    private readonly job: UploadJob,
    token: string | undefined,
  ) {
    this.exclude = job.exclude.map((e) => new RegExp(e.source, e.flags));
    this.progress = new ProgressWriter(files.progress);
    this.pusher = new StreamPusher({
      client: new AtticClient({ endpoint: job.endpoint, cache: job.cache, ...(token ? { token } : {}) }),
      source: this.store,
      concurrency: job.concurrency,
      batchSize: BATCH,
      lingerMs: LINGER_MS,
      order: 'arrival',
      skipSignedBy: job.upstreamKeyNames,
      signal: this.stop.signal,
      onEvent: (event) => this.record(event),
    });
  }

  async run(): Promise<number> {
    log(
      `uploader ${process.pid} started: new paths come from the ${this.job.feed === 'hook' ? 'post-build hook' : 'store watch'}`,
    );
    this.writeStatus('running');
    process.on('SIGTERM', () => this.halt('stopped by SIGTERM'));
    process.on('SIGINT', () => this.halt('stopped by SIGINT'));
    for (const dir of [this.files.queue, this.files.control]) {
      try {
        this.watchers.push(watch(dir, () => this.wake()));
      } catch {
        // the tick still looks every TICK_MS
      }
    }
    if (this.job.feed === 'watch') this.startStoreWatch();
    const ticker = setInterval(() => this.wake(), TICK_MS);
    try {
      while (!this.stopReason) {
        await this.nextWake();
        this.checkJob();
        if (this.stopReason) break;
        await this.intake();
        const request = latestRequest(this.files.control);
        if (request && request.seq > this.handled) await this.flush(request);
        if (Date.now() - this.lastStatus > STATUS_EVERY_MS) this.writeStatus('running');
      }
    } catch (error) {
      this.error = (error as Error).message;
      this.stopReason ??= `failed: ${this.error}`;
      log(`uploader failed: ${this.error}`);
    } finally {
      clearInterval(ticker);
      for (const w of this.watchers) w.close();
      this.storeWatch?.close();
      this.stop.abort();
      this.progress.close();
      if (existsSync(this.files.dir)) this.writeStatus('stopped');
      log(`uploader stopped: ${this.stopReason}`);
    }
    return 0;
  }

  private halt(reason: string): void {
    this.stopReason ??= reason;
    this.stop.abort();
    this.wake();
  }

  private wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    if (wake) wake();
    else this.woken = true;
  }

  /** The next reason to look: a queue or request file, a finished store path, or the tick. */
  private nextWake(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.wakeUp = resolve;
    });
  }

  /**
   * Whether the job is still there. GitHub's runner empties its temp folder (ours is in it) and its
   * Runner.Worker exits when a job ends (actions/runner TempDirectoryManager, JobExtension); on
   * GitLab the job timeout bounds it. Any of these ends the uploader, uploads in flight abandoned.
   */
  private checkJob(): void {
    if (!existsSync(this.files.dir))
      this.halt('its job folder is gone (the runner empties it when a job ends)');
    else if (this.job.anchorPid && !pidAlive(this.job.anchorPid))
      this.halt('its job is over (the runner process that started it is gone)');
    else if (this.job.stopBy && Date.now() > this.job.stopBy) this.halt('the job timeout has passed');
  }

  private startStoreWatch(): void {
    this.storeWatch = new StoreWatch({
      storeDir: this.job.storeDir,
      onComplete: (names) => {
        for (const name of names) {
          if (this.watched.size >= WATCH_BUFFER) this.counters.watchOverflow += 1;
          else this.watched.add(name);
        }
        this.wake();
      },
      onError: (error) => log(`the store watch failed: ${error.message}; post finds the rest`),
    });
    try {
      this.storeWatch.start();
    } catch (error) {
      log(`cannot watch ${this.job.storeDir}: ${(error as Error).message}; post pushes what the job built`);
    }
  }

  /** Takes new paths in while memory allows: from the queue files, then from the store watch. */
  private async intake(): Promise<void> {
    let room = MAX_BACKLOG - this.pusher.backlog;
    if (room <= 0) return;
    const batch = takeFromQueue(this.files.queue, room);
    const paths = batch.paths;
    if (batch.drvs.length > 0) {
      try {
        paths.push(...(await this.store.outputsOf(batch.drvs)));
      } catch (error) {
        log(`cannot read the outputs of ${batch.drvs.length} derivation(s): ${(error as Error).message}`);
      }
    }
    // A derivation may have many outputs: what does not fit now goes back to the queue, on disk.
    if (paths.length > room) writeQueueFile(this.files.queue, paths.splice(room));
    this.offer(paths);
    room = MAX_BACKLOG - this.pusher.backlog;
    if (this.watched.size > 0 && room > 0) {
      const names = [...this.watched].slice(0, room);
      for (const name of names) this.watched.delete(name);
      const candidates = this.filter(names.map((n) => `${this.job.storeDir}/${n}`));
      // A lock also goes away when a build fails: only registered paths are pushed.
      if (candidates.length > 0) this.offer(await this.store.validPaths(candidates));
    }
  }

  private filter(paths: readonly string[]): string[] {
    return paths.filter((path) => {
      const name = basename(path);
      return STORE_ENTRY.test(name) && !NEVER_PUSHED.test(name) && !this.exclude.some((re) => re.test(path));
    });
  }

  private offer(paths: readonly string[]): void {
    const fresh = this.filter(paths).filter((p) => this.seen.addIfNew(p));
    this.pusher.add(fresh);
    this.noteBacklog();
  }

  /** Pushes everything pending (the queue included), then says so; an exit request then ends it. */
  private async flush(request: FlushRequest): Promise<void> {
    while (!this.stopReason) {
      if (request.exit && Date.now() >= request.deadlineAt) {
        // post's push-timeout: what is still in flight is abandoned and reported as deferred.
        this.stop.abort();
        break;
      }
      await this.intake();
      if (queueLength(this.files.queue) === 0 && this.watched.size === 0 && this.pusher.idle) break;
      const wait = request.exit ? Math.max(1, Math.min(200, request.deadlineAt - Date.now())) : 200;
      await Promise.race([this.pusher.drain(), new Promise((r) => setTimeout(r, wait))]);
    }
    this.pusher.resume();
    this.handled = request.seq;
    if (this.pusher.error) this.error = this.pusher.error;
    this.writeStatus('running');
    log(`flush ${request.seq} done: ${this.counters.pushed} path(s) pushed so far`);
    if (request.exit) this.stopReason ??= 'asked to stop by the post step';
  }

  private record(event: PushEvent): void {
    try {
      this.progress.write(event);
    } catch (error) {
      this.halt(`cannot write its record: ${(error as Error).message}`);
      return;
    }
    const c = this.counters;
    if (event.kind === 'hit') c.hits += 1;
    else if (event.kind === 'miss') c.misses += 1;
    else if (event.kind === 'upstream') c.upstream += 1;
    else if (event.kind === 'pushed') {
      c.pushed += 1;
      c.pushedBytes += event.bytes;
    } else if (event.kind === 'failed') {
      c.failed += 1;
      log(`not pushed: ${event.path}: ${event.reason}`);
    }
  }

  private noteBacklog(): void {
    this.counters.backlog = this.pusher.backlog;
    this.counters.peakBacklog = Math.max(this.counters.peakBacklog, this.pusher.counters.peakBacklog);
  }

  private writeStatus(state: UploaderStatus['state']): void {
    this.lastStatus = Date.now();
    this.noteBacklog();
    this.counters.missingQueries = this.pusher.counters.missingQueries;
    this.counters.uploads = this.pusher.counters.uploads;
    this.counters.maxRssKiB = process.resourceUsage().maxRSS;
    this.counters.peakQueued = Math.max(this.counters.peakQueued, queueLength(this.files.queue));
    const error = this.error ?? this.pusher.error;
    try {
      writeStatus(this.files.status, {
        pid: process.pid,
        state,
        feed: this.job.feed,
        flushed: this.handled,
        ...(state === 'stopped' && this.stopReason ? { reason: this.stopReason } : {}),
        ...(error ? { error } : {}),
        counters: { ...this.counters },
        updatedAt: new Date().toISOString(),
      });
    } catch {
      // the folder went away with the job
    }
  }
}
