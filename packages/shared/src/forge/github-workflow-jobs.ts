import { parse } from 'yaml';
import type { CiJob } from './source';

/** The labels of a `runs-on` value: a string, a list, or `{ group, labels }`. */
function runsOnLabels(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (value && typeof value === 'object' && 'labels' in value) return runsOnLabels(value.labels);
  return [];
}

/** Every string in a matrix: the values a `runs-on: ${{ matrix.x }}` expression may take. */
function matrixStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(matrixStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(matrixStrings);
  return [];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/**
 * The jobs of one workflow file and the labels each asks for in `runs-on`. An expression such as
 * `${{ matrix.runner }}` cannot be resolved here: the job may ask for any string of its matrix.
 * A file that is not YAML has no jobs.
 */
export function workflowJobs(path: string, text: string): CiJob[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  const jobs = isRecord(doc) && isRecord(doc['jobs']) ? doc['jobs'] : {};
  const found: CiJob[] = [];
  for (const [name, job] of Object.entries(jobs)) {
    if (!isRecord(job)) continue;
    const labels = runsOnLabels(job['runs-on']);
    const strategy = job['strategy'];
    const viaMatrix =
      labels.some((l) => l.includes('${{')) && isRecord(strategy) ? matrixStrings(strategy['matrix']) : [];
    found.push({ file: path, name, labels: [...new Set([...labels, ...viaMatrix])] });
  }
  return found;
}
