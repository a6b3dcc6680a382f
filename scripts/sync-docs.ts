/**
 * `npm run docs`: writes each action's action.yml, the input/output tables of its README and the
 * generated parts of its GitLab component (the spec:inputs header, the CLI bootstrap job, the jobs'
 * FLYWHEEL_* variables) from its input definition (src/inputs.ts), so that none of them drift. The
 * consistency and template tests check the result.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadActions, repoRoot } from './action-modules';
import { renderActionYml, renderComponent, syncReadmeSections, syncReadmeTables } from './docs/index';
import { syncRbac } from './docs/rbac';

/** `--only gitlab` writes just the component templates, `--only actions` just action.yml and READMEs. */
async function main(only = process.argv.includes('--only') ? process.argv.at(-1) : undefined): Promise<void> {
  for (const { dir, module } of await loadActions()) {
    if (!only || only === 'actions') {
      writeFileSync(join(dir, 'action.yml'), renderActionYml(module.definition));
      const readme = join(dir, 'README.md');
      if (existsSync(readme)) {
        let text = await syncReadmeSections(
          syncReadmeTables(readFileSync(readme, 'utf8'), module.definition),
          module.docs,
        );
        // arc-apply's Kubernetes RBAC, from the list its preflight checks.
        if (module.definition.name === 'arc-apply') text = syncRbac(text);
        writeFileSync(readme, text);
      }
    }
    const template = join(repoRoot, 'gitlab-templates', 'templates', `${module.definition.name}.yml`);
    if (existsSync(template) && (!only || only === 'gitlab')) {
      writeFileSync(template, renderComponent(readFileSync(template, 'utf8'), module.definition));
    }
    console.log(`synced ${relative(repoRoot, dir)}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
