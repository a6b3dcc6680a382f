import type { ActionDefinition } from '@gloriousflywheel/shared';
import type { CliCommand } from './run-cli';

/** Flags of the CLI itself, beside an action's inputs. */
export const CLI_FLAGS = {
  phase: 'Which phase to run: `main` (default) or `post` (GitLab after_script, or by hand)',
  json: 'Print the result envelope as JSON on stdout even on a terminal (it is printed whenever stdout is not a terminal)',
} as const;

/** How the CLI reports, said the same way in every help text. */
export const OUTPUT_RULES = [
  'On a terminal the log and the summary (as plain text) go to stderr and nothing to stdout; when stdout',
  'is not a terminal (a pipe, a file) or with --json, the result envelope goes to stdout as JSON:',
  '{"data": …, "meta": …, "outputs": …} or {"error": {"code": …, "message": …, "hint": …}, …}.',
  'In a GitLab job outputs go to a dotenv report and the summary to summary.md instead.',
  'Exit codes: 0 done, 1 the action failed, 2 the command line was wrong.',
];

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
    ...OUTPUT_RULES,
  );
  return `${lines.join('\n')}\n`;
}

export function generalHelp(
  definitions: ActionDefinition[],
  version: string,
  commands: Record<string, CliCommand>,
): string {
  const width = Math.max(
    ...definitions.map((d) => d.name.length),
    ...Object.keys(commands).map((c) => c.length),
  );
  return [
    `flywheel ${version} — GloriousFlywheel Actions from a terminal or a GitLab CI job`,
    '',
    'Usage:',
    '  flywheel <action> [--<input> <value> …] [--json]   run an action',
    '  flywheel <action> --help                           its inputs, defaults and outputs',
    ...Object.keys(commands).map((c) => `  flywheel ${c} --help`.padEnd(53) + `what ${c} does and its flags`),
    '  flywheel demo --scenario warm-pool                 plan warm pools from a generated month, replay a week',
    '',
    'Actions:',
    ...definitions.map((d) => `  ${d.name.padEnd(width)}  ${d.title}`),
    '',
    'Other commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.title}`),
    '',
    ...OUTPUT_RULES,
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
