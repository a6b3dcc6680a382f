import { UPLOADER_ENV } from './layout';

/**
 * The uploader's way in. It runs as a detached copy of the action's own script (see spawn.ts): when
 * that process finds UPLOADER_ENV in its environment it becomes the uploader and exits when done,
 * before the action's runner ever starts. Anything else returns at once.
 */
export async function runUploaderIfAsked(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dir = env[UPLOADER_ENV];
  if (!dir) return;
  const { runUploader } = await import('./worker');
  process.exit(await runUploader(dir));
}
