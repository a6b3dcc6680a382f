import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readActionYml } from '@gloriousflywheel/testkit/harness';
import { describe, expect, it } from 'vitest';
import { definition } from '../src/inputs';
import { actionDir } from './helpers/job';

describe('attic-setup action.yml and README follow the input definition', () => {
  const yml = readActionYml(actionDir);
  const readme = readFileSync(join(actionDir, 'README.md'), 'utf8');

  it('declares every input with its default and every output, and runs post always()', () => {
    expect(Object.keys(yml.inputs).sort()).toEqual(Object.keys(definition.inputs).sort());
    for (const [name, spec] of Object.entries(definition.inputs)) {
      expect(yml.inputs[name]!.default, name).toBe((spec as { default?: string }).default);
      expect(yml.inputs[name]!.description, name).toBe(spec.description);
    }
    expect(Object.keys(yml.outputs).sort()).toEqual(Object.keys(definition.outputs).sort());
    expect(yml.runs).toMatchObject({ using: 'node24', post: 'dist/index.js', 'post-if': 'always()' });
  });

  it('lists every input and output in the README tables', () => {
    for (const name of [...Object.keys(definition.inputs), ...Object.keys(definition.outputs)]) {
      expect(readme, name).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
    }
    expect(readme).toContain('hits / (hits + misses)');
  });
});
