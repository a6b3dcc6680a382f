import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActionModule } from '@gloriousflywheel/shared';

export const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');

export interface LoadedAction {
  dir: string;
  module: ActionModule;
}

/** Every action folder that exports `action` from src/index.ts, loaded by its package name. */
export async function loadActions(): Promise<LoadedAction[]> {
  const loaded: LoadedAction[] = [];
  for (const name of readdirSync(join(repoRoot, 'actions')).sort()) {
    const dir = join(repoRoot, 'actions', name);
    if (!existsSync(join(dir, 'src', 'index.ts'))) continue;
    const mod = (await import(`@gloriousflywheel/${name}`)) as { action?: ActionModule };
    if (!mod.action) throw new Error(`@gloriousflywheel/${name} does not export \`action\``);
    loaded.push({ dir, module: mod.action });
  }
  return loaded;
}
