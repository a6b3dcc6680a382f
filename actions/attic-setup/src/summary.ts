import type { SummaryBuilder } from '@gloriousflywheel/shared';
import type { BazelCacheStats } from './bazel-log';
import type { SavedState } from './state';
import type { JobPush } from './uploader/job-push';

export interface SummaryInput {
  /** Setup's state: post has it, a report step does not. */
  state?: SavedState;
  push: JobPush | undefined;
  nixSkipped: string;
  bazel: BazelCacheStats | undefined;
  stepMs: number;
  step: 'post' | 'report';
}

const pct = (rate: number | undefined) => (rate === undefined ? '–' : `${(rate * 100).toFixed(1)} %`);

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** One table for the three caches: what was found, what was missing, what moved, and what it cost. */
export function writeSummary(summary: SummaryBuilder, input: SummaryInput): void {
  const { state, push, bazel } = input;
  const figures = push?.result.figures;
  const rows: unknown[][] = [];
  const stepColumn = input.step === 'post' ? 'Post' : 'Report';
  if (state?.nix || push || input.step === 'report') {
    const status = figures
      ? figures.deferred.length > 0
        ? `pushed, ${figures.deferred.length} ${input.step === 'post' ? 'deferred' : 'pending'}`
        : 'in use'
      : input.nixSkipped;
    rows.push([
      'Nix (Attic)',
      status,
      figures?.hits ?? '–',
      figures?.misses ?? '–',
      pct(figures?.hitRate),
      figures
        ? `${figures.pushed} paths, ${bytes(figures.pushedBytes)} (${push!.result.pushedBefore} during the job)`
        : '–',
      state ? `${state.mainMs} ms` : '–',
      `${input.stepMs} ms`,
    ]);
  }
  if (state?.bazel || bazel) {
    rows.push([
      'Bazel remote',
      state?.bazel ? (state.bazel.available ? 'in use' : `unavailable (${state.bazel.cause})`) : 'log only',
      bazel?.remoteHits ?? '–',
      bazel ? bazel.processes - bazel.internal - bazel.remoteHits : '–',
      pct(bazel?.hitRate),
      '–',
      '–',
      '–',
    ]);
  }
  if (state?.buildkit) {
    rows.push([
      'BuildKit registry',
      state.buildkit.writes ? 'read + write' : 'read only',
      '–',
      '–',
      '–',
      '–',
      '–',
      '–',
    ]);
  }
  summary.heading(
    input.step === 'post' ? 'Cache wiring (attic-setup)' : 'Cache figures so far (attic-setup)',
    3,
  );
  if (rows.length === 0) {
    summary.paragraph('No cache was configured.');
    return;
  }
  summary.table(['Cache', 'Status', 'Hits', 'Misses', 'Hit rate', 'Pushed', 'Main', stepColumn], rows);
  if (!push || !figures) return;
  const feed = push.job.feed;
  if (feed !== 'none') {
    const now = figures.pushed - push.result.pushedBefore;
    summary.paragraph(
      `Pushed while the job built (from the ${feed === 'hook' ? 'post-build hook' : 'store watch'}): ` +
        `${push.result.pushedBefore} path(s); by this step: ${now}.` +
        (push.result.uploader === 'gone'
          ? ' The background uploader had stopped early; this step took over.'
          : ''),
    );
  }
  if (figures.upstream > 0) {
    summary.paragraph(
      `${figures.upstream} new path(s) were signed by an upstream cache: not counted, not pushed.`,
    );
  }
  if (figures.deferred.length > 0) {
    summary.details(
      `${figures.deferred.length} ${input.step === 'post' ? 'deferred' : 'pending'} path(s)`,
      figures.deferred
        .slice(0, 200)
        .map((p) => `- \`${p}\``)
        .join('\n'),
    );
  }
  if (figures.failed.length > 0) {
    summary.details(
      `${figures.failed.length} path(s) not pushed`,
      figures.failed
        .slice(0, 100)
        .map((f) => `- \`${f.path}\`: ${f.reason}`)
        .join('\n'),
    );
  }
}
