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

/** Top-level keys of a .gitlab-ci.yml that are not jobs. */
const GITLAB_GLOBAL_KEYS = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
]);

interface GitLabJobView {
  tags?: unknown;
  extends?: unknown;
}

/**
 * The jobs of a .gitlab-ci.yml that ask for the tag: their own `tags`, those inherited through
 * `extends` from jobs in the same file, or `default: tags`. Included files are GitLab's to resolve;
 * `includes` says whether the file has any, since jobs defined there are not seen here.
 */
export function gitlabJobsUsingTag(text: string, tag: string): { jobs: string[]; includes: boolean } {
  let doc: Record<string, unknown>;
  try {
    doc = (parse(text) ?? {}) as Record<string, unknown>;
  } catch {
    return { jobs: [], includes: false };
  }
  const defs = Object.fromEntries(
    Object.entries(doc).filter(
      ([key, value]) => !GITLAB_GLOBAL_KEYS.has(key) && value && typeof value === 'object',
    ),
  ) as Record<string, GitLabJobView>;
  const defaultTags = (doc['default'] as GitLabJobView | undefined)?.tags;
  const tagsOf = (name: string, seen: Set<string>): unknown => {
    const job = defs[name];
    if (!job || seen.has(name)) return undefined;
    seen.add(name);
    if (job.tags !== undefined) return job.tags;
    const parents =
      typeof job.extends === 'string' ? [job.extends] : Array.isArray(job.extends) ? job.extends : [];
    // The last parent wins, as GitLab merges extends in order.
    for (const parent of [...parents].reverse()) {
      const inherited = tagsOf(String(parent), seen);
      if (inherited !== undefined) return inherited;
    }
    return undefined;
  };
  const jobs = Object.keys(defs)
    .filter((name) => !name.startsWith('.'))
    .filter((name) => {
      const tags = tagsOf(name, new Set()) ?? defaultTags;
      return Array.isArray(tags) && tags.map(String).includes(tag);
    });
  return { jobs, includes: doc['include'] !== undefined };
}
