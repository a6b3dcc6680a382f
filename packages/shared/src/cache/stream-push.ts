import { describeError, FlywheelError } from '../errors';
import { backoffDelay } from '../http/backoff';
import type { AtticClient, NarStream, StorePathInfo } from './attic-client';
import { UploadGraph } from './upload-graph';

/** Where the pusher reads metadata and NARs: the local Nix store, or anything shaped like it. */
export interface PathSource {
  pathInfo(paths: string[]): Promise<StorePathInfo[]>;
  openNar(path: string): NarStream;
}

/** What happened to one path; a caller records these (the uploader appends them to a file). */
export type PushEvent =
  | { kind: 'hit'; path: string }
  | { kind: 'upstream'; path: string }
  | { kind: 'miss'; path: string; narSize: number }
  | { kind: 'pushed'; path: string; bytes: number }
  /** A path added as an already known miss that the cache turned out to have (pushed elsewhere). */
  | { kind: 'present'; path: string }
  | { kind: 'failed'; path: string; reason: string; transient: boolean };

export interface StreamPushOptions {
  client: AtticClient;
  source: PathSource;
  /** Uploads at a time. */
  concurrency: number;
  /** Hashes per get-missing-paths request, and the most paths classified at once. */
  batchSize?: number;
  /**
   * How long a path that arrives alone waits for company before the cache is asked about it: one
   * get-missing-paths request then covers every path built in that time. `drain()` skips the wait.
   */
  lingerMs?: number;
  /**
   * `arrival`: upload as soon as a path is classified, waiting only for references already known
   * (paths arrive in build order, references first). `global`: upload nothing until every path
   * added so far is classified, so references go first whatever order the paths came in.
   */
  order?: 'arrival' | 'global';
  /** Key names of upstream caches (e.g. `cache.nixos.org-1`): paths they signed are not pushed. */
  skipSignedBy?: readonly string[];
  /** Extra rounds for a transient failure once the client's own retries are spent, with backoff. */
  retryRounds?: number;
  retryBaseMs?: number;
  /** Aborting stops everything: what is not settled by then is deferred, not failed. */
  signal?: AbortSignal;
  onEvent?: (event: PushEvent) => void;
}

export interface StreamPushCounters {
  missingQueries: number;
  uploads: number;
  /** The most paths held in memory at once (unclassified plus awaiting upload). */
  peakBacklog: number;
}

/** 401, 403 and other answers that another try will not change. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof FlywheelError)) return true;
  if (error.details?.['transient'] === true) return true;
  if (error.code === 'NETWORK_ERROR' || error.code === 'TIMEOUT') return true;
  const status = error.details?.['status'];
  if (typeof status !== 'number') return error.code !== 'PROCESS_FAILED';
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * Pushes store paths to Attic as they are handed in: asks the cache which it lacks in batches
 * (`get-missing-paths`), uploads the misses references first with bounded concurrency, retries
 * transient failures with backoff, and reports each outcome as an event. It holds only the paths
 * not yet settled; a caller that keeps `backlog` bounded keeps its memory bounded.
 */
export class StreamPusher {
  readonly counters: StreamPushCounters = { missingQueries: 0, uploads: 0, peakBacklog: 0 };
  /** Why classification stopped for good (e.g. the token was refused); later paths are deferred. */
  error: string | undefined;
  private readonly incoming: Array<{ path: string; knownMiss: boolean }> = [];
  private readonly classifyingNow: string[] = [];
  private readonly graph: UploadGraph;
  private readonly upstream: Set<string>;
  private readonly batchSize: number;
  private classifying = false;
  private draining = false;
  private firstWaitingAt = 0;
  private wake: (() => void) | undefined;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private inFlight = 0;

  constructor(private readonly options: StreamPushOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.upstream = new Set(options.skipSignedBy ?? []);
    this.graph = new UploadGraph();
    options.signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** Paths not yet settled: unclassified, classifying, or waiting for their upload. */
  get backlog(): number {
    return this.incoming.length + this.classifyingNow.length + this.graph.size;
  }

  /** Nothing left to do: all settled, or only paths that cannot be classified after an error. */
  get idle(): boolean {
    const waiting = this.error === undefined ? this.incoming.length : 0;
    return waiting === 0 && this.graph.size === 0 && !this.classifying && this.inFlight === 0;
  }

  /**
   * Hands in candidate paths (valid, filtered). `knownMiss` marks paths already counted as misses
   * elsewhere (a previous uploader's record): they are uploaded if the cache still lacks them, and
   * never counted again.
   */
  add(paths: readonly string[], knownMiss = false): void {
    if (paths.length === 0) return;
    if (this.incoming.length === 0) this.firstWaitingAt = performance.now();
    for (const path of paths) this.incoming.push({ path, knownMiss });
    this.noteBacklog();
    this.nudge();
    void this.classifyLoop();
  }

  /** Resolves once everything handed in so far is settled, or the signal aborts. */
  drain(): Promise<void> {
    this.draining = true;
    this.nudge();
    void this.classifyLoop();
    if (this.idle || this.options.signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Back to lingering after a drain (the uploader drains on request, then keeps streaming). */
  resume(): void {
    this.draining = false;
  }

  /** Paths handed in but not settled: deferred when the caller gives up. */
  unsettled(): string[] {
    return [...this.incoming.map((i) => i.path), ...this.classifyingNow, ...this.graph.paths()];
  }

  private stop(): void {
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.nudge();
    this.settleWaiters();
  }

  private get aborted(): boolean {
    return this.options.signal?.aborted ?? false;
  }

  private emit(event: PushEvent): void {
    this.options.onEvent?.(event);
  }

  private noteBacklog(): void {
    this.counters.peakBacklog = Math.max(this.counters.peakBacklog, this.backlog);
  }

  private nudge(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private settleWaiters(): void {
    if (!(this.idle || this.aborted)) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Waits until `ms` have passed or something changes (a path added, a drain, an upload done). */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.wake === done) this.wake = undefined;
        resolve();
      }, ms);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.wake = done;
    });
  }

  private async classifyLoop(): Promise<void> {
    if (this.classifying) return;
    this.classifying = true;
    try {
      while (this.incoming.length > 0 && !this.aborted && this.error === undefined) {
        // Memory stays bounded: in arrival order, classify more only as uploads catch up.
        if (this.options.order !== 'global' && this.graph.size >= 2 * this.batchSize) {
          await this.pause(1000);
          continue;
        }
        const linger = this.options.lingerMs ?? 0;
        const waited = performance.now() - this.firstWaitingAt;
        if (!this.draining && this.incoming.length < this.batchSize && waited < linger) {
          await this.pause(linger - waited);
          continue;
        }
        const batch = this.incoming.splice(0, this.batchSize);
        this.firstWaitingAt = performance.now();
        await this.classify(batch);
      }
    } finally {
      this.classifying = false;
      this.pump();
      this.settleWaiters();
    }
  }

  /** One round: which of the batch the cache lacks, then the metadata of those, into the graph. */
  private async classify(batch: Array<{ path: string; knownMiss: boolean }>): Promise<void> {
    this.classifyingNow.push(...batch.map((b) => b.path));
    const known = new Set(batch.filter((b) => b.knownMiss).map((b) => b.path));
    const paths = batch.map((b) => b.path);
    try {
      for (let round = 0; ; round++) {
        try {
          const { missing, requests } = await this.options.client.missingPaths(paths, this.options.signal);
          this.counters.missingQueries += requests;
          const infos = missing.size > 0 ? await this.options.source.pathInfo([...missing]) : [];
          this.record(paths, missing, infos, known);
          return;
        } catch (error) {
          if (this.aborted) {
            this.incoming.unshift(...batch);
            return;
          }
          const rounds = this.options.retryRounds ?? 3;
          if (!isTransient(error) || round >= rounds) {
            // The cache cannot be asked: nothing can be classified or pushed now.
            this.error = describeError(error);
            this.incoming.unshift(...batch);
            return;
          }
          await this.backoff(round);
        }
      }
    } finally {
      this.classifyingNow.splice(0, this.classifyingNow.length);
    }
  }

  private record(paths: string[], missing: Set<string>, infos: StorePathInfo[], known: Set<string>): void {
    // From here on the batch is accounted for by the graph (or settled).
    this.classifyingNow.splice(0, this.classifyingNow.length);
    for (const path of paths) {
      if (missing.has(path)) continue;
      this.emit(known.has(path) ? { kind: 'present', path } : { kind: 'hit', path });
    }
    const byPath = new Map(infos.map((i) => [i.path, i]));
    const joining: StorePathInfo[] = [];
    for (const path of missing) {
      const info = byPath.get(path);
      if (!info) {
        this.emit({
          kind: 'failed',
          path,
          reason: 'no longer a valid path in the local store',
          transient: false,
        });
        continue;
      }
      const upstreamSigned = info.sigs.some((sig) => this.upstream.has(sig.slice(0, sig.indexOf(':'))));
      if (upstreamSigned && !known.has(path)) {
        this.emit({ kind: 'upstream', path });
        continue;
      }
      if (!known.has(path)) this.emit({ kind: 'miss', path, narSize: info.narSize });
      joining.push(info);
    }
    this.graph.join(joining);
    this.noteBacklog();
    this.pump();
  }

  private backoff(round: number): Promise<void> {
    const base = this.options.retryBaseMs ?? 1000;
    const delay = base / 2 + backoffDelay(round, { baseDelayMs: base, maxDelayMs: 30_000 });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        resolve();
      }, delay);
      this.retryTimers.add(timer);
      this.options.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** Starts as many ready uploads as there are free slots. */
  private pump(): void {
    // In global order a path may still learn of a reference in a batch not yet classified.
    if (this.options.order === 'global' && (this.classifying || this.incoming.length > 0)) return;
    while (!this.aborted && this.inFlight < Math.max(1, this.options.concurrency)) {
      const info = this.graph.takeReady();
      if (!info) break;
      this.inFlight += 1;
      void this.upload(info).finally(() => {
        this.inFlight -= 1;
        this.pump();
        this.nudge();
        this.settleWaiters();
      });
    }
  }

  private async upload(info: StorePathInfo): Promise<void> {
    const attempt = this.graph.attempt(info.path);
    try {
      const outcome = await this.options.client.uploadPath(
        info,
        () => this.options.source.openNar(info.path),
        this.options.signal,
      );
      this.counters.uploads += outcome.attempts;
      this.emit({ kind: 'pushed', path: info.path, bytes: info.narSize });
      this.settle(info.path, true);
    } catch (error) {
      this.counters.uploads += 1;
      // Cut off by the deadline: left for later, not a failure.
      if (this.aborted) return;
      const transient = isTransient(error);
      if (transient && attempt < (this.options.retryRounds ?? 3)) {
        this.graph.hold(info.path);
        void this.backoff(attempt).then(() => {
          this.graph.release(info.path);
          this.pump();
        });
        return;
      }
      this.emit({ kind: 'failed', path: info.path, reason: describeError(error), transient });
      this.settle(info.path, false, transient);
    }
  }

  private settle(path: string, ok: boolean, transient = false): void {
    for (const referrer of this.graph.settle(path, ok)) {
      // A referrer without its reference in the cache would be an incomplete closure.
      this.emit({
        kind: 'failed',
        path: referrer,
        reason: `its reference ${path} was not uploaded`,
        transient,
      });
    }
  }
}
