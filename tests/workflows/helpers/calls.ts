/**
 * Checks every call a workflow makes to this repository's actions (`uses: ./actions/<name>`, a
 * checkout of them, or `<owner>/<repo>/actions/<name>@<ref>`) and reusable workflows
 * (`.github/workflows/<file>.yml`): only declared inputs, every required one, and for workflows the
 * declared secrets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../../../scripts/action-modules';
import { stepsOf, type Workflow } from './workflows';

interface Declared {
  inputs: Record<string, { required?: boolean; default?: unknown }>;
  secrets?: Record<string, { required?: boolean }>;
}

const ACTION_USES =
  /^(?:\.\/(?:\.flywheel-actions\/)?|[\w.-]+\/[\w.-]+\/)actions\/([a-z][a-z0-9-]*)(?:@.+)?$/;
const WORKFLOW_USES = /^(?:\.\/|[\w.-]+\/[\w.-]+\/)\.github\/workflows\/([\w.-]+\.ya?ml)(?:@.+)?$/;

export function actionDeclared(name: string): Declared | undefined {
  const file = join(repoRoot, 'actions', name, 'action.yml');
  if (!existsSync(file)) return undefined;
  const yml = parse(readFileSync(file, 'utf8')) as { inputs?: Declared['inputs'] };
  return { inputs: yml.inputs ?? {} };
}

export function workflowDeclared(file: string): Declared | undefined {
  const path = join(repoRoot, '.github', 'workflows', file);
  if (!existsSync(path)) return undefined;
  const doc = parse(readFileSync(path, 'utf8')) as {
    on?: { workflow_call?: { inputs?: Declared['inputs']; secrets?: Declared['secrets'] } };
  };
  const call = doc.on?.workflow_call;
  if (!call) return { inputs: {}, secrets: {} };
  return { inputs: call.inputs ?? {}, secrets: call.secrets ?? {} };
}

function compare(
  what: string,
  given: Record<string, unknown> | undefined,
  declared: Declared['inputs'],
  kind = 'input',
): string[] {
  const problems: string[] = [];
  const names = Object.keys(given ?? {});
  for (const name of names) if (!(name in declared)) problems.push(`${what}: no ${kind} \`${name}\``);
  for (const [name, spec] of Object.entries(declared)) {
    const required = spec?.required === true && spec.default === undefined;
    if (required && !names.includes(name)) problems.push(`${what}: required ${kind} \`${name}\` missing`);
  }
  return problems;
}

/** The problems of one workflow's calls, as `path job[step]: …` lines; [] when all is well. */
export function checkCalls(
  workflow: Workflow,
  actionFor = actionDeclared,
  workflowFor = workflowDeclared,
): string[] {
  const problems: string[] = [];
  for (const { job, step, index } of stepsOf(workflow)) {
    const name = step.uses ? ACTION_USES.exec(step.uses)?.[1] : undefined;
    // `owner/repo/<action>@v1` without the actions/ folder names no action at all.
    const lastSegment = step.uses?.split('@')[0]?.split('/').at(-1);
    if (!name && lastSegment && actionFor(lastSegment) && !step.uses?.startsWith('./')) {
      problems.push(
        `${workflow.path} ${job}[${index}] ${step.uses}: the action lives at <repo>/actions/${lastSegment}`,
      );
    }
    if (!name) continue;
    const declared = actionFor(name);
    const where = `${workflow.path} ${job}[${index}] ${step.uses}`;
    if (!declared) problems.push(`${where}: no such action`);
    else problems.push(...compare(where, step.with, declared.inputs));
  }
  for (const [job, j] of Object.entries(workflow.doc.jobs ?? {})) {
    const file = j.uses ? WORKFLOW_USES.exec(j.uses)?.[1] : undefined;
    if (!file) continue;
    const declared = workflowFor(file);
    const where = `${workflow.path} ${job} ${j.uses}`;
    if (!declared) {
      problems.push(`${where}: no such workflow`);
      continue;
    }
    problems.push(...compare(where, j.with, declared.inputs));
    if (j.secrets !== 'inherit') {
      problems.push(
        ...compare(
          where,
          (j.secrets as Record<string, unknown> | undefined) ?? {},
          declared.secrets ?? {},
          'secret',
        ),
      );
    }
  }
  return problems;
}

/** Every call a workflow makes to an action or reusable workflow of this repository. */
export function callsOf(workflow: Workflow): string[] {
  const actions = stepsOf(workflow)
    .map(({ step }) => step.uses)
    .filter((u): u is string => Boolean(u && ACTION_USES.test(u)));
  const workflows = Object.values(workflow.doc.jobs ?? {})
    .map((j) => j.uses)
    .filter((u): u is string => Boolean(u && WORKFLOW_USES.test(u)));
  return [...actions, ...workflows];
}
