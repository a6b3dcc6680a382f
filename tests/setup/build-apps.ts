/**
 * vitest global setup: the CLI (with its demo chunk) is built on demand, not committed. Tests that run it
 * (the demo, the GitLab pipelines, the CLI flags) get bundles of the source under test: rebuilt here
 * whenever anything that went into them changed.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@gloriousflywheel/testkit';

export default function buildApps(): void {
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), 'apps', '--if-stale'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}
