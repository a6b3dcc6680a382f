import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo';
import { FROM, formatSideBySide, managedSucceeded, TO, upgradeDemo } from '../src/upgrade';

function io() {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (t: string) => {
        out += t;
      },
      stderr: (t: string) => {
        err += t;
      },
      env: {},
      json: false,
    },
    out: () => out,
    err: () => err,
  };
}

describe('flywheel demo scenarios', () => {
  it('refuses an unknown scenario and a nonsensical demand with a usage error', async () => {
    const a = io();
    expect(await runDemo([], { scenario: 'nope' }, a.io)).toBe(2);
    expect(a.err()).toContain(
      '--scenario is `apply` (default), `rollback`, `doctor`, `upgrade` or `warm-pool`',
    );
    const b = io();
    expect(await runDemo([], { scenario: 'warm-pool', 'jobs-per-week': '3' }, b.io)).toBe(2);
    expect(b.err()).toContain('--jobs-per-week must be a whole number from 50 to 5000');
  });

  it('warm-pool: plans from a generated month and compares the replayed week under both schedules', async () => {
    const c = io();
    const code = await runDemo([], { scenario: 'warm-pool', 'jobs-per-week': '150' }, c.io);
    expect(code, c.err().slice(-2000)).toBe(0);
    expect(c.err()).toContain('Warm-pool plan for');
    expect(c.err()).toContain('trade-off curve:');
    expect(c.out()).toMatch(/current 13:00–01:00 × 1 +\d+ +\d+ +\d+ +[\d.]+ s/);
    expect(c.out()).toMatch(/\nplan +\d+ +\d+ +\d+ +[\d.]+ s/);
    expect(c.out()).toMatch(/\nplan at the current spend +\d+ +\d+ +\d+ +[\d.]+ s/);
    expect(c.out()).toMatch(/hold them in \d+ % of weeks/);
    expect(c.out()).toContain('idle runner-min/week');
  }, 300_000);

  it('doctor: a sick fleet diagnosed, its causes removed, repaired with fix: true, and diagnosed healthy', async () => {
    const d = io();
    const code = await runDemo([], { scenario: 'doctor' }, d.io);
    const err = d.err();
    expect(code, err.slice(-3000)).toBe(0);
    const passes = err.split(/\n== \d\. /);
    expect(passes).toHaveLength(5);
    // 1: every sickness staged is found.
    for (const check of [
      'scale-set-outdated',
      'runner-failed',
      'runner-stuck-terminating',
      'listener-orphaned',
      'pods-piled-up',
    ])
      expect(passes[1], check).toContain(check);
    // 40 piled-up pods, and the stale listener's pod when the pass meets it just recreated: it
    // crash-loops, one refused message session a start (listener-not-running, low).
    expect(passes[1]).toMatch(/ARC fleet doctor: 1 critical, \d+ high, 4[01] low left/);
    expect(passes[2]).toContain('tinyland-dind is no longer Outdated');
    // 3: the repairs, each done; nothing refused or failed.
    expect(passes[3]).toMatch(/repairs made \(fix: true\)/);
    expect(passes[3]).not.toMatch(/repair failed|repair skipped/);
    expect(passes[4]).toContain('ARC fleet doctor: healthy (17 checks)');
  }, 300_000);

  it('rollback: the apply fails, the caps are rolled back and every listener proven', async () => {
    const r = io();
    const code = await runDemo([], { scenario: 'rollback' }, r.io);
    const err = r.err();
    expect(code, err.slice(-3000)).toBe(0);
    expect(err).toContain('This time tofu apply fails (staged)');
    expect(err).toMatch(/rollback-proven\s+true/);
    expect(err).toContain('"rolled back, proven"');
  }, 300_000);

  it('upgrade: the naive tofu apply loses the scale sets; the managed upgrade keeps, restores and proves them all', async () => {
    const u = io();
    const result = await upgradeDemo([], { speed: '60' }, u.io);
    const err = u.err();
    const sets = Object.keys(result.managed.sets);
    expect(sets.length).toBeGreaterThan(5);
    // Naive: the new controller runs, and the version gate deleted every set. The jobs already
    // running finish (a runner set being deleted leaves a runner that holds a job alone,
    // cleanUpEphemeralRunners); nothing new runs on the deleted sets.
    expect(result.naive.controller, err.slice(-3000)).toBe(TO);
    expect(Object.values(result.naive.sets)).toEqual(sets.map(() => undefined));
    expect(result.naive.killed).toEqual([]);
    expect(err).toContain(`version label ${TO} not allowed by controller ${FROM}`);
    // Managed: every set back at the target with its tfvars caps, every listener proven, no job killed.
    expect(result.managed.exitCode, err.slice(-3000)).toBe(0);
    expect(result.managed.controller).toBe(TO);
    expect(result.managed.killed).toEqual([]);
    for (const name of sets) {
      expect(result.managed.sets[name], name).toMatchObject({ version: TO, listener: true });
      expect(result.managed.proven[name], name).toBe(true);
    }
    expect(result.managed.sets['tinyland-nix']).toMatchObject({ min: 0, max: 16 });
    expect(result.managed.sets['tinyland-docker']).toMatchObject({ min: 0, max: 20 });
    expect(managedSucceeded(result)).toBe(true);
    // The action's own log and summary, and the side-by-side table.
    expect(err).toContain('$ tofu apply -input=false naive.tfplan');
    const table = formatSideBySide(result);
    expect(table).toMatch(
      new RegExp(`tinyland-nix\\s+DELETED\\s+${TO.replace(/\./g, '\\.')}\\s+0/16\\s+yes`),
    );
    expect(table).toMatch(/jobs interrupted\s+0\s+0/);
  }, 600_000);
});
