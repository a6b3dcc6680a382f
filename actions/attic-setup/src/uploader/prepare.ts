import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NixStore, snapshotStore } from '@gloriousflywheel/shared/cache';
import { chooseFeed, type NixTrust } from '../nix-trust';
import { writeHookScript } from './hook-script';
import { type PathFeed, type UploaderFiles, type UploadJob, uploaderFiles } from './layout';
import { startUploader, uploaderEnv } from './spawn';

export interface PreparePushOptions {
  tempDir: string;
  storeDir: string;
  endpoint: URL;
  cache: string;
  token: string;
  exclude: readonly RegExp[];
  upstreamKeyNames: string[];
  concurrency: number;
  /** push-during-job: start the uploader; otherwise post pushes everything. */
  streaming: boolean;
  trust: NixTrust;
  env: NodeJS.ProcessEnv;
  anchorPid?: number;
  stopBy?: number;
}

export interface PreparedPush {
  files: UploaderFiles;
  job: UploadJob;
  /** The post-build hook for the job's Nix config, when Nix will run it. */
  hookPath?: string;
  /** Why the feed is what it is, for the log. */
  feedReason: string;
  pid?: number;
}

/**
 * Everything the job's push needs, written by setup: the store listing that defines "new", the
 * job description, and — when pushing during the job — the queue, the hook, the 0600 credentials
 * and the detached uploader itself.
 */
export async function preparePush(options: PreparePushOptions): Promise<PreparedPush> {
  const files = uploaderFiles(join(options.tempDir, 'uploader'));
  for (const dir of [files.dir, files.queue, files.control]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const snapshotFile = join(files.dir, 'store-snapshot.txt');
  const entries = await snapshotStore(options.storeDir).catch(() => []);
  writeFileSync(snapshotFile, entries.join('\n'), { mode: 0o600 });

  let feed: PathFeed = 'none';
  let feedReason = 'push-during-job is false: the post step pushes what the job built';
  let hookPath: string | undefined;
  if (options.streaming) {
    ({ feed, reason: feedReason } = chooseFeed(options.trust));
    if (feed === 'hook') {
      writeHookScript(files.hook, files.queue);
      hookPath = files.hook;
      if (options.trust.viaDaemon) {
        // nix-daemon runs the hook, perhaps where our temp folder is not: the store it can always read.
        try {
          hookPath = await new NixStore({ env: options.env }).add(files.hook);
        } catch (error) {
          feed = 'watch';
          hookPath = undefined;
          feedReason = `the hook could not be put into the store (${(error as Error).message})`;
        }
      }
    }
  }
  const job: UploadJob = {
    endpoint: String(options.endpoint),
    cache: options.cache,
    storeDir: options.storeDir,
    snapshotFile,
    exclude: options.exclude.map((re) => ({ source: re.source, flags: re.flags })),
    upstreamKeyNames: options.upstreamKeyNames,
    concurrency: options.concurrency,
    feed,
    startedAt: Date.now(),
    ...(options.anchorPid ? { anchorPid: options.anchorPid } : {}),
    ...(options.stopBy ? { stopBy: options.stopBy } : {}),
  };
  writeFileSync(files.job, `${JSON.stringify(job, null, 2)}\n`, { mode: 0o600 });
  let pid: number | undefined;
  if (feed !== 'none') {
    writeFileSync(files.credentials, JSON.stringify({ token: options.token }), { mode: 0o600 });
    pid = startUploader(files, uploaderEnv(options.env, files.dir, [options.token]));
    if (pid) writeFileSync(files.pid, String(pid), { mode: 0o600 });
    else rmSync(files.credentials, { force: true });
  }
  return { files, job, feedReason, ...(hookPath ? { hookPath } : {}), ...(pid ? { pid } : {}) };
}
