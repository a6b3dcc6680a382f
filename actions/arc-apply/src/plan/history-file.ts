import { readFileSync } from 'node:fs';
import { FlywheelError } from '@gloriousflywheel/shared';
import { Ajv } from 'ajv';
import schema from '../../schemas/job-history.v1.schema.json' with { type: 'json' };
import { type History, type HistoryJob, scaleSetFor } from './history';

interface HistoryRecordV1 {
  v: 1;
  scaleSet?: string;
  labels?: string[];
  runId?: string | number;
  createdAt: string;
  startedAt?: string | null;
  completedAt?: string | null;
}

// strictRequired would refuse the schema's anyOf of required properties, which is plain draft-07.
const validate = new Ajv({
  allErrors: false,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
}).compile<HistoryRecordV1>(schema);

/** How many bad lines are named before the read gives up. */
const MAX_REPORTED = 5;

/**
 * Reads a JSON-lines job history (schemas/job-history.v1.schema.json): every line is validated; jobs
 * of sets out of scope are skipped and counted. A file with invalid lines is refused, naming them.
 */
export function readHistoryFile(
  path: string,
  sets: readonly { name: string; labels: readonly string[] }[],
): History {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FlywheelError(
      'INPUT_INVALID',
      `history file ${path} cannot be read: ${(error as Error).message}`,
      {
        cause: error,
        hint: 'history-file takes a path to a JSON-lines file (one job per line)',
      },
    );
  }
  const jobs: HistoryJob[] = [];
  const bad: string[] = [];
  let skipped = 0;
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      bad.push(`line ${i + 1}: not JSON`);
      if (bad.length >= MAX_REPORTED) break;
      continue;
    }
    if (!validate(record)) {
      const e = validate.errors?.[0];
      bad.push(`line ${i + 1}: ${e?.instancePath || '(record)'} ${e?.message ?? 'is invalid'}`);
      if (bad.length >= MAX_REPORTED) break;
      continue;
    }
    const set = scaleSetFor(record, sets);
    if (!set) {
      skipped++;
      continue;
    }
    const at = (t: string | null | undefined) => (t ? Date.parse(t) : undefined);
    const job: HistoryJob = { scaleSet: set, createdAt: Date.parse(record.createdAt) };
    const startedAt = at(record.startedAt);
    const completedAt = at(record.completedAt);
    if (startedAt !== undefined) job.startedAt = startedAt;
    if (completedAt !== undefined) job.completedAt = completedAt;
    if (record.runId !== undefined) job.runId = String(record.runId);
    jobs.push(job);
  }
  if (bad.length > 0) {
    throw new FlywheelError('INPUT_INVALID', `history file ${path} has invalid lines:\n${bad.join('\n')}`, {
      hint: 'each line must be one job in the documented format: actions/arc-apply/schemas/job-history.v1.schema.json',
    });
  }
  return {
    jobs,
    sources: [
      {
        kind: 'file',
        where: path,
        jobs: jobs.length,
        complete: true,
        ...(skipped ? { note: `${skipped} job(s) of sets not in scope skipped` } : {}),
      },
    ],
  };
}
