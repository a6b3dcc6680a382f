/**
 * `npm run docs`: writes each action's action.yml and the input/output tables of its README from
 * its input definition (src/inputs.ts), so that the three never drift. The consistency test checks
 * the result.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderActionYml, syncReadmeTables } from '@gloriousflywheel/shared/docs';
import { loadActions, repoRoot } from './action-modules';

for (const { dir, module } of await loadActions()) {
  writeFileSync(join(dir, 'action.yml'), renderActionYml(module.definition));
  const readme = join(dir, 'README.md');
  if (existsSync(readme))
    writeFileSync(readme, syncReadmeTables(readFileSync(readme, 'utf8'), module.definition));
  console.log(`synced ${relative(repoRoot, dir)}`);
}
