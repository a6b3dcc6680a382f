import { readInitAgeSeconds } from '@gloriousflywheel/shared/system';
import type { JobTiming } from './queue-time';

/** Whether this job got a runner that was already up (warm pool) or one started for it (cold). */
export interface StartClassification {
  kind: 'warm' | 'cold' | 'unknown';
  /** Age of this container (or VM) when measured, from PID 1's start time. */
  containerAgeSeconds: number | null;
  containerStartedAt: string | null;
  /** Seconds from the job's creation until its first step started: the start time users feel. */
  startSeconds: number | null;
  reason: string;
}

/** Without the API, a container younger than this at our step is taken as started for the job. */
export const COLD_AGE_GUESS_SECONDS = 600;
/** API timestamps are whole seconds; allow for that when comparing with the container's start. */
const SLACK_SECONDS = 2;

export function classifyStart(timing: JobTiming | null, now: Date, root = '/'): StartClassification {
  const age = readInitAgeSeconds(root) ?? null;
  const containerStartedAt = age === null ? null : new Date(now.getTime() - age * 1000);
  const startSeconds = timing?.queueSeconds ?? null;
  const base = {
    containerAgeSeconds: age === null ? null : Math.round(age * 10) / 10,
    containerStartedAt: containerStartedAt?.toISOString() ?? null,
    startSeconds,
  };
  if (!containerStartedAt)
    return { ...base, kind: 'unknown', reason: "the container's start time is unreadable" };
  if (timing) {
    const created = Date.parse(timing.createdAt);
    const cold = containerStartedAt.getTime() >= created - SLACK_SECONDS * 1000;
    return {
      ...base,
      kind: cold ? 'cold' : 'warm',
      reason: cold
        ? 'the runner started after the job was queued: it was started for this job'
        : 'the runner was already up when the job was queued',
    };
  }
  const cold = age! < COLD_AGE_GUESS_SECONDS;
  return {
    ...base,
    kind: cold ? 'cold' : 'warm',
    reason: `no job timing: guessed from the container's age (${Math.round(age!)} s ${cold ? '<' : '≥'} ${COLD_AGE_GUESS_SECONDS} s)`,
  };
}
