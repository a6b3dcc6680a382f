import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ActionYml {
  name: string;
  description: string;
  inputs: Record<
    string,
    { description?: string; default?: string; required?: boolean; deprecationMessage?: string }
  >;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; post?: string; 'post-if'?: string; pre?: string };
  branding?: { icon?: string; color?: string };
}

export function readActionYml(actionDir: string): ActionYml {
  const doc = parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as Partial<ActionYml>;
  if (!doc?.runs?.main) throw new Error(`${actionDir}/action.yml has no runs.main`);
  return {
    name: doc.name ?? '',
    description: doc.description ?? '',
    inputs: doc.inputs ?? {},
    outputs: doc.outputs ?? {},
    runs: doc.runs,
    ...(doc.branding ? { branding: doc.branding } : {}),
  };
}
