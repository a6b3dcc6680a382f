import { existsSync, type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';

export interface StoreWatchOptions {
  storeDir?: string;
  /** Called with the store entry names (no directory) whose lock went away. */
  onComplete: (names: string[]) => void;
  onError?: (error: Error) => void;
}

/**
 * Notices store paths as Nix finishes them, the way `attic watch-store` does: Nix holds
 * `<path>.lock` while it builds or substitutes a path and deletes it once the path is registered, so
 * a lock file going away marks a finished path (still to be checked for validity: a failed build
 * drops its lock too). One non-recursive inotify watch on the store directory; works for any user
 * who can read the store, so also where nix-daemon ignores this job's post-build-hook.
 */
export class StoreWatch {
  private watcher: FSWatcher | undefined;
  private readonly storeDir: string;

  constructor(private readonly options: StoreWatchOptions) {
    this.storeDir = options.storeDir ?? '/nix/store';
  }

  start(): void {
    this.watcher = watch(this.storeDir, { persistent: true }, (_event, name) => {
      if (typeof name !== 'string' || !name.endsWith('.lock')) return;
      // fs.watch reports creation and deletion alike as `rename`: only a lock that is gone counts.
      if (existsSync(join(this.storeDir, name))) return;
      const entry = name.slice(0, -'.lock'.length);
      if (entry.endsWith('.drv')) return;
      this.options.onComplete([entry]);
    });
    this.watcher.on('error', (error) => this.options.onError?.(error));
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
