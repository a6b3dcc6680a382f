/**
 * A component template read the way GitLab reads it: the spec header, and the jobs with every
 * `!reference [job, key]` replaced by what it points at, nested lists flattened into the script (as
 * GitLab does for script, before_script and after_script).
 */
import { parseAllDocuments } from 'yaml';

export type Job = {
  stage?: string;
  variables?: Record<string, unknown>;
  script?: string[];
  before_script?: string[];
  after_script?: string[];
  extends?: string;
  artifacts?: { when?: string; paths?: string[]; exclude?: string[]; reports?: Record<string, string> };
};

const REFERENCE = /!reference \[([^\],]+),\s*([^\]]+)\]/g;
const MARK = '\u0000reference:';

/** The `[job, key]` a line of a written job points at, when it is a `!reference`. */
export function referenceOf(value: unknown): [string, string] | undefined {
  if (typeof value !== 'string' || !value.startsWith(MARK)) return undefined;
  return value.slice(MARK.length).split('\u0000') as [string, string];
}

function resolve(value: unknown, body: Record<string, Record<string, unknown>>): unknown {
  const ref = referenceOf(value);
  if (ref) {
    const [job, key] = ref;
    const target = body[job]?.[key];
    if (target === undefined) throw new Error(`!reference [${job}, ${key}] points at nothing`);
    return resolve(target, body);
  }
  if (Array.isArray(value)) return value.flatMap((v) => resolve(v, body));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, body)]));
  return value;
}

export function loadComponent(text: string) {
  const marked = text.replace(REFERENCE, (_m, job: string, key: string) =>
    JSON.stringify(`${MARK}${job.trim()}\u0000${key.trim()}`),
  );
  const [header, body, ...rest] = parseAllDocuments(marked);
  const jobs = body?.toJS() as Record<string, Record<string, unknown>>;
  return {
    header: header?.toJS() as { spec: { component: string[]; inputs: Record<string, unknown> } },
    /** The jobs as written, references left in place. */
    written: jobs,
    /** The jobs as GitLab runs them, references resolved. */
    body: resolve(jobs, jobs) as Record<string, Job>,
    rest,
  };
}
