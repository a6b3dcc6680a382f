/**
 * Finding 4 (issue 11): under Node 20 — still the default `node` of many runners and images — the
 * CLI printed 6 KB of minified source and a TypeError. Its entry checks the version before loading
 * anything and says in one line what it needs and what it found. Run here with the machine's own
 * older Node, when it has one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { repoRoot } from '@gloriousflywheel/testkit';
import { describe, expect, it } from 'vitest';

const entry = join(repoRoot, 'apps', 'cli', 'bin', 'flywheel.cjs');

/** A Node older than 24 on this machine, outside node_modules (the project's own is 24). */
function olderNode(): { path: string; version: string } | undefined {
  const candidates = [
    '/usr/bin/node',
    '/usr/local/bin/node',
    ...(process.env['PATH'] ?? '')
      .split(delimiter)
      .filter((d) => d && !d.includes('node_modules'))
      .map((d) => join(d, 'node')),
  ];
  for (const path of new Set(candidates)) {
    if (!existsSync(path)) continue;
    const version = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
    if (version && Number(version.split('.')[0]) < 24) return { path, version };
  }
  return undefined;
}

const old = olderNode();

describe.skipIf(!old)(
  `the CLI entry under an older Node (${old ? old.version : 'none on this machine: skipped'})`,
  () => {
    it('says in one line which Node it needs and which it found, and exits 1', () => {
      for (const args of [['--help'], ['demo'], ['attic-setup', '--endpoint', 'https://u:p@x.example']]) {
        const run = spawnSync(old!.path, [entry, ...args], { encoding: 'utf8', timeout: 30_000 });
        expect(run.status).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(
          `flywheel: needs Node.js 24 or newer, found ${old!.version} (${old!.path}): install Node.js 24 (or run flywheel from an image that has it) and try again\n`,
        );
      }
    });
  },
);

it('lets Node 24 through to the bundle', () => {
  const run = spawnSync(process.execPath, [entry, '--version'], { encoding: 'utf8', timeout: 30_000 });
  expect(run.stderr).toBe('');
  expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  expect(run.status).toBe(0);
});
