import { flagOutliers } from '@gloriousflywheel/shared/stats';
import { describe, expect, it } from 'vitest';
import { measureRun } from '../src/measure';

const onLinux = process.platform === 'linux';

describe('measuring real processes', () => {
  it('times a child that sleeps 200 ms as at least 200 ms and well under a second', async () => {
    const run = await measureRun({ kind: 'script', script: 'sleep 0.2' }, 0, false);
    expect(run.wallMs).toBeGreaterThanOrEqual(200);
    expect(run.wallMs).toBeLessThan(1000);
    expect(run.exitCode).toBe(0);
    expect(run.signal).toBeNull();
    expect(Date.parse(run.startedAt)).not.toBeNaN();
  });

  it.skipIf(!onLinux)('counts the CPU time of the whole process tree (rusage of the children)', async () => {
    // A busy loop in a grandchild shell: its CPU time must reach the wrapper's cutime.
    const run = await measureRun(
      { kind: 'script', script: "sh -c 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done'" },
      0,
      false,
    );
    expect(run.userMs).not.toBeNull();
    expect(run.userMs! + run.systemMs!).toBeGreaterThanOrEqual(50);
    // CPU time cannot exceed wall time by more than the tick rounding for a single-threaded loop.
    expect(run.userMs! + run.systemMs!).toBeLessThanOrEqual(run.wallMs + 20);
  });

  it('records exit codes and signals without throwing', async () => {
    const failed = await measureRun({ kind: 'argv', argv: ['sh', '-c', 'exit 7'] }, 3, false);
    expect(failed.exitCode).toBe(7);
    expect(failed.index).toBe(3);
    const killed = await measureRun({ kind: 'script', script: 'kill -TERM $$' }, 0, true);
    expect(killed.warmup).toBe(true);
    expect(killed.exitCode === 143 || killed.signal === 'SIGTERM').toBe(true);
  });

  it('passes preset arguments as an array, never through the shell', async () => {
    const out: Buffer[] = [];
    const run = await measureRun(
      { kind: 'argv', argv: ['printf', '%s', '$(echo injected); rm -rf /'] },
      0,
      false,
      {
        onStdout: (c) => out.push(c),
      },
    );
    expect(run.exitCode).toBe(0);
    expect(Buffer.concat(out).toString()).toBe('$(echo injected); rm -rf /');
  });

  it.skipIf(!onLinux)('samples the peak RSS of a process that holds memory', async () => {
    const script = `node -e "const b = Buffer.alloc(64 * 1024 * 1024, 1); setTimeout(() => b.length, 700)"`;
    const run = await measureRun({ kind: 'script', script }, 0, false, { rssPollMs: 50 });
    expect(run.peakRssBytes).not.toBeNull();
    expect(run.peakRssBytes!).toBeGreaterThan(64 * 1024 * 1024);
  });

  it('stops a run that exceeds its timeout with a TIMEOUT error', async () => {
    await expect(
      measureRun({ kind: 'script', script: 'sleep 5' }, 0, false, { timeoutMs: 200 }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it('flags a slow run among real measurements as an outlier and keeps it', async () => {
    const times: number[] = [];
    for (const script of [
      'sleep 0.05',
      'sleep 0.05',
      'sleep 0.05',
      'sleep 0.05',
      'sleep 0.05',
      'sleep 0.6',
    ]) {
      times.push((await measureRun({ kind: 'script', script }, times.length, false)).wallMs);
    }
    const flags = flagOutliers(times);
    expect(flags.indexes).toContain(5);
    expect(times).toHaveLength(6);
  });
});
