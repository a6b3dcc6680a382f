import { parse } from 'yaml';
import type { CiJob } from './source';

/** Top-level keys of a .gitlab-ci.yml that are not jobs. */
const GLOBAL_KEYS = new Set([
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/**
 * The jobs of a .gitlab-ci.yml and the tags each asks for: its own `tags`, else those inherited
 * through `extends` from jobs in the same file (the last parent wins, as GitLab merges them in
 * order), else `default: tags`. Hidden jobs (`.name`) are templates, not jobs. Jobs of included
 * files are GitLab's to resolve: `includes` says whether there are any.
 */
export function gitlabCiJobs(path: string, text: string): { jobs: CiJob[]; includes: boolean } {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return { jobs: [], includes: false };
  }
  if (!isRecord(doc)) return { jobs: [], includes: false };
  const defs = new Map(
    Object.entries(doc).filter(
      (entry): entry is [string, Record<string, unknown>] => !GLOBAL_KEYS.has(entry[0]) && isRecord(entry[1]),
    ),
  );
  const defaults = doc['default'];
  const defaultTags = isRecord(defaults) ? defaults['tags'] : undefined;
  const tagsOf = (name: string, seen: Set<string>): unknown => {
    const job = defs.get(name);
    if (!job || seen.has(name)) return undefined;
    seen.add(name);
    if (job['tags'] !== undefined) return job['tags'];
    const parents = [job['extends']].flat().filter((p): p is string => typeof p === 'string');
    for (const parent of parents.reverse()) {
      const inherited = tagsOf(parent, seen);
      if (inherited !== undefined) return inherited;
    }
    return undefined;
  };
  const jobs = [...defs.keys()]
    .filter((name) => !name.startsWith('.'))
    .map((name) => {
      const tags = tagsOf(name, new Set()) ?? defaultTags;
      return { file: path, name, labels: Array.isArray(tags) ? tags.map(String) : [] };
    });
  return { jobs, includes: doc['include'] !== undefined };
}
