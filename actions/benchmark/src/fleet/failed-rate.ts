/* No imports: the summary (loaded by every mode) uses it. */

/** Jobs counted for the failed-job rate: finished, on a platform label. */
export interface FailedJobs {
  /** `failure` and `timed_out` (GitLab `failed`). */
  failed: number;
  succeeded: number;
  /** Excluded from the rate: a person or a newer push stopped them, the runner did not fail them. */
  cancelled: number;
  /** Excluded too: skipped, neutral, action_required … */
  other: number;
}

export function failedRatePct(f: FailedJobs): number | null {
  const counted = f.failed + f.succeeded;
  return counted ? (100 * f.failed) / counted : null;
}
