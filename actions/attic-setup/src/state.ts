import type { PathFeed } from './uploader/layout';

/** What main hands to post (through the CI system's state): small values only, never secrets. */
export interface SavedState {
  mainMs: number;
  nix?: {
    available: boolean;
    /** The failure cause when unavailable. */
    cause?: string;
    push: boolean;
    /** Why not pushing, for the summary. */
    pushReason: string;
    /** The uploader's folder (job.json, queue, record), present whenever the job pushes. */
    jobDir?: string;
    /** How new paths reached the uploader; `none`: post pushes everything. */
    feed?: PathFeed;
    storeDir: string;
    upstreamKeyNames: string[];
  };
  bazel?: { url: string; available: boolean; cause?: string };
  buildkit?: { ref: string; writes: boolean };
}

export const STATE_KEY = 'attic-setup';
