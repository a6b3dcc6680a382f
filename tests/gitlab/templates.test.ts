/**
 * The component templates as GitLab reads them: a generated spec header, then jobs only (no global
 * keywords), every action input handed to the CLI, no hard-coded host, the post phase in
 * after_script, and the reports GitLab keeps.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadActions, repoRoot } from '../../scripts/action-modules';
import { gitlabSpecInputs } from '../../scripts/docs/index';
import { renderSpecHeader, replaceSpecHeader, TEMPLATE_INPUTS } from '../../scripts/sync-docs';

const actions = await loadActions();
const templatesDir = join(repoRoot, 'gitlab-templates', 'templates');
const GLOBAL_KEYWORDS = [
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
];

type Job = {
  stage?: string;
  variables?: Record<string, unknown>;
  script?: string[];
  before_script?: string[];
  after_script?: string[];
  extends?: string;
  artifacts?: { when?: string; paths?: string[]; exclude?: string[]; reports?: Record<string, string> };
};

function load(name: string) {
  const text = readFileSync(join(templatesDir, `${name}.yml`), 'utf8');
  const [header, body, ...rest] = parseAllDocuments(text);
  return {
    text,
    header: header?.toJS() as { spec: { component: string[]; inputs: Record<string, unknown> } },
    body: body?.toJS() as Record<string, Job>,
    rest,
  };
}

it('there is one template per action, and nothing else', () => {
  expect(readdirSync(templatesDir).sort()).toEqual(
    actions.map((a) => `${a.module.definition.name}.yml`).sort(),
  );
});

describe.each(actions.map((a) => [a.module.definition.name, a.module] as const))('%s', (name, module) => {
  const { text, header, body, rest } = load(name);
  const envOf = (input: string) => `FLYWHEEL_INPUT_${input.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
  const runnable = Object.entries(body).filter(([job]) => !job.startsWith('.'));
  const all = Object.entries(body);
  // Jobs that run the CLI themselves (the others extend one that does).
  const runners = all.filter(([, job]) => job.variables);

  it('has the generated header (npm run docs), then exactly one document of jobs', () => {
    const generated = renderSpecHeader(name, gitlabSpecInputs(module.definition));
    expect(replaceSpecHeader(text, generated)).toBe(text);
    expect(rest).toHaveLength(0);
    expect(header.spec.component).toContain('version');
    for (const [input, entry] of Object.entries(TEMPLATE_INPUTS))
      expect(header.spec.inputs[input]).toEqual(entry);
  });

  it('declares jobs only, each named with the job prefix', () => {
    for (const key of Object.keys(body)) {
      expect(GLOBAL_KEYWORDS).not.toContain(key);
      expect(key).toMatch(/^\.?\$\[\[ inputs\.job-prefix \]\][a-z-]+$/);
    }
    expect(runnable.length).toBeGreaterThan(0);
    for (const [, job] of runnable) expect(job.stage).toBe('$[[ inputs.stage ]]');
  });

  it('hands every action input to the CLI, and uses only declared inputs', () => {
    for (const [, job] of runners) {
      for (const input of Object.keys(module.definition.inputs))
        expect(job.variables?.[envOf(input)], input).toBe(`$[[ inputs.${input} ]]`);
      expect(job.variables?.['FLYWHEEL_CLI_COMMAND']).toBe('$[[ inputs.cli-command ]]');
      expect(job.variables?.['FLYWHEEL_CLI_VERSION']).toBe('$[[ inputs.cli-version ]]');
      expect(job.variables?.['FLYWHEEL_COMPONENT_VERSION']).toBe('$[[ component.version ]]');
    }
    const used = [...text.matchAll(/\$\[\[\s*inputs\.([\w-]+)/g)].map((m) => m[1]!);
    for (const input of used) expect(Object.keys(header.spec.inputs), input).toContain(input);
  });

  it('never names a host: the server and API come from the predefined variables', () => {
    const jobs = text.slice(text.search(/^---$/m));
    expect(jobs).not.toMatch(/https?:\/\//);
    expect(jobs).not.toMatch(/gitlab\.com/);
  });

  it('runs main in the job and, where the action has one, the post phase in after_script', () => {
    for (const [, job] of runners) {
      const main = [...(job.before_script ?? []), ...(job.script ?? [])].join('\n');
      expect(main).toMatch(new RegExp(`flywheel_cli ${name}(\\s|$)`));
      const after = (job.after_script ?? []).join('\n');
      if (module.definition.post) expect(after).toContain(`flywheel_cli ${name} --phase post`);
      else expect(after).not.toContain('--phase post');
    }
  });

  it('keeps the dotenv, JUnit, summary and result files, but never the state or env.sh', () => {
    for (const [, job] of runners) {
      const a = job.artifacts;
      expect(a?.when).toBe('always');
      expect(a?.paths).toEqual([`.flywheel/${name}/`]);
      expect(a?.exclude).toEqual([`.flywheel/${name}/state.json`, `.flywheel/${name}/env.sh`]);
      expect(a?.reports?.['dotenv']).toBe(`.flywheel/${name}/outputs.env`);
      expect(a?.reports?.['junit']).toBe(`.flywheel/${name}/*.junit.xml`);
      expect(job.variables?.['FLYWHEEL_REPORT_DIR']).toBe(`$CI_PROJECT_DIR/.flywheel/${name}`);
      expect(job.variables?.['FLYWHEEL_OUTPUT_PREFIX']).toBe(
        `FLYWHEEL_${name.replace(/-/g, '_').toUpperCase()}_`,
      );
    }
  });
});

describe('attic-setup', () => {
  const { body } = load('attic-setup');
  it('offers a hidden job that wires the cache before a build script and pushes after it', () => {
    const hidden = body['.$[[ inputs.job-prefix ]]attic-cache'];
    expect(hidden?.before_script?.join('\n')).toContain('flywheel_cli attic-setup');
    expect(hidden?.before_script?.at(-1)).toBe(
      'if [ -f "$FLYWHEEL_REPORT_DIR/env.sh" ]; then . "$FLYWHEEL_REPORT_DIR/env.sh"; fi',
    );
    expect(hidden?.after_script?.at(-1)).toBe('flywheel_cli attic-setup --phase post');
    expect(hidden?.script).toBeUndefined();
    expect(body['$[[ inputs.job-prefix ]]attic-setup']?.extends).toBe('.$[[ inputs.job-prefix ]]attic-cache');
  });
});

describe('arc-apply', () => {
  it('never runs two applies at once', () => {
    const { body } = load('arc-apply');
    expect(body['$[[ inputs.job-prefix ]]arc-apply']).toHaveProperty(
      'resource_group',
      '$[[ inputs.job-prefix ]]arc-apply',
    );
  });
});
