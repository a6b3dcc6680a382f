import type { ActionDefinition } from '@gloriousflywheel/shared';

export const CLI_FLAGS = {
  phase: 'Which phase to run: `main` (default) or `post` (GitLab after_script, or by hand)',
} as const;

export function actionHelp(definition: ActionDefinition): string {
  const lines = [
    `flywheel ${definition.name} — ${definition.title}`,
    '',
    wrap(definition.description, 0),
    '',
    'Inputs:',
  ];
  for (const [name, spec] of Object.entries(definition.inputs)) {
    const tags = [
      spec.required ? 'required' : undefined,
      spec.default !== undefined && spec.default !== '' ? `default: ${spec.default}` : undefined,
      spec.secret ? 'secret: prefer the FLYWHEEL_INPUT_ variable over a flag' : undefined,
    ].filter(Boolean);
    lines.push(`  --${name} <${spec.kind}>${tags.length ? `  (${tags.join('; ')})` : ''}`);
    lines.push(wrap(`${spec.description} Accepts ${spec.accepts}.`, 6));
  }
  lines.push('', 'Options:');
  for (const [name, text] of Object.entries(CLI_FLAGS)) lines.push(`  --${name}`, wrap(text, 6));
  lines.push('', 'Outputs:');
  for (const [name, text] of Object.entries(definition.outputs))
    lines.push(`  ${name}`, wrap(String(text), 6));
  lines.push(
    '',
    'Every input can also come from the environment as FLYWHEEL_INPUT_<NAME> (upper case, - as _).',
    'In a terminal the result is printed as JSON on stdout; in a GitLab job outputs go to a dotenv report.',
  );
  return `${lines.join('\n')}\n`;
}

export function generalHelp(definitions: ActionDefinition[], version: string): string {
  const width = Math.max(...definitions.map((d) => d.name.length), 4);
  return [
    `flywheel ${version} — GloriousFlywheel Actions from a terminal or a GitLab CI job`,
    '',
    'Usage:',
    '  flywheel <action> [--<input> <value> …]   run an action',
    '  flywheel <action> --help                  its inputs, defaults and outputs',
    '  flywheel demo                             the main job on an embedded simulated cluster',
    '  flywheel demo --scenario warm-pool        plan warm pools from a generated month, replay the next week',
    '',
    'Actions:',
    ...definitions.map((d) => `  ${d.name.padEnd(width)}  ${d.title}`),
    `  ${'demo'.padEnd(width)}  Run the ARC apply pipeline on a simulated fleet`,
    '',
  ].join('\n');
}

function wrap(text: string, indent: number, width = 100): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && indent + line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${' '.repeat(indent)}${l}`).join('\n');
}
