/**
 * Each action's input definition (src/inputs.ts) is the one source: action.yml, the README tables,
 * the CLI's flags and the GitLab component's spec:inputs must all agree with it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFor, readActionYml } from '@gloriousflywheel/testkit';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadActions, repoRoot } from '../scripts/action-modules';
import {
  gitlabSpecInputs,
  INPUTS_END,
  INPUTS_START,
  OUTPUTS_END,
  OUTPUTS_START,
  renderInputsTable,
  renderOutputsTable,
  sectionMarkers,
  TEMPLATE_INPUTS,
} from '../scripts/docs/index';

const actions = await loadActions();
const cliBundle = join(repoRoot, 'apps', 'cli', 'dist', 'index.js');

describe('actions exist', () => {
  it('loads every action folder, each under its own name', () => {
    const folders = readdirSync(join(repoRoot, 'actions')).filter((n) =>
      existsSync(join(repoRoot, 'actions', n, 'action.yml')),
    );
    expect(folders.length).toBeGreaterThanOrEqual(4);
    expect(actions.map((a) => a.module.definition.name).sort()).toEqual(folders.sort());
  });
});

describe.each(actions.map((a) => [a.module.definition.name, a] as const))('%s', (_name, { dir, module }) => {
  const definition = module.definition;

  it('action.yml declares exactly the defined inputs and outputs, with the same text and defaults', () => {
    const yml = readActionYml(dir);
    expect(Object.keys(yml.inputs)).toEqual(Object.keys(definition.inputs));
    for (const [name, spec] of Object.entries(definition.inputs)) {
      expect(yml.inputs[name]?.description, name).toBe(spec.description);
      expect(yml.inputs[name]?.default, name).toBe(spec.default);
      expect(Boolean(yml.inputs[name]?.required), name).toBe(Boolean(spec.required));
    }
    expect(Object.fromEntries(Object.entries(yml.outputs).map(([k, v]) => [k, v.description]))).toEqual(
      definition.outputs,
    );
    expect(yml.outputs).toHaveProperty('result-file');
    expect(yml.runs.using).toBe('node24');
    expect(yml.runs.main).toBe('dist/index.js');
    expect(yml.runs.post).toBe(definition.post ? 'dist/index.js' : undefined);
    expect(yml.runs['post-if']).toBe(definition.post);
  });

  it('the README tables and sections are the generated ones', async () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const between = (start: string, end: string) =>
      readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim();
    expect(readme).toContain(INPUTS_START);
    expect(between(INPUTS_START, INPUTS_END)).toBe(renderInputsTable(definition));
    expect(between(OUTPUTS_START, OUTPUTS_END)).toBe(renderOutputsTable(definition));
    for (const [name, render] of Object.entries(module.docs ?? {})) {
      const { start, end } = sectionMarkers(name);
      expect(readme, `the README's ${name} section`).toContain(start);
      expect(between(start, end), `the README's ${name} section`).toBe(await render());
    }
  });

  it('the built CLI offers a flag for every input, with its default', () => {
    const help = spawnSync(nodeFor('node24'), [cliBundle, definition.name, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const [name, spec] of Object.entries(definition.inputs)) {
      expect(help.stdout).toContain(`--${name} <${spec.kind}>`);
      if (spec.default) expect(help.stdout).toContain(`default: ${spec.default}`);
    }
  });

  const template = join(repoRoot, 'gitlab-templates', 'templates', `${definition.name}.yml`);
  it.skipIf(!existsSync(template))("the GitLab component's spec:inputs mirror the inputs", () => {
    const [header] = parseAllDocuments(readFileSync(template, 'utf8'));
    const inputs =
      (header?.toJS() as { spec?: { inputs?: Record<string, unknown> } } | undefined)?.spec?.inputs ?? {};
    const expected = gitlabSpecInputs(definition);
    for (const [name, entry] of Object.entries(expected)) expect(inputs[name], name).toEqual(entry);
    const extra = Object.keys(inputs).filter((n) => !(n in expected) && !(n in TEMPLATE_INPUTS));
    expect(extra).toEqual([]);
  });
});
