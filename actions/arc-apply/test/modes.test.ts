import type { FlywheelError } from '@gloriousflywheel/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { capacityAudit } from '../src/engine/audit';
import { assertDriftBelow, driftReport } from '../src/engine/drift';
import { parseSchedule } from '../src/engine/schedule';
import { writeSnapshot } from '../src/engine/snapshot';
import { parseVersion } from '../src/engine/version';
import { warmPool } from '../src/engine/warm-pool';
import { RUNNERS, scenario } from './scenario';

type S = Awaited<ReturnType<typeof scenario>>;
let current: S | undefined;
afterEach(async () => {
  await current?.cluster.stop();
  current = undefined;
});

describe('drift mode', () => {
  it('grades live caps against the targets and fails at fail-on', async () => {
    current = await scenario([
      { name: 'nix', max: 4 },
      { name: 'docker', max: 4 },
    ]);
    const targets = new Map([
      ['nix', { minRunners: 0, maxRunners: 4 }],
      ['docker', { minRunners: 0, maxRunners: 8 }],
      ['gone', { minRunners: 0, maxRunners: 1 }],
    ]);
    const report = await driftReport(current.deps, targets, parseVersion(current.cluster.version));
    expect(report.items.map((i) => [i.scaleSet, i.kind, i.severity])).toEqual([
      ['docker', 'caps-differ', 'high'],
      ['gone', 'target-missing-in-cluster', 'high'],
    ]);
    expect(report.worst).toBe('high');
    expect(() => assertDriftBelow(report, 'critical')).not.toThrow();
    let error: unknown;
    try {
      assertDriftBelow(report, 'high');
    } catch (e) {
      error = e;
    }
    expect((error as FlywheelError).code).toBe('CHECK_FAILED');
    expect((error as FlywheelError).message).toContain('docker: high');
  });
});

describe('audit mode', () => {
  it('sums the caps of every set publishing a shared label', async () => {
    current = await scenario([
      { name: 'nix-org-a', max: 16, labels: ['tinyland-nix'] },
      { name: 'nix-org-b', max: 8, labels: ['tinyland-nix'] },
      { name: 'docker', max: 20, labels: ['tinyland-docker'] },
    ]);
    const report = await capacityAudit(current.deps, parseVersion(current.cluster.version));
    const nix = report.labels.find((l) => l.label === 'tinyland-nix')!;
    expect(nix.sets.map((s) => s.name)).toEqual(['nix-org-a', 'nix-org-b']);
    expect(nix.globalMax).toBe(24);
    expect(report.labels.find((l) => l.label === 'docker')?.globalMax).toBe(20);
  });
});

describe('warm-pool mode', () => {
  const schedule = parseSchedule('0 13 * * 1-5 => 1\n0 1 * * * => 0');

  it('sets minRunners from the schedule now and never touches a frozen set', async () => {
    current = await scenario([
      { name: 'nix', max: 4 },
      { name: 'nix-2', max: 4 },
    ]);
    const s = current;
    // The simulated clock starts Monday 2026-01-05 12:00 UTC: the pool is off until 13:00.
    const before = await warmPool(s.deps, ['nix'], schedule, false);
    expect(before.minRunners).toBe(0);
    expect(before.sets).toEqual([{ name: 'nix', from: 0, to: 0, outcome: 'unchanged' }]);
    await s.cluster.clock.advance(65 * 60_000);
    await writeSnapshot(s.gw, RUNNERS, {
      version: 1,
      runId: 'other-run',
      createdAt: '',
      sets: [{ namespace: RUNNERS, name: 'nix-2', minRunners: 0, maxRunners: 4 }],
    });
    const after = await warmPool(s.deps, ['nix', 'nix-2'], schedule, false);
    expect(after.minRunners).toBe(1);
    expect(after.sets).toEqual([
      { name: 'nix', from: 0, to: 1, outcome: 'patched' },
      { name: 'nix-2', from: 0, to: 0, outcome: 'skipped-frozen' },
    ]);
    expect(await s.caps('nix')).toEqual({ min: 1, max: 4 });
    expect(await s.caps('nix-2')).toEqual({ min: 0, max: 4 });
  });
});
