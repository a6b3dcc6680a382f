import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectReapCandidates, selectStalePods, stillReapable } from '../src/engine/reap-select';
import { hasJobFields } from '../src/engine/version';
import { ars, er, ers, view } from './fixtures';

describe('reap selection', () => {
  it('takes idle runners of a runner set at 0 replicas, never busy ones', () => {
    const set = ers('nix', 0);
    const idle = er(set);
    const busy = er(set, { busy: true });
    const picked = selectReapCandidates(view({ ars: [ars('nix')], ers: [set], runners: [idle, busy] }), [
      ars('nix'),
    ]);
    expect(picked.map((p) => [p.runner.metadata.name, p.reason])).toEqual([
      [idle.metadata.name, 'owner-at-zero'],
    ]);
  });

  it('takes only the idle runners beyond the desired count, oldest first', () => {
    const set = ers('docker', 2);
    const old = er(set, { created: '2026-01-01T00:00:01Z' });
    const newer = er(set, { created: '2026-01-01T00:00:09Z' });
    const busy = er(set, { busy: true });
    const picked = selectReapCandidates(
      view({ ars: [ars('docker')], ers: [set], runners: [newer, old, busy] }),
      [ars('docker')],
    );
    expect(picked.map((p) => p.runner.metadata.name)).toEqual([old.metadata.name]);
    expect(picked[0]!.reason).toBe('beyond-desired');
  });

  it('leaves a warm pool at exactly its minRunners alone', () => {
    const set = ers('nix', 0);
    const warm = ars('nix', { min: 1 });
    expect(selectReapCandidates(view({ ars: [warm], ers: [set], runners: [er(set)] }), [warm])).toEqual([]);
  });

  it('skips unregistered, pending, done and deleting runners', () => {
    const set = ers('nix', 0);
    const deleting = er(set);
    deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    const runners = [
      er(set, { runnerId: 0 }),
      er(set, { phase: 'Pending' }),
      er(set, { phase: 'Succeeded' }),
      deleting,
    ];
    expect(selectReapCandidates(view({ ars: [ars('nix')], ers: [set], runners }), [ars('nix')])).toEqual([]);
  });

  it('only looks at sets in scope', () => {
    const set = ers('other', 0);
    expect(
      selectReapCandidates(view({ ars: [ars('other')], ers: [set], runners: [er(set)] }), [ars('nix')]),
    ).toEqual([]);
  });

  it('never selects a runner with any job field, whatever the fleet looks like', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            replicas: fc.nat(4),
            runners: fc.array(
              fc.record({ busy: fc.boolean(), phase: fc.constantFrom('Running', 'Pending', 'Succeeded') }),
              { maxLength: 6 },
            ),
          }),
          { maxLength: 4 },
        ),
        fc.nat(2),
        (sets, min) => {
          const a = ars('fleet', { min });
          const ersList = sets.map((s, i) => ers('fleet', s.replicas, `s${i}`));
          const runners = sets.flatMap((s, i) => s.runners.map((r) => er(ersList[i]!, r)));
          const picked = selectReapCandidates(view({ ars: [a], ers: ersList, runners }), [a]);
          for (const p of picked) expect(hasJobFields(p.runner)).toBe(false);
          for (const [i, s] of sets.entries()) {
            const mine = picked.filter(
              (p) => p.runner.metadata.ownerReferences![0]!.name === ersList[i]!.metadata.name,
            );
            const live = s.runners.filter((r) => r.phase !== 'Succeeded').length;
            if (s.replicas > 0) expect(mine.length).toBeLessThanOrEqual(Math.max(0, live - s.replicas));
          }
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('just-in-time re-check', () => {
  it('refuses when a job arrived, the object changed or it is gone', () => {
    const set = ers('nix', 0);
    const selected = er(set, { rv: '5' });
    expect(stillReapable(selected, selected)).toEqual({ ok: true });
    expect(stillReapable(selected, undefined).why).toBe('gone');
    const withJob = { ...selected, status: { ...selected.status, jobId: 'j1' } };
    expect(stillReapable(selected, withJob).why).toBe('a job arrived');
    const moved = { ...selected, metadata: { ...selected.metadata, resourceVersion: '6' } };
    expect(stillReapable(selected, moved).why).toBe('changed');
  });
});

describe('completed pods', () => {
  it('selects finished pods older than the threshold', () => {
    const now = new Date('2026-01-01T02:00:00Z');
    const pod = (phase: string, created: string) => ({
      metadata: { creationTimestamp: created },
      status: { phase },
    });
    const pods = [
      pod('Succeeded', '2026-01-01T00:00:00Z'),
      pod('Failed', '2026-01-01T01:30:00Z'),
      pod('Running', '2026-01-01T00:00:00Z'),
    ];
    expect(selectStalePods(pods, now, 3600_000)).toEqual([pods[0]]);
  });
});
