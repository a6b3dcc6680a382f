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
    /** A file listing the store entries at the start (only when pushing). */
    snapshotFile?: string;
    storeDir: string;
    upstreamKeyNames: string[];
  };
  bazel?: { url: string; available: boolean; cause?: string };
  buildkit?: { ref: string; writes: boolean };
}

export const STATE_KEY = 'attic-setup';
