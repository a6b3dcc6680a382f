import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
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
  github_config_url?: string;
  /** Default: the chart's `<name>-gha-rs-github-secret` (the stand-in does not create it). */
  github_config_secret?: string;
  runner_group?: string;
}

export interface StandinConfig {
  /** The runner sets' namespace (default `arc-runners`). */
  namespace?: string;
  /** The tfvars variable holding the runner-set map (default: every variable ending in `runner_sets`). */
  variable?: string;
  /**
   * The app.kubernetes.io/version label the applied ARSs get; null removes it. Default: the
   * controller variable's value when it is set, else the label stays as it is.
   */
  versionLabel?: string | null;
  /**
   * The tfvars variable holding the controller chart's version (default `arc_controller_version`).
   * When set (in a var file or by `-var`), the plan holds `helm_release.arc_controller`.
   */
  controllerVariable?: string;
  /** Where the controller release lives (default `arc-systems`). */
  controllerNamespace?: string;
  /** The `--update-strategy` the installed controller Deployment gets (default `immediate`). */
  updateStrategy?: 'immediate' | 'eventual';
  /**
   * The chart's crds/ folder (YAML, one CRD a file): an install of the controller release creates
   * those missing from the cluster, as Helm does; none is ever upgraded or deleted. Unset: no CRDs.
   */
  crdsDir?: string;
  /** Apply fails (exit 1) on reaching one of these addresses, after applying those before it. */
  failApplyOf?: string[];
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

/** Writes tfvars in HCL: `variable = { name = { min_runners = … } }`, then `name = "value"` lines. */
export function runnerSetsTfvars(
  sets: Record<string, RunnerSetVars>,
  variable = 'extra_runner_sets',
  extra: Record<string, string> = {},
): string {
  const scalars = Object.entries(extra).map(([k, v]) => `${k} = ${JSON.stringify(v)}\n`);
  return `${variable} = ${hcl(sets)}\n${scalars.join('')}`;
}

/** The controller variable's default name in the platform's stack. */
export const CONTROLLER_VARIABLE = 'arc_controller_version';

/**
 * A fresh working directory with `runners.tfvars` and `tofu-standin.json`, removed when the process
 * exits. `extraTfvars` adds string variables (e.g. `{ arc_controller_version: '0.13.1' }`).
 */
export function tofuWorkdir(
  sets: Record<string, RunnerSetVars>,
  config: StandinConfig = {},
  extraTfvars: Record<string, string> = {},
): string {
  const dir = scratchDir('tofu-standin');
  writeFileSync(join(dir, 'runners.tfvars'), runnerSetsTfvars(sets, config.variable, extraTfvars));
  writeFileSync(join(dir, 'tofu-standin.json'), JSON.stringify(config, null, 2));
  chmodSync(tofuStandinPath, 0o755);
  return dir;
}

export function updateStandinConfig(dir: string, config: StandinConfig): void {
  writeFileSync(join(dir, 'tofu-standin.json'), JSON.stringify(config, null, 2));
}

/** One `name = "value"` line at the top level of a tfvars file. */
const SCALAR = /^([A-Za-z_][\w-]*)\s*=\s*"([^"]*)"\s*$/;

function scalarsOf(dir: string): Record<string, string> {
  const file = join(dir, 'runners.tfvars');
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = SCALAR.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Rewrites the runner sets in `runners.tfvars`; its string variables (the controller's version) stay. */
export function updateTfvars(dir: string, sets: Record<string, RunnerSetVars>, variable?: string): void {
  writeFileSync(join(dir, 'runners.tfvars'), runnerSetsTfvars(sets, variable, scalarsOf(dir)));
}

/**
 * Sets (or, with undefined, removes) the controller version variable in `runners.tfvars`: the
 * name is the workdir's `controllerVariable` (default `arc_controller_version`).
 */
export function setControllerVersionVar(dir: string, version: string | undefined): void {
  const cfgFile = join(dir, 'tofu-standin.json');
  const config = (existsSync(cfgFile) ? JSON.parse(readFileSync(cfgFile, 'utf8')) : {}) as StandinConfig;
  const name = config.controllerVariable ?? CONTROLLER_VARIABLE;
  const file = join(dir, 'runners.tfvars');
  const kept = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => SCALAR.exec(line)?.[1] !== name)
    .join('\n')
    .replace(/\n*$/, '\n');
  writeFileSync(file, version === undefined ? kept : `${kept}${name} = ${JSON.stringify(version)}\n`);
}
