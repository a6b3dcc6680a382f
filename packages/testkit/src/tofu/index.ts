import { chmodSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../temp-dirs';

/** Path of the executable `tofu` stand-in (plan -out, show -json, apply against the simulated cluster). */
export const tofuStandinPath = join(dirname(fileURLToPath(import.meta.url)), 'tofu-standin.mjs');

export interface RunnerSetVars {
  min_runners?: number;
  max_runners?: number;
  labels?: string[];
  image?: string;
}

export interface StandinConfig {
  namespace?: string;
  variable?: string;
  /** The app.kubernetes.io/version label the applied ARSs get; null removes it. */
  versionLabel?: string | null;
  /** Extra resource_changes copied verbatim into the plan (e.g. a namespace delete for the guard). */
  extraChanges?: unknown[];
  failApply?: boolean;
  /** Kills the calling process during apply: the "runner died mid-run" case. */
  killParentOnApply?: boolean;
}

function hcl(value: unknown, indent = ''): string {
  if (Array.isArray(value)) return `[${value.map((v) => hcl(v)).join(', ')}]`;
  if (value && typeof value === 'object') {
    const inner = Object.entries(value)
      .map(
        ([k, v]) =>
          `${indent}  ${/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k)} = ${hcl(v, `${indent}  `)}`,
      )
      .join('\n');
    return `{\n${inner}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** Writes tfvars in HCL: `variable = { name = { min_runners = … } }`. */
export function runnerSetsTfvars(
  sets: Record<string, RunnerSetVars>,
  variable = 'extra_runner_sets',
): string {
  return `${variable} = ${hcl(sets)}\n`;
}

/** A fresh working directory with `runners.tfvars` and `tofu-standin.json`, removed when the process exits. */
export function tofuWorkdir(sets: Record<string, RunnerSetVars>, config: StandinConfig = {}): string {
  const dir = scratchDir('tofu-standin');
  writeFileSync(join(dir, 'runners.tfvars'), runnerSetsTfvars(sets, config.variable));
  writeFileSync(join(dir, 'tofu-standin.json'), JSON.stringify(config, null, 2));
  chmodSync(tofuStandinPath, 0o755);
  return dir;
}

export function updateStandinConfig(dir: string, config: StandinConfig): void {
  writeFileSync(join(dir, 'tofu-standin.json'), JSON.stringify(config, null, 2));
}

export function updateTfvars(dir: string, sets: Record<string, RunnerSetVars>, variable?: string): void {
  writeFileSync(join(dir, 'runners.tfvars'), runnerSetsTfvars(sets, variable));
}
