import { lstat, readdir, realpath, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { formatDuration } from '@gloriousflywheel/shared';
import { type CheckResult, check } from '../checks';

export interface HygieneOptions {
  workRoot: string;
  /** The current job's checkout (never removed). */
  workspace?: string;
  staleAfterMs: number;
  cleanup: boolean;
  now: Date;
}

export interface HygieneReport {
  stale: Array<{ path: string; ageMs: number }>;
  removed: string[];
  failures: Array<{ path: string; error: string }>;
  /** Entries refused because they would lead outside the work root. */
  refused: string[];
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !resolve(root, rel).startsWith('..');
}

/** Newest modification among a directory and its direct children, never following links. */
async function lastTouched(path: string): Promise<number> {
  let newest = (await lstat(path)).mtimeMs;
  for (const name of await readdir(path).catch(() => [] as string[])) {
    const info = await lstat(join(path, name)).catch(() => undefined);
    if (info) newest = Math.max(newest, info.mtimeMs);
  }
  return newest;
}

/**
 * Finds checkouts under the work root untouched for `staleAfterMs` and, with `cleanup`, removes
 * them. The runner's own folders (`_temp`, `_actions`, `_tool` …) and the current workspace are
 * left alone. A symlink is never followed: a link is removed as a link, and anything whose real
 * path leaves the work root is refused.
 */
export async function scanWorkRoot(options: HygieneOptions): Promise<HygieneReport> {
  const report: HygieneReport = { stale: [], removed: [], failures: [], refused: [] };
  const root = await realpath(options.workRoot);
  const current = options.workspace
    ? await realpath(options.workspace).catch(() => resolve(options.workspace!))
    : undefined;
  for (const name of await readdir(root)) {
    if (name.startsWith('_')) continue;
    const path = join(root, name);
    const info = await lstat(path);
    if (current && (current === path || inside(path, current))) continue;
    if (info.isSymbolicLink()) {
      const target = await realpath(path).catch(() => undefined);
      if (target === undefined || !inside(root, target)) report.refused.push(path);
      const ageMs = options.now.getTime() - info.mtimeMs;
      if (ageMs > options.staleAfterMs) report.stale.push({ path, ageMs });
      continue;
    }
    if (!info.isDirectory()) continue;
    const ageMs = options.now.getTime() - (await lastTouched(path));
    if (ageMs > options.staleAfterMs) report.stale.push({ path, ageMs });
  }
  if (!options.cleanup) return report;
  for (const { path } of report.stale) {
    try {
      const info = await lstat(path);
      // A link is unlinked, never its target; fs.rm does not follow links below a directory either.
      if (info.isSymbolicLink()) await rm(path, { force: true });
      else if (inside(root, await realpath(path))) await rm(path, { recursive: true, force: true });
      else {
        report.refused.push(path);
        continue;
      }
      report.removed.push(path);
    } catch (error) {
      report.failures.push({ path, error: (error as Error).message });
    }
  }
  return report;
}

export async function checkHygiene(options: HygieneOptions): Promise<CheckResult> {
  const id = 'workspace-hygiene';
  const title = 'workspace hygiene';
  let report: HygieneReport;
  try {
    report = await scanWorkRoot(options);
  } catch (error) {
    return check(
      id,
      title,
      'runner',
      'warn',
      `cannot scan the work root ${options.workRoot}: ${(error as Error).message}`,
      [],
      "set work-root to the runner's _work folder",
    );
  }
  const evidence = [
    ...report.stale.map((s) => `stale: ${s.path} (untouched ${formatDuration(s.ageMs)})`),
    ...report.removed.map((p) => `removed: ${p}`),
    ...report.failures.map((f) => `could not remove ${f.path}: ${f.error}`),
    ...report.refused.map((p) => `refused (symlink leaving the work root): ${p}`),
  ];
  if (report.failures.length) {
    return check(
      id,
      title,
      'runner',
      'fail',
      `${report.failures.length} stale checkout(s) could not be removed`,
      evidence,
      'check ownership of the listed folders; a job running as another user may have left them',
    );
  }
  if (report.stale.length === 0)
    return check(
      id,
      title,
      'runner',
      'pass',
      `no checkout older than ${formatDuration(options.staleAfterMs)}`,
      evidence,
    );
  if (options.cleanup) {
    return check(id, title, 'runner', 'pass', `removed ${report.removed.length} stale checkout(s)`, evidence);
  }
  return check(
    id,
    title,
    'runner',
    'warn',
    `${report.stale.length} stale checkout(s) under ${options.workRoot} (dry run)`,
    evidence,
    'run with cleanup: true to remove them; persistent runners should start each job from an empty work root',
  );
}
