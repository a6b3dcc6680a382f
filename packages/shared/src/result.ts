import { join } from 'node:path';
import type { ErrorCode } from './errors';
import { writePrivateFile } from './platform/files';
import { redact } from './platform/secrets';
import type { PlatformKind } from './platform/types';

export const RESULT_SCHEMA_VERSION = 1;

export interface ResultMeta {
  schema: number;
  action: string;
  phase: 'main' | 'post';
  platform: PlatformKind;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  repository?: string;
  /**
   * The commit the run worked from (GITHUB_SHA, CI_COMMIT_SHA): what lets a later reader say which
   * change a result proved — the config-change lead time runs from a merge to the apply that proved it.
   */
  sha?: string;
  ref?: string;
  runId?: string;
  jobId?: string;
}

export interface SuccessEnvelope<T = unknown> {
  data: T;
  meta: ResultMeta;
}

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; hint?: string; details?: Record<string, unknown> };
  meta: ResultMeta;
}

export type ResultEnvelope<T = unknown> = SuccessEnvelope<T> | ErrorEnvelope;

/** `<reportDir>/result.json` (post: `post-result.json`); reportDir defaults to `<runner temp>/flywheel/<action>`. */
export function resultFilePath(reportDir: string, phase: 'main' | 'post'): string {
  return join(reportDir, phase === 'main' ? 'result.json' : 'post-result.json');
}

/** Writes the envelope (redacted, owner-only) and returns its path. */
export function writeResultFile(path: string, envelope: ResultEnvelope): string {
  writePrivateFile(path, `${redact(JSON.stringify(envelope, null, 2))}\n`);
  return path;
}

export function isErrorEnvelope(envelope: ResultEnvelope): envelope is ErrorEnvelope {
  return 'error' in envelope;
}
