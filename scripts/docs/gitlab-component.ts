/**
 * The generated parts of a GitLab CI/CD component template (gitlab-templates/templates/<name>.yml),
 * from the action's definition: the `spec:inputs` header, the hidden job holding the CLI bootstrap
 * (jobs use it through `!reference`), and each job's block of FLYWHEEL_* variables. The jobs
 * themselves (stage, script lines, artifacts) are written by hand between them.
 */
import type { ActionDefinition } from '@gloriousflywheel/shared';
import { stringify } from 'yaml';
import { type GitLabSpecInput, gitlabSpecInputs } from './gitlab-spec';

/** The inputs every component has for its own sake, not the action's: the one list of them. */
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

/**
 * The hidden job with the CLI bootstrap. Its name is fixed and its body reads only variables: GitLab
 * does not interpolate inputs inside a `!reference` tag (Interpolation::Config#recursive_replace
 * leaves tag objects alone), and two components defining it identically merge harmlessly.
 */
export const CLI_BOOTSTRAP_JOB = '.flywheel-cli';

/** The post phase runs in after_script, which GitLab cuts at 5 minutes unless told otherwise. */
export const AFTER_SCRIPT_TIMEOUT = '15m';

const BOOTSTRAP = [
  '# The CLI: a pre-installed one (air-gapped runners), else the npm package pinned to this',
  "# component's version (`cli-version` overrides; included by SHA or branch: the latest), run by the",
  "# image's Node 24, or on an image with Nix and no Node 24 (nixos/nix) by nixpkgs' nodejs_24.",
  'if [ -n "$FLYWHEEL_CLI_COMMAND" ]; then',
  '  flywheel_cli() { $FLYWHEEL_CLI_COMMAND "$@"; }',
  'else',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
  '  FLYWHEEL_CLI_VERSION="${FLYWHEEL_CLI_VERSION:-$FLYWHEEL_COMPONENT_VERSION}"',
  '  case "$FLYWHEEL_CLI_VERSION" in',
  "    '' | *[!0-9A-Za-z.+-]*)",
  '      echo "flywheel: no released component version to pin the CLI to; using the latest CLI"',
  '      FLYWHEEL_CLI_VERSION=latest ;;',
  '  esac',
  '  FLYWHEEL_CLI_PACKAGE="@gloriousflywheel/flywheel@$FLYWHEEL_CLI_VERSION"',
  '  if [ "$(node -p \'process.versions.node.split(".")[0]\' 2>/dev/null || echo 0)" -ge 24 ]; then',
  '    flywheel_cli() { npx --yes "$FLYWHEEL_CLI_PACKAGE" "$@"; }',
  '  elif command -v nix >/dev/null 2>&1; then',
  '    echo "flywheel: no Node 24 in this image; running the CLI on nodejs_24 from nixpkgs"',
  '    flywheel_cli() { nix --extra-experimental-features \'nix-command flakes\' shell nixpkgs#nodejs_24 --command npx --yes "$FLYWHEEL_CLI_PACKAGE" "$@"; }',
  '  else',
  '    echo "flywheel: this image has neither Node 24 nor Nix: use one that has (node:24-bookworm-slim, nixos/nix) or set cli-command" >&2',
  '    flywheel_cli() { return 127; }',
  '  fi',
  'fi',
];

/** The environment variable an input reaches the CLI through. */
export function inputVariable(input: string): string {
  return `FLYWHEEL_INPUT_${input.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/** The variables a job that runs the CLI sets: where the CLI comes from, where it reports, the inputs. */
export function jobVariables(definition: ActionDefinition): Record<string, string> {
  const name = definition.name;
  const vars: Record<string, string> = {
    FLYWHEEL_CLI_COMMAND: '$[[ inputs.cli-command ]]',
    FLYWHEEL_CLI_VERSION: '$[[ inputs.cli-version ]]',
    FLYWHEEL_COMPONENT_VERSION: '$[[ component.version ]]',
    FLYWHEEL_REPORT_DIR: `$CI_PROJECT_DIR/.flywheel/${name}`,
    FLYWHEEL_OUTPUT_PREFIX: `FLYWHEEL_${name.replace(/-/g, '_').toUpperCase()}_`,
  };
  for (const input of Object.keys(definition.inputs)) vars[inputVariable(input)] = `$[[ inputs.${input} ]]`;
  if (definition.post) vars['RUNNER_AFTER_SCRIPT_TIMEOUT'] = AFTER_SCRIPT_TIMEOUT;
  return vars;
}

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

/** A generated block opens and closes with these comment lines, at the block's own indentation. */
export const BLOCK_START = (block: string) => `# >>> ${block}: generated by \`npm run docs\`; do not edit`;
export const BLOCK_END = (block: string) => `# <<< ${block}`;

/** The generated blocks a template holds, each rendered at the indentation its markers have. */
const BLOCKS: Record<string, (definition: ActionDefinition) => string[]> = {
  'cli-bootstrap': () => [
    `${CLI_BOOTSTRAP_JOB}:`,
    '  script:',
    '    - |',
    ...BOOTSTRAP.map((line) => `      ${line}`),
  ],
  variables: (definition) =>
    Object.entries(jobVariables(definition)).map(([key, value]) => `${key}: ${value}`),
};

function replaceBlock(template: string, block: string, lines: string[]): { text: string; count: number } {
  const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(
    `^([ \\t]*)${escaped(BLOCK_START(block))}\\n[\\s\\S]*?^\\1${escaped(BLOCK_END(block))}$`,
    'gm',
  );
  let count = 0;
  const text = template.replace(pattern, (_all, indent: string) => {
    count++;
    return [BLOCK_START(block), ...lines, BLOCK_END(block)].map((l) => `${indent}${l}`).join('\n');
  });
  return { text, count };
}

/**
 * A template with every generated part brought up to date. It must hold the bootstrap block once
 * and a variables block in each job that runs the CLI (at least one).
 */
export function renderComponent(template: string, definition: ActionDefinition): string {
  let text = replaceSpecHeader(template, renderSpecHeader(definition.name, gitlabSpecInputs(definition)));
  for (const [block, render] of Object.entries(BLOCKS)) {
    const replaced = replaceBlock(text, block, render(definition));
    if (replaced.count === 0 || (block === 'cli-bootstrap' && replaced.count > 1)) {
      throw new Error(
        `gitlab-templates/templates/${definition.name}.yml needs ${block === 'cli-bootstrap' ? 'one' : 'a'} block between\n  ${BLOCK_START(block)}\n  ${BLOCK_END(block)}`,
      );
    }
    text = replaced.text;
  }
  return text;
}
