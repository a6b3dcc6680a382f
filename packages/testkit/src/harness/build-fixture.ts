import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../reference';
import { scratchDir } from '../temp-dirs';
import { nodeFor } from './node-binary';

/**
 * Bundles a fixture action (src/main.ts, serving main and post, beside its action.yml) with the project's
 * own build script into a fresh folder, so the harness runs a real bundle, built as the actions are.
 */
export function buildFixtureAction(fixtureDir: string): string {
  const out = scratchDir('flywheel-fixture');
  copyFileSync(join(fixtureDir, 'action.yml'), join(out, 'action.yml'));
  const entry = join(fixtureDir, 'src', 'main.ts');
  const built = spawnSync(
    nodeFor('node24'),
    [join(repoRoot, 'scripts', 'build.mjs'), '--entry', entry, '--out', join(out, 'dist')],
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (built.status !== 0) throw new Error(`building ${entry} failed:\n${built.stderr.slice(-4000)}`);
  return out;
}

/** The testkit's own fixture actions. */
export const fixtureActions = {
  probe: join(repoRoot, 'packages', 'testkit', 'fixtures', 'probe-action'),
};
