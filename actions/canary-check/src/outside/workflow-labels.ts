import { parse } from 'yaml';
import type { WorkflowFile } from './github-source';

/** The `runs-on` values of every job: a string, a list, or `{ group, labels }`. */
function runsOnLabels(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (value && typeof value === 'object') {
    const labels = (value as { labels?: unknown }).labels;
    return runsOnLabels(labels);
  }
  return [];
}

/**
 * The workflow files (and job ids) whose jobs ask for the label in `runs-on`. Expressions such as
 * `${{ matrix.runner }}` cannot be resolved here; a file that names the label anywhere in a
 * matrix counts too.
 */
export function workflowsUsingLabel(
  files: WorkflowFile[],
  label: string,
): { path: string; jobs: string[] }[] {
  const found: { path: string; jobs: string[] }[] = [];
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parse(file.text);
    } catch {
      continue;
    }
    const jobs = (doc as { jobs?: Record<string, unknown> } | null)?.jobs ?? {};
    const hits: string[] = [];
    for (const [id, job] of Object.entries(jobs)) {
      if (!job || typeof job !== 'object') continue;
      const j = job as { 'runs-on'?: unknown; strategy?: { matrix?: unknown } };
      const labels = runsOnLabels(j['runs-on']);
      const viaMatrix =
        labels.some((l) => l.includes('${{')) &&
        JSON.stringify(j.strategy?.matrix ?? null).includes(`"${label}"`);
      if (labels.includes(label) || viaMatrix) hits.push(id);
    }
    if (hits.length) found.push({ path: file.path, jobs: hits });
  }
  return found;
}
