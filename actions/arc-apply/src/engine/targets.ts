import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FlywheelError } from '@gloriousflywheel/shared';
import { parse as parseYaml } from 'yaml';
import type { Caps } from '../kube/types';
import { parseHcl } from './hcl';

/** Source targets: the caps each scale set must have after a successful apply, keyed by name. */
export type Targets = Map<string, Caps>;

function num(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new FlywheelError(
      'INPUT_INVALID',
      `${what} is not a non-negative integer: ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** Reads a map of runner sets ({name: {min_runners, max_runners, …}}) into targets. */
export function targetsFromMap(map: Record<string, unknown>, source: string): Targets {
  const targets: Targets = new Map();
  for (const [name, value] of Object.entries(map)) {
    const v = (value ?? {}) as Record<string, unknown>;
    const min = num(v['min_runners'] ?? v['minRunners'], `${source}: ${name}.min_runners`) ?? 0;
    const max = num(v['max_runners'] ?? v['maxRunners'], `${source}: ${name}.max_runners`) ?? null;
    if (max !== null && max < min) {
      throw new FlywheelError(
        'INPUT_INVALID',
        `${source}: ${name} has max_runners ${max} < min_runners ${min}`,
        {
          hint: 'The controller rejects such a scale set; fix the source values.',
        },
      );
    }
    targets.set(name, { minRunners: min, maxRunners: max });
  }
  return targets;
}

function looksLikeRunnerSets(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.values(value);
  return (
    entries.length > 0 &&
    entries.every(
      (e) => e && typeof e === 'object' && ('min_runners' in (e as object) || 'max_runners' in (e as object)),
    )
  );
}

/**
 * Targets from tfvars (HCL): every top-level map of runner sets (the `extra_runner_sets` shape),
 * or only `variable` when given. Later files override earlier ones, as in `tofu -var-file`.
 */
export async function targetsFromTfvars(files: string[], variable?: string): Promise<Targets> {
  const targets: Targets = new Map();
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    let doc: Record<string, unknown>;
    try {
      doc = await parseHcl(file, text);
    } catch (error) {
      throw new FlywheelError('INPUT_INVALID', `${file} is not valid HCL: ${(error as Error).message}`);
    }
    for (const [name, value] of Object.entries(doc)) {
      if (variable ? name !== variable : !looksLikeRunnerSets(value)) continue;
      for (const [set, caps] of targetsFromMap(value as Record<string, unknown>, `${file}: ${name}`)) {
        targets.set(set, caps);
      }
    }
  }
  return targets;
}

/** Targets from a JSON or YAML file: {name: {minRunners|min_runners, maxRunners|max_runners}}. */
export async function targetsFromFile(file: string): Promise<Targets> {
  const text = await readFile(file, 'utf8');
  let doc: unknown;
  try {
    doc = parseYaml(text) as unknown;
  } catch (error) {
    // The parser's message quotes the file; say where instead.
    const at = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new FlywheelError(
      'INPUT_INVALID',
      `${file} is not valid JSON or YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}`,
      {
        hint: 'a targets file is a map of scale-set name to min_runners/max_runners',
        details: { path: file },
      },
    );
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new FlywheelError('INPUT_INVALID', `${file}: a targets file is a map of scale-set name to caps`);
  }
  return targetsFromMap(doc as Record<string, unknown>, file);
}

/** Where a run's source targets come from: a targets file, or else the var files. */
export interface TargetSource {
  workingDirectory: string;
  varFiles: string[];
  targetsFile?: string | undefined;
  /** The tfvars variable holding the runner sets map; empty: every map of runner sets. */
  targetsVariable?: string | undefined;
}

/**
 * The source targets of a run. Path rule, the same as tofu's own for `-var-file` (it runs in the
 * working directory): an absolute path stays absolute, a relative one resolves against
 * `working-directory`. No targets file and no var files: no targets, so every set restores to its
 * snapshot caps.
 */
export async function loadTargets(source: TargetSource): Promise<Targets> {
  const at = (file: string) => resolve(source.workingDirectory, file);
  if (source.targetsFile) return targetsFromFile(at(source.targetsFile));
  if (source.varFiles.length === 0) return new Map();
  return targetsFromTfvars(source.varFiles.map(at), source.targetsVariable);
}
