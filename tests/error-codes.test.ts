/**
 * Error codes: a few core ones in the shared library, the rest owned by the action that throws them
 * (`src/errors.ts`, through `defineErrorCodes`). Codes are unique across actions, the stable ones
 * are never renamed, and each action throws only core codes and its own.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_ERROR_CODES, defineErrorCodes, type ErrorCodeSet } from '@gloriousflywheel/shared';
import { repoRoot } from '@gloriousflywheel/testkit';
import { describe, expect, it } from 'vitest';

/** Every code scripts and dashboards may match on today: remove or rename none. */
const STABLE_CODES = [
  'INPUT_INVALID',
  'CACHE_UNREACHABLE',
  'KUBE_FORBIDDEN',
  'KUBE_UNREACHABLE',
  'KUBE_CONFLICT',
  'PLAN_GUARD_REJECTED',
  'PLAN_FAILED',
  'APPLY_FAILED',
  'PROOF_FAILED',
  'SELF_LANE',
  'DRAIN_TIMEOUT',
  'RESTORE_FAILED',
  'FORGE_API',
  'FORGE_FORBIDDEN',
  'NOT_FOUND',
  'PROCESS_FAILED',
  'TIMEOUT',
  'NETWORK_ERROR',
  'HTTP_ERROR',
  'CHECK_FAILED',
  'REGRESSION',
  'KPI_FAILED',
  'RESULT_INVALID',
  'PUSH_FAILED',
  'INTERNAL',
];

const actionNames = readdirSync(join(repoRoot, 'actions')).filter((n) =>
  existsSync(join(repoRoot, 'actions', n, 'action.yml')),
);
const actionSets: ErrorCodeSet[] = [];
for (const name of actionNames) {
  if (!existsSync(join(repoRoot, 'actions', name, 'src', 'errors.ts'))) continue;
  const mod = (await import(`@gloriousflywheel/${name}/errors`)) as { errorCodes: ErrorCodeSet };
  actionSets.push(mod.errorCodes);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The codes a source tree throws: `new FlywheelError('CODE', …)`. */
function thrownCodes(dir: string): Set<string> {
  const codes = new Set<string>();
  for (const file of filesUnder(dir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/FlywheelError\(\s*'([A-Z0-9_]+)'/g))
      codes.add(m[1]!);
  }
  return codes;
}

describe('error codes', () => {
  it('each action that declares codes names itself as their owner', () => {
    expect(actionSets.map((s) => s.owner).sort()).toEqual(
      actionNames.filter((n) => existsSync(join(repoRoot, 'actions', n, 'src', 'errors.ts'))).sort(),
    );
  });

  it('are unique across the core and every action', () => {
    const owners = new Map<string, string[]>();
    for (const set of [{ owner: 'shared', codes: CORE_ERROR_CODES }, ...actionSets]) {
      for (const code of set.codes) owners.set(code, [...(owners.get(code) ?? []), set.owner]);
    }
    const twice = [...owners].filter(([, by]) => by.length > 1);
    expect(twice).toEqual([]);
  });

  it('keep every stable code, under its old name', () => {
    const all = new Set([...CORE_ERROR_CODES, ...actionSets.flatMap((s) => s.codes)]);
    expect(STABLE_CODES.filter((c) => !all.has(c))).toEqual([]);
  });

  it('the shared library throws only core codes', () => {
    const core = new Set<string>(CORE_ERROR_CODES);
    const thrown = thrownCodes(join(repoRoot, 'packages', 'shared', 'src'));
    expect(thrown.size).toBeGreaterThan(0);
    expect([...thrown].filter((c) => !core.has(c))).toEqual([]);
  });

  it.each(actionNames)('%s throws only core codes and its own', (name) => {
    const own = new Set<string>([
      ...CORE_ERROR_CODES,
      ...(actionSets.find((s) => s.owner === name)?.codes ?? []),
    ]);
    const thrown = thrownCodes(join(repoRoot, 'actions', name, 'src'));
    expect([...thrown].filter((c) => !own.has(c))).toEqual([]);
  });

  it('refuses a code that is core already, listed twice, or not UPPER_SNAKE_CASE', () => {
    expect(() => defineErrorCodes('x', ['INPUT_INVALID'])).toThrow(/core error code/);
    expect(() => defineErrorCodes('x', ['A_B', 'A_B'])).toThrow(/twice/);
    expect(() => defineErrorCodes('x', ['kpiFailed'])).toThrow(/UPPER_SNAKE_CASE/);
    expect(defineErrorCodes('x', ['A_B']).codes).toEqual(['A_B']);
  });
});
