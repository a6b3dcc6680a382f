import { FlywheelError } from '@gloriousflywheel/shared';
import { type Ars, keyOf } from '../kube/types';
import { entryKey } from './pause-record';
import type { CapSnapshot } from './snapshot';

/**
 * An apply restores every set it froze to its source targets, which would silently end a pause:
 * a paused set is refused before anything changes, and the operator decides.
 */
export function assertNonePaused(scope: Ars[], record: CapSnapshot | undefined): void {
  const paused = new Map((record?.sets ?? []).map((e) => [entryKey(e), e]));
  const hit = scope.filter((a) => paused.has(keyOf(a)));
  if (hit.length === 0) return;
  const lines = hit.map((a) => {
    const mark = paused.get(keyOf(a))?.paused;
    return `${keyOf(a)}${mark ? ` (paused by run ${mark.runId} at ${mark.at})` : ''}`;
  });
  throw new FlywheelError(
    'SCALE_SET_PAUSED',
    `${hit.length} scale set(s) in scope are paused; an apply would end the pause: ${lines.join(', ')}`,
    {
      hint: 'Resume them first (mode: resume), or leave them out of scale-sets.',
      details: { paused: hit.map(keyOf) },
    },
  );
}

/** A set an apply run has frozen (its snapshot names it) is that run's to restore, not a pause's to take. */
export function assertNoneFrozenByApply(scope: Ars[], applySnapshot: CapSnapshot | undefined): void {
  const frozen = new Set((applySnapshot?.sets ?? []).map(entryKey));
  const hit = scope.filter((a) => frozen.has(keyOf(a)));
  if (hit.length === 0) return;
  throw new FlywheelError(
    'SCALE_SET_FROZEN',
    `${hit.map(keyOf).join(', ')}: frozen by apply run ${applySnapshot?.runId}; pausing now would record the frozen caps as the ones to resume to`,
    {
      hint: 'Wait for that run to finish, or run mode: restore if it died, then pause.',
      details: { frozen: hit.map(keyOf), runId: applySnapshot?.runId },
    },
  );
}
