import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, renderJUnit, writeJUnit } from '../../src/report';

describe('JUnit writer', () => {
  const suites = [
    {
      name: 'outside: org/app',
      timestamp: new Date('2026-01-01T10:00:00.123Z'),
      cases: [
        {
          name: 'repository readable',
          classname: 'org/app',
          outcome: 'passed' as const,
          time: 0.25,
          output: 'id 1',
        },
        {
          name: 'runner visibility <tinyland-nix>',
          classname: 'org/app',
          outcome: 'failed' as const,
          message: 'no group serves "app" & co',
          details: 'fix: add the repo to group nix',
        },
        { name: 'workflow labels', classname: 'org/app', outcome: 'skipped' as const, message: 'disabled' },
        { name: 'caches', classname: 'inside', outcome: 'error' as const, message: 'boom\u0001' },
      ],
    },
  ];

  it('renders counts, escapes text and parses as XML', () => {
    const xml = renderJUnit(suites, 'canary-check');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const root = parsed.testsuites;
    expect([root.name, root.tests, root.failures, root.errors, root.skipped]).toEqual([
      'canary-check',
      '4',
      '1',
      '1',
      '1',
    ]);
    expect(root.testsuite.timestamp).toBe('2026-01-01T10:00:00');
    const [passed, failed, skipped, errored] = root.testsuite.testcase;
    expect(passed['system-out']).toBe('id 1');
    expect(passed.time).toBe('0.250');
    expect(failed.name).toBe('runner visibility <tinyland-nix>');
    expect(failed.failure.message).toBe('no group serves "app" & co');
    expect(failed.failure['#text']).toBe('fix: add the repo to group nix');
    expect(skipped.skipped.message).toBe('disabled');
    expect(errored.error.message).toBe('boom');
    expect(xml).toContain('&lt;tinyland-nix&gt;');
  });

  it('escapes every XML special character', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('writes the file, creating its folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'junit-'));
    const path = writeJUnit(join(dir, 'nested', 'report.xml'), suites);
    expect(readFileSync(path, 'utf8')).toBe(renderJUnit(suites));
  });
});
