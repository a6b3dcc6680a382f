/**
 * The component templates as GitLab reads them: a generated spec header, the generated CLI bootstrap
 * and variables, then jobs only (no global keywords), every action input handed to the CLI, no
 * hard-coded host, the post phase in after_script, and the reports GitLab keeps.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadActions, repoRoot } from '../../scripts/action-modules';
import { CLI_BOOTSTRAP_JOB, inputVariable, renderComponent, TEMPLATE_INPUTS } from '../../scripts/docs/index';
import { loadComponent, referenceOf } from './helpers/template';

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

function load(name: string) {
  const text = readFileSync(join(templatesDir, `${name}.yml`), 'utf8');
  return { text, ...loadComponent(text) };
}

it('there is one template per action, and nothing else', () => {
  expect(readdirSync(templatesDir).sort()).toEqual(
    actions.map((a) => `${a.module.definition.name}.yml`).sort(),
  );
});

describe.each(actions.map((a) => [a.module.definition.name, a.module] as const))('%s', (name, module) => {
  const { text, header, body, written, rest } = load(name);
  const runnable = Object.entries(body).filter(([job]) => !job.startsWith('.'));
  const all = Object.entries(body).filter(([job]) => job !== CLI_BOOTSTRAP_JOB);
  // Jobs that run the CLI themselves (the others extend one that does).
  const runners = all.filter(([, job]) => job.variables);

  it('has the generated header, bootstrap and variables (npm run docs), then exactly one document of jobs', () => {
    expect(renderComponent(text, module.definition)).toBe(text);
    expect(rest).toHaveLength(0);
    expect(header.spec.component).toContain('version');
    for (const [input, entry] of Object.entries(TEMPLATE_INPUTS))
      expect(header.spec.inputs[input]).toEqual(entry);
  });

  it('declares jobs only, each named with the job prefix (but the shared CLI bootstrap)', () => {
    for (const key of Object.keys(body).filter((k) => k !== CLI_BOOTSTRAP_JOB)) {
      expect(GLOBAL_KEYWORDS).not.toContain(key);
      expect(key).toMatch(/^\.?\$\[\[ inputs\.job-prefix \]\][a-z-]+$/);
    }
    expect(runnable.length).toBeGreaterThan(0);
    for (const [, job] of runnable) expect(job.stage).toBe('$[[ inputs.stage ]]');
  });

  it('hands every action input to the CLI, and uses only declared inputs', () => {
    for (const [, job] of runners) {
      for (const input of Object.keys(module.definition.inputs))
        expect(job.variables?.[inputVariable(input)], input).toBe(`$[[ inputs.${input} ]]`);
      expect(job.variables?.['FLYWHEEL_CLI_COMMAND']).toBe('$[[ inputs.cli-command ]]');
      expect(job.variables?.['FLYWHEEL_CLI_VERSION']).toBe('$[[ inputs.cli-version ]]');
      expect(job.variables?.['FLYWHEEL_COMPONENT_VERSION']).toBe('$[[ component.version ]]');
    }
    const used = [...text.matchAll(/\$\[\[\s*inputs\.([\w-]+)/g)].map((m) => m[1]!);
    for (const input of used) expect(Object.keys(header.spec.inputs), input).toContain(input);
  });

  it('writes the CLI bootstrap once, and every phase that runs the CLI takes it through !reference first', () => {
    // A pre-installed CLI, Node 24 from the image, nodejs_24 from nixpkgs, or a clear stop.
    expect(text.match(/flywheel_cli\(\) \{/g)).toHaveLength(4);
    const bootstrap = body[CLI_BOOTSTRAP_JOB]?.script?.join('\n');
    expect(bootstrap).toContain('FLYWHEEL_CLI_PACKAGE="@gloriousflywheel/flywheel@$FLYWHEEL_CLI_VERSION"');
    expect(bootstrap).toContain('npx --yes "$FLYWHEEL_CLI_PACKAGE"');
    expect(bootstrap).toContain('shell nixpkgs#nodejs_24 --command npx --yes "$FLYWHEEL_CLI_PACKAGE"');
    for (const [jobName, job] of Object.entries(written)) {
      if (jobName === CLI_BOOTSTRAP_JOB) continue;
      for (const phase of ['before_script', 'script', 'after_script'] as const) {
        const lines = (job[phase] ?? []) as unknown[];
        const first = lines.findIndex((l) => typeof l === 'string' && l.includes('flywheel_cli '));
        if (first < 0) continue;
        const ref = lines.findIndex((l) => referenceOf(l)?.join() === `${CLI_BOOTSTRAP_JOB},script`);
        expect(ref, `${jobName} ${phase}`).toBeGreaterThanOrEqual(0);
        expect(ref, `${jobName} ${phase}`).toBeLessThan(first);
      }
    }
  });

  it('never names a host: the server and API come from the predefined variables', () => {
    const jobs = text.slice(text.search(/^---$/m));
    expect(jobs).not.toMatch(/https?:\/\//);
    expect(jobs).not.toMatch(/gitlab\.com/);
  });

  it('runs main in the job and, where the action has one, the post phase in after_script', () => {
    expect(runners.length).toBeGreaterThan(0);
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
