import type { TraceJob } from './generator';
import { type Random, uniform } from './random';

interface RecordOptions {
  r: Random;
  coldStartMs: readonly [number, number];
  pickupMs: readonly [number, number];
  warmAt: (scaleSet: string, at: number) => number;
}

/**
 * Fills in what a forge would have recorded (started, completed, cold or warm) under the warm pool
 * in force then. A sketch of ARC, not a replay: each warm slot serves one job and is refilled by a
 * cold start; a job that finds no ready slot waits for its own cold runner or the first slot that
 * comes back, whichever is sooner. The planner only learns pickup and cold-start times from these
 * waits; plans are proven by replaying the demand (created, duration) through the ARC simulator.
 */
export function recordWaits(jobs: TraceJob[], o: RecordOptions): void {
  const slotsBySet = new Map<string, number[]>();
  for (const job of jobs) {
    const want = o.warmAt(job.scaleSet, job.createdAt);
    let slots = slotsBySet.get(job.scaleSet) ?? [];
    if (slots.length > want) slots = slots.slice(0, want);
    while (slots.length < want) slots.push(job.createdAt + uniform(o.r, ...o.coldStartMs));
    slotsBySet.set(job.scaleSet, slots);
    const pickup = uniform(o.r, ...o.pickupMs);
    const cold = pickup + uniform(o.r, ...o.coldStartMs);
    let best = -1;
    for (let i = 0; i < slots.length; i++) if (best < 0 || slots[i]! < slots[best]!) best = i;
    const slotWait = best >= 0 ? Math.max(pickup, slots[best]! - job.createdAt) : Number.POSITIVE_INFINITY;
    const warm = best >= 0 && slotWait <= cold;
    const wait = warm ? slotWait : cold;
    if (warm) slots[best] = job.createdAt + wait + uniform(o.r, ...o.coldStartMs);
    // Cold: a runner was started for this job (it found no warm slot coming back sooner).
    job.coldStart = !warm;
    job.startedAt = Math.round(job.createdAt + wait);
    job.completedAt = job.startedAt + job.durationMs;
  }
}
