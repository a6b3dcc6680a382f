import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobTiming } from '../src/queue-time';
import { classifyStart } from '../src/start';

/** A /proc with an uptime and PID 1's start tick, as a container sees them. */
function procRoot(uptimeSeconds: number, initStartTicks: number): string {
  const root = mkdtempSync(join(tmpdir(), 'proc-'));
  mkdirSync(join(root, 'proc', '1'), { recursive: true });
  writeFileSync(join(root, 'proc', 'uptime'), `${uptimeSeconds.toFixed(2)} 10.00\n`);
  writeFileSync(
    join(root, 'proc', '1', 'stat'),
    `1 (sh) S 0 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 ${initStartTicks} 0 0\n`,
  );
  return root;
}

const timing = (createdAt: string, queueSeconds: number): JobTiming => ({
  source: 'github',
  jobId: 1,
  createdAt,
  startedAt: null,
  queueSeconds,
  apiStartedMinusCreatedSeconds: 0,
  setupSeconds: null,
  runnerName: null,
  labels: [],
  precisionSeconds: 1,
});

describe('warm or cold start', () => {
  const now = new Date('2026-03-02T14:10:00Z');

  it('calls a pod started after the job was queued cold', () => {
    // Up 100 s at 14:10:00, PID 1 from tick 1000 (10 s): the container started at 14:08:30.
    const start = classifyStart(timing('2026-03-02T14:08:05Z', 40), now, procRoot(100, 1000));
    expect(start).toMatchObject({ kind: 'cold', containerAgeSeconds: 90, startSeconds: 40 });
    expect(start.containerStartedAt).toBe('2026-03-02T14:08:30.000Z');
  });

  it('calls a warm-pool runner that was up before the job warm', () => {
    const start = classifyStart(timing('2026-03-02T14:09:50Z', 6), now, procRoot(3600, 500));
    expect(start).toMatchObject({ kind: 'warm', startSeconds: 6 });
  });

  it('guesses from the container age without the API, and says so', () => {
    const young = classifyStart(null, now, procRoot(60, 100));
    expect(young.kind).toBe('cold');
    expect(young.reason).toMatch(/guessed/);
    expect(classifyStart(null, now, procRoot(7200, 100)).kind).toBe('warm');
    expect(classifyStart(null, now, mkdtempSync(join(tmpdir(), 'empty-'))).kind).toBe('unknown');
  });
});
