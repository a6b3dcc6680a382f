/**
 * Every action has the same skeleton: `inputs.ts` (the one definition), a 3-line `main.ts` that
 * hands the action to the shared runner, `index.ts` declaring one lazily loaded module per mode,
 * and the modes' bodies under `modes/`. This test keeps it so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionModule } from '@gloriousflywheel/shared';
import { repoRoot } from '@gloriousflywheel/testkit';
import { describe, expect, it } from 'vitest';

const actionsDir = join(repoRoot, 'actions');
const names = readdirSync(actionsDir).filter((n) => existsSync(join(actionsDir, n, 'action.yml')));

describe.each(names)('the %s action has the shared skeleton', (name) => {
  const src = join(actionsDir, name, 'src');

  it('has inputs.ts, index.ts and a main.ts that only runs the action', () => {
    for (const file of ['inputs.ts', 'index.ts', 'main.ts']) expect(existsSync(join(src, file))).toBe(true);
    expect(existsSync(join(src, 'post.ts'))).toBe(false);
    const main = readFileSync(join(src, 'main.ts'), 'utf8').trim().split('\n');
    expect(main).toEqual([
      "import { runEntryPoint } from '@gloriousflywheel/shared';",
      "import { action } from './index';",
      '',
      'await runEntryPoint(action);',
    ]);
  });

  it('declares one module per mode of its definition, each under modes/', async () => {
    const { action } = (await import(join(src, 'index.ts'))) as { action: ActionModule };
    const modeInput = action.definition.inputs['mode'];
    const expected = modeInput ? [...(modeInput.options ?? [])] : ['default'];
    expect(Object.keys(action.modes).sort()).toEqual(expected.sort());
    for (const mode of expected) {
      const module = await action.modes[mode]?.();
      expect(typeof module?.main, `mode ${mode} has a main phase`).toBe('function');
    }
    expect(existsSync(join(src, 'modes'))).toBe(true);
  });
});
