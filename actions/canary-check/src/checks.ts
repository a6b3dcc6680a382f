/** The outcome of one check, in the form every output (table, JUnit, annotations, result) uses. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id, e.g. `repo-access`, `runner-visibility`, `cache-attic`. */
  id: string;
  /** Column title in the summary table. */
  title: string;
  /** What was checked: `owner/repo × label`, or `runner` for inside checks. */
  subject: string;
  status: CheckStatus;
  /** One line: what was found. */
  summary: string;
  /** The facts seen, as short lines. */
  evidence: string[];
  /** For warn/fail: how to fix it. */
  fix?: string;
  durationMs?: number;
}

export function check(
  id: string,
  title: string,
  subject: string,
  status: CheckStatus,
  summary: string,
  evidence: string[] = [],
  fix?: string,
): CheckResult {
  return { id, title, subject, status, summary, evidence, ...(fix && status !== 'pass' ? { fix } : {}) };
}

export interface CheckCounts {
  pass: number;
  warn: number;
  fail: number;
  skip: number;
}

export function countChecks(results: CheckResult[]): CheckCounts {
  const counts: CheckCounts = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}

/** The overall verdict: fail on any failure, and on any warning when strict. */
export function verdict(results: CheckResult[], strict: boolean): 'pass' | 'warn' | 'fail' {
  const c = countChecks(results);
  if (c.fail > 0 || (strict && c.warn > 0)) return 'fail';
  return c.warn > 0 ? 'warn' : 'pass';
}
