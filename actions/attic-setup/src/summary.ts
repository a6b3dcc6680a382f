import type { SummaryBuilder } from '@gloriousflywheel/shared';
import type { PushReport } from '@gloriousflywheel/shared/cache';
import type { BazelCacheStats } from './bazel-log';
import type { SavedState } from './state';

export interface SummaryInput {
  state: SavedState;
  report: PushReport | undefined;
  nixSkipped: string;
  bazel: BazelCacheStats | undefined;
  postMs: number;
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
  const { state, report, bazel } = input;
  const rows: unknown[][] = [];
  if (state.nix || report) {
    const status = report
      ? report.deferred.length > 0
        ? `pushed, ${report.deferred.length} deferred`
        : 'in use'
      : input.nixSkipped;
    rows.push([
      'Nix (Attic)',
      status,
      report?.hits ?? '–',
      report?.misses ?? '–',
      pct(report?.hitRate),
      report ? `${report.pushed.length} paths, ${bytes(report.pushedBytes)}` : '–',
      `${state.mainMs} ms`,
      `${input.postMs} ms`,
    ]);
  }
  if (state.bazel || bazel) {
    rows.push([
      'Bazel remote',
      state.bazel ? (state.bazel.available ? 'in use' : `unavailable (${state.bazel.cause})`) : 'log only',
      bazel?.remoteHits ?? '–',
      bazel ? bazel.processes - bazel.internal - bazel.remoteHits : '–',
      pct(bazel?.hitRate),
      '–',
      '–',
      '–',
    ]);
  }
  if (state.buildkit) {
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
  summary.heading('Cache wiring (attic-setup)', 3);
  if (rows.length === 0) {
    summary.paragraph('No cache was configured.');
    return;
  }
  summary.table(['Cache', 'Status', 'Hits', 'Misses', 'Hit rate', 'Pushed', 'Main', 'Post'], rows);
  if (report && report.upstream > 0) {
    summary.paragraph(
      `${report.upstream} new path(s) were signed by an upstream cache: not counted, not pushed.`,
    );
  }
  if (report && report.deferred.length > 0) {
    summary.details(
      `${report.deferred.length} deferred path(s)`,
      report.deferred
        .slice(0, 200)
        .map((p) => `- \`${p}\``)
        .join('\n'),
    );
  }
  if (report && report.failed.length > 0) {
    summary.details(
      `${report.failed.length} path(s) not pushed`,
      report.failed
        .slice(0, 100)
        .map((f) => `- \`${f.path}\`: ${f.reason}`)
        .join('\n'),
    );
  }
}
