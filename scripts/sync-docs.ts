/**
 * `npm run docs`: writes each action's action.yml, the input/output tables of its README and the
 * `spec:inputs` header of its GitLab component from its input definition (src/inputs.ts), so that
 * none of them drift. The consistency test checks the result.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { loadActions, repoRoot } from './action-modules';
import { type GitLabSpecInput, gitlabSpecInputs, renderActionYml, syncReadmeTables } from './docs/index';

/** Inputs every component has for its own sake (the consistency test allows exactly these names). */
export const TEMPLATE_INPUTS: Record<string, GitLabSpecInput> = {
  stage: { description: 'The stage the job runs in.', default: 'test' },
  'job-prefix': {
    description: 'Prefix of the job names this component adds, so that two includes never collide.',
    default: 'flywheel-',
  },
  'cli-version': {
    description:
      'Version of the `@gloriousflywheel/flywheel` CLI to run with npx. Empty: the version of this component.',
    default: '',
  },
  'cli-command': {
    description:
      'A pre-installed flywheel CLI to run instead of fetching one (air-gapped runners), e.g. `flywheel` or `node /opt/flywheel/index.js`.',
    default: '',
  },
};

/** The header of a component: template inputs first, then the action's, as the definition gives them. */
export function renderSpecHeader(name: string, inputs: Record<string, GitLabSpecInput>): string {
  const spec = { spec: { component: ['name', 'sha', 'version'], inputs: { ...TEMPLATE_INPUTS, ...inputs } } };
  return [
    `# spec:inputs generated from actions/${name}/src/inputs.ts by \`npm run docs\`; edit the definition.`,
    stringify(spec, { lineWidth: 0, flowCollectionPadding: false }).trimEnd(),
    '---',
  ].join('\n');
}

/** Replaces everything before the first `---` line of a template with the generated header. */
export function replaceSpecHeader(template: string, header: string): string {
  const match = /^---[ \t]*$/m.exec(template);
  if (!match) throw new Error('a component template needs its spec header, then a `---` line');
  return `${header}${template.slice(match.index + match[0].length)}`;
}

/** `--only gitlab` writes just the component headers. */
async function main(only = process.argv.includes('--only') ? process.argv.at(-1) : undefined): Promise<void> {
  for (const { dir, module } of await loadActions()) {
    if (!only || only === 'actions') {
      writeFileSync(join(dir, 'action.yml'), renderActionYml(module.definition));
      const readme = join(dir, 'README.md');
      if (existsSync(readme))
        writeFileSync(readme, syncReadmeTables(readFileSync(readme, 'utf8'), module.definition));
    }
    const template = join(repoRoot, 'gitlab-templates', 'templates', `${module.definition.name}.yml`);
    if (existsSync(template) && (!only || only === 'gitlab')) {
      const header = renderSpecHeader(module.definition.name, gitlabSpecInputs(module.definition));
      writeFileSync(template, replaceSpecHeader(readFileSync(template, 'utf8'), header));
    }
    console.log(`synced ${relative(repoRoot, dir)}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
