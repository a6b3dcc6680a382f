import type { ActionDefinition } from '@gloriousflywheel/shared';
import { stringify } from 'yaml';

/** The action.yml a definition implies: the file is generated from it, and a test proves they agree. */
export function renderActionYml(
  definition: ActionDefinition,
  branding = { icon: 'zap', color: 'orange' },
): string {
  const inputs: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(definition.inputs)) {
    inputs[name] = {
      description: spec.description,
      required: spec.required ?? false,
      ...(spec.default !== undefined ? { default: spec.default } : {}),
    };
  }
  const outputs: Record<string, { description: string }> = {};
  for (const [name, description] of Object.entries(definition.outputs))
    outputs[name] = { description: String(description) };
  // One bundle serves both phases (see runEntryPoint).
  const runs: Record<string, string> = { using: 'node24', main: 'dist/index.js' };
  if (definition.post) {
    runs['post'] = 'dist/index.js';
    runs['post-if'] = definition.post;
  }
  const doc = {
    name: definition.title,
    description: definition.description,
    author: 'GloriousFlywheel',
    branding,
    inputs,
    outputs,
    runs,
  };
  return `# Generated from src/inputs.ts by \`npm run docs\`; edit the definition, not this file.\n${stringify(doc, { lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' })}`;
}
