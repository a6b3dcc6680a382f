import { describeError } from '../errors';
import type { AtticClient, NarStream, StorePathInfo } from './attic-client';

/** Where the pusher reads metadata and NARs: the local Nix store, or anything shaped like it. */
export interface PathSource {
  pathInfo(paths: string[]): Promise<StorePathInfo[]>;
  openNar(path: string): NarStream;
}

export interface PushOptions {
  client: AtticClient;
  source: PathSource;
  /** Candidate paths (the job's new paths, already filtered). */
  paths: string[];
  concurrency: number;
  /** Everything must end by then; what is left is deferred. */
  deadlineMs: number;
  onProgress?: (message: string) => void;
  /** Key names of upstream caches (e.g. `cache.nixos.org-1`): paths they signed are not pushed. */
  skipSignedBy?: readonly string[];
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
 * Asks the cache which candidates it lacks, then uploads those, references before referrers,
 * `concurrency` at a time, each retried by the client, and never past the deadline: paths not done
 * by then are reported as deferred rather than failing the step.
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
  const finish = () => {
    report.deadlineReached = deadline.aborted;
    report.durationMs = performance.now() - started;
    return report;
  };
  if (options.paths.length === 0) return finish();

  let missing: Set<string>;
  try {
    const answer = await options.client.missingPaths(options.paths, deadline);
    missing = answer.missing;
    report.requests.missingQueries = answer.requests;
  } catch (error) {
    report.deferred = [...options.paths];
    report.error = deadline.aborted
      ? 'the push deadline passed while asking the cache'
      : describeError(error);
    return finish();
  }
  report.hits = options.paths.length - missing.size;
  report.misses = missing.size;
  report.hitRate = report.hits / options.paths.length;
  if (missing.size === 0) return finish();

  let infos: StorePathInfo[];
  try {
    infos = await options.source.pathInfo([...missing]);
  } catch (error) {
    report.deferred = [...missing];
    report.error = describeError(error);
    return finish();
  }
  const upstream = new Set(options.skipSignedBy ?? []);
  if (upstream.size > 0) {
    const before = infos.length;
    infos = infos.filter((i) => !i.sigs.some((sig) => upstream.has(sig.slice(0, sig.indexOf(':')))));
    report.upstream = before - infos.length;
    report.misses -= report.upstream;
    const counted = report.hits + report.misses;
    report.hitRate = counted > 0 ? report.hits / counted : undefined;
  }
  await uploadInOrder(options, infos, deadline, report);
  return finish();
}

async function uploadInOrder(
  options: PushOptions,
  infos: StorePathInfo[],
  deadline: AbortSignal,
  report: PushReport,
): Promise<void> {
  const byPath = new Map(infos.map((i) => [i.path, i]));
  // Each path waits for its references that are also being pushed (a path never waits on itself).
  const waitingOn = new Map<string, Set<string>>();
  const referrers = new Map<string, string[]>();
  for (const info of infos) {
    const deps = new Set(info.references.filter((r) => r !== info.path && byPath.has(r)));
    waitingOn.set(info.path, deps);
    for (const dep of deps) referrers.set(dep, [...(referrers.get(dep) ?? []), info.path]);
  }
  const ready = infos.filter((i) => waitingOn.get(i.path)!.size === 0).map((i) => i.path);
  const settled = new Set<string>();
  const total = infos.length;
  let lastReport = 0;

  const settle = (path: string, ok: boolean) => {
    settled.add(path);
    for (const referrer of referrers.get(path) ?? []) {
      const deps = waitingOn.get(referrer)!;
      deps.delete(path);
      if (!ok && !settled.has(referrer)) {
        // A referrer without its reference in the cache would be an incomplete closure.
        report.failed.push({ path: referrer, reason: `its reference ${path} was not uploaded` });
        settle(referrer, false);
      } else if (deps.size === 0 && !settled.has(referrer)) ready.push(referrer);
    }
  };

  const uploadOne = async (path: string) => {
    const info = byPath.get(path)!;
    try {
      const outcome = await options.client.uploadPath(info, () => options.source.openNar(path), deadline);
      report.requests.uploads += outcome.attempts;
      report.pushed.push(path);
      report.pushedBytes += info.narSize;
      settle(path, true);
    } catch (error) {
      report.requests.uploads += 1;
      // Cut off by the deadline: left for a later job, not a failure.
      if (deadline.aborted) return;
      report.failed.push({ path, reason: describeError(error) });
      settle(path, false);
    }
    const now = performance.now();
    if (options.onProgress && now - lastReport > 5000) {
      lastReport = now;
      const failed = settled.size - report.pushed.length;
      options.onProgress(
        `pushed ${report.pushed.length} of ${total} paths (${failed} failed), still uploading`,
      );
    }
  };

  // A pool: whenever an upload ends, start as many ready paths as there are free slots.
  await new Promise<void>((resolve) => {
    let inFlight = 0;
    const pump = () => {
      while (!deadline.aborted && inFlight < Math.max(1, options.concurrency) && ready.length > 0) {
        const path = ready.shift()!;
        inFlight += 1;
        void uploadOne(path).finally(() => {
          inFlight -= 1;
          pump();
        });
      }
      if (inFlight === 0) resolve();
    };
    deadline.addEventListener('abort', () => pump(), { once: true });
    pump();
  });
  for (const info of infos) if (!settled.has(info.path)) report.deferred.push(info.path);
}
