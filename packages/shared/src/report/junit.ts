import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { redact } from '../platform/secrets';

/**
 * A small JUnit XML writer: one suite per group of checks, one test case per check. GitHub
 * uploads the file as an artifact and test-report actions render it; GitLab shows it in the merge
 * request (`artifacts:reports:junit`).
 */

export type JUnitOutcome = 'passed' | 'failed' | 'skipped' | 'error';

export interface JUnitCase {
  name: string;
  /** Shown by GitLab as the test's class; we use it for the subject (repo, label, area). */
  classname: string;
  outcome: JUnitOutcome;
  /** Seconds. */
  time?: number;
  /** One line: the failure or skip reason. */
  message?: string;
  /** Longer text: evidence, the fix. */
  details?: string;
  /** Printed to the case's system-out (also for passed cases). */
  output?: string;
}

export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
  timestamp?: Date;
}

/** Escapes text for XML attributes and text, dropping characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function count(cases: JUnitCase[], outcome: JUnitOutcome): number {
  return cases.filter((c) => c.outcome === outcome).length;
}

function caseXml(c: JUnitCase): string {
  const attrs = `name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}" time="${(c.time ?? 0).toFixed(3)}"`;
  const inner: string[] = [];
  const message = c.message === undefined ? '' : ` message="${escapeXml(c.message)}"`;
  if (c.outcome === 'failed')
    inner.push(`      <failure${message} type="failure">${escapeXml(c.details ?? '')}</failure>`);
  if (c.outcome === 'error')
    inner.push(`      <error${message} type="error">${escapeXml(c.details ?? '')}</error>`);
  if (c.outcome === 'skipped') inner.push(`      <skipped${message}/>`);
  if (c.output) inner.push(`      <system-out>${escapeXml(c.output)}</system-out>`);
  return inner.length
    ? `    <testcase ${attrs}>\n${inner.join('\n')}\n    </testcase>`
    : `    <testcase ${attrs}/>`;
}

export function renderJUnit(suites: JUnitSuite[], name = 'gloriousflywheel'): string {
  const all = suites.flatMap((s) => s.cases);
  const total = (cases: JUnitCase[]) => cases.reduce((sum, c) => sum + (c.time ?? 0), 0).toFixed(3);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(name)}" tests="${all.length}" failures="${count(all, 'failed')}" errors="${count(all, 'error')}" skipped="${count(all, 'skipped')}" time="${total(all)}">`,
  ];
  for (const suite of suites) {
    const c = suite.cases;
    const stamp = suite.timestamp
      ? ` timestamp="${suite.timestamp.toISOString().replace(/\.\d+Z$/, '')}"`
      : '';
    lines.push(
      `  <testsuite name="${escapeXml(suite.name)}" tests="${c.length}" failures="${count(c, 'failed')}" errors="${count(c, 'error')}" skipped="${count(c, 'skipped')}" time="${total(c)}"${stamp}>`,
    );
    for (const testCase of c) lines.push(caseXml(testCase));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** Writes the report with every known secret and credential-shaped value redacted: CI keeps it as an artifact. */
export function writeJUnit(path: string, suites: JUnitSuite[], name?: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, redact(renderJUnit(suites, name)), { mode: 0o644 });
  return path;
}
