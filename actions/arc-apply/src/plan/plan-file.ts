import { readFileSync } from 'node:fs';
import { FlywheelError, writePrivateFile } from '@gloriousflywheel/shared';
import { Ajv } from 'ajv';
import schema from '../../schemas/warm-pool-plan.v1.schema.json' with { type: 'json' };
import { parseSchedule, type ScheduleEntry } from '../engine/schedule';
import type { Plan } from './planner';

/** The plan as written to its file (schemas/warm-pool-plan.v1.schema.json). */
export interface PlanFile extends Plan {
  v: 1;
  kind: 'warm-pool-plan';
  generatedAt: string;
  history: { from: string; to: string; jobs: number; sources: unknown[] };
}

const validate = new Ajv({ allErrors: false, strict: false }).compile<PlanFile>(schema);

export function writePlanFile(path: string, plan: PlanFile): void {
  writePrivateFile(path, `${JSON.stringify(plan, null, 2)}\n`);
}

/** Each set's schedule from a plan file; refuses a file that is not a version-1 plan. */
export function readPlanFile(path: string): { plan: PlanFile; schedules: Map<string, ScheduleEntry[]> } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new FlywheelError(
      'INPUT_INVALID',
      `warm-pool-plan ${path} cannot be read: ${(error as Error).message}`,
      {
        cause: error,
        hint: 'give the plan file written by `mode: warm-pool-plan` (its `plan-file` output)',
      },
    );
  }
  if (!validate(raw)) {
    const e = validate.errors?.[0];
    throw new FlywheelError(
      'INPUT_INVALID',
      `warm-pool-plan ${path} is not a version-1 plan: ${e?.instancePath || '(file)'} ${e?.message ?? ''}`.trim(),
      { hint: 'regenerate it with `mode: warm-pool-plan`' },
    );
  }
  const schedules = new Map<string, ScheduleEntry[]>();
  for (const set of raw.sets) schedules.set(set.name, parseSchedule(set.schedule.join('\n')));
  return { plan: raw, schedules };
}
