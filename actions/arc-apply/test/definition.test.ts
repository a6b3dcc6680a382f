import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readActionYml } from '@gloriousflywheel/testkit/harness';
import { describe, expect, it } from 'vitest';
import { definition } from '../src/inputs';

const dir = join(import.meta.dirname, '..');

describe('arc-apply definition', () => {
  it('agrees with action.yml', () => {
    const yml = readActionYml(dir);
    expect(Object.keys(yml.inputs)).toEqual(Object.keys(definition.inputs));
    for (const [name, spec] of Object.entries(definition.inputs)) {
      expect(yml.inputs[name]?.default, name).toBe((spec as { default?: string }).default);
    }
    expect(Object.keys(yml.outputs)).toEqual(Object.keys(definition.outputs));
    expect(yml.runs).toMatchObject({
      using: 'node24',
      post: 'dist/index.js',
      'post-if': definition.post,
    });
  });

  it('documents every input and output in the README', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    for (const name of [...Object.keys(definition.inputs), ...Object.keys(definition.outputs)]) {
      expect(readme, name).toMatch(new RegExp(`\\|\\s*\`${name}\`\\s*\\|`));
    }
  });
});
