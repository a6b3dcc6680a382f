import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FlywheelError, runProcess } from '@gloriousflywheel/shared';
import { type PlanJson, parsePlanJson } from './plan-json';

export interface TofuOptions {
  bin: string;
  workingDirectory: string;
  varFiles: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface PlanOutcome {
  planFile: string;
  /** sha256 of the plan file as written, so apply can prove it uses the guarded plan. */
  digest: string;
  writtenAt: Date;
  json: PlanJson;
  log: string;
}

async function tofu(opts: TofuOptions, args: string[], what: 'PLAN_FAILED' | 'APPLY_FAILED') {
  const result = await runProcess(opts.bin, args, {
    cwd: opts.workingDirectory,
    env: { ...process.env, ...opts.env, TF_IN_AUTOMATION: '1' },
    timeoutMs: opts.timeoutMs ?? 30 * 60_000,
  });
  if (result.exitCode !== 0) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
    throw new FlywheelError(what, `tofu ${args[0]} exited ${result.exitCode}:\n${tail}`, {
      hint:
        what === 'PLAN_FAILED'
          ? 'Run tofu plan locally with the same var files.'
          : 'See the apply output group above.',
      details: { exitCode: result.exitCode },
    });
  }
  return result;
}

export async function digestOf(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/**
 * What narrows a plan: `-destroy`, `-target=ADDRESS` (the upgrade removes and reinstalls releases
 * one group at a time) and `-var NAME=VALUE` (a rollback plans the old controller version over the
 * var files' new one). Values are strings, as tofu reads a `-var` of a string variable.
 */
export interface PlanArgs {
  destroy?: boolean;
  targets?: string[];
  vars?: Record<string, string>;
}

function planArgs(extra: PlanArgs): string[] {
  return [
    ...(extra.destroy ? ['-destroy'] : []),
    ...(extra.targets ?? []).map((t) => `-target=${t}`),
    ...Object.entries(extra.vars ?? {}).map(([k, v]) => `-var=${k}=${v}`),
  ];
}

/** `tofu plan -out` into our private temp dir, then `tofu show -json` of that file. */
export async function planAndShow(
  opts: TofuOptions,
  dir: string,
  name = 'arc-apply.tfplan',
  extra: PlanArgs = {},
): Promise<PlanOutcome> {
  const planFile = join(dir, name);
  const varArgs = opts.varFiles.map((f) => `-var-file=${f}`);
  const plan = await tofu(
    opts,
    ['plan', '-input=false', '-no-color', `-out=${planFile}`, ...varArgs, ...planArgs(extra)],
    'PLAN_FAILED',
  );
  const writtenAt = (await stat(planFile)).mtime;
  const digest = await digestOf(planFile);
  const show = await tofu(opts, ['show', '-json', planFile], 'PLAN_FAILED');
  return { planFile, digest, writtenAt, json: parsePlanJson(show.stdout), log: plan.stdout };
}

/** Applies exactly the guarded plan file; refuses one that changed since it was guarded. */
export async function applyPlan(opts: TofuOptions, plan: PlanOutcome): Promise<string> {
  if ((await digestOf(plan.planFile)) !== plan.digest) {
    throw new FlywheelError(
      'APPLY_FAILED',
      'the plan file changed after it was guarded; refusing to apply it',
    );
  }
  const result = await tofu(opts, ['apply', '-input=false', '-no-color', plan.planFile], 'APPLY_FAILED');
  return `${result.stdout}${result.stderr}`;
}

/** What the pipeline needs of tofu; the default runs the executable, tests may run in-process. */
export interface TofuRunner {
  planAndShow(dir: string, name?: string, extra?: PlanArgs): Promise<PlanOutcome>;
  apply(plan: PlanOutcome): Promise<string>;
}

export function processTofu(opts: TofuOptions): TofuRunner {
  return {
    planAndShow: (dir, name, extra) => planAndShow(opts, dir, name, extra),
    apply: (plan) => applyPlan(opts, plan),
  };
}
