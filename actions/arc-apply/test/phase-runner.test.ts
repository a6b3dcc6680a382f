import { FlywheelError } from '@gloriousflywheel/shared';
import { describe, expect, it } from 'vitest';
import { type Phase, type PhaseLedger, runPhases } from '../src/engine/phase-runner';
import { memoryLog, steppingClock } from './helpers';

/** A run's trace: which phase bodies, stand-ins, undos and commits ran, in order. */
interface Trace {
  did: string[];
}

/** A phase that takes `ms` of the clock, records itself, and fails when told to. */
function phase(
  name: string,
  clock: ReturnType<typeof steppingClock>,
  extra: Partial<Phase<Trace>> = {},
): Phase<Trace> {
  return {
    name,
    dryRun: 'same',
    async run(t) {
      await clock.sleep(1000);
      t.did.push(name);
    },
    ...extra,
  };
}

const failing = (name: string, error: unknown): Partial<Phase<Trace>> => ({
  async run(t) {
    t.did.push(name);
    throw error;
  },
});

const undoable = (name: string, needed = true): Partial<Phase<Trace>> => ({
  undo: {
    name: `undo ${name}`,
    needed: () => needed,
    async run(t) {
      t.did.push(`undo ${name}`);
    },
  },
  async commit(t) {
    t.did.push(`commit ${name}`);
  },
});

function setup() {
  const clock = steppingClock();
  const log = memoryLog();
  const ledger: PhaseLedger = { phases: [], outcome: 'running' };
  const trace: Trace = { did: [] };
  return { clock, log, ledger, trace };
}

async function failure(p: Promise<unknown>): Promise<FlywheelError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error('expected the run to fail');
}

describe('the phase runner', () => {
  it('runs every phase in order, in a log group, timed on the clock, then commits in order', async () => {
    const { clock, log, ledger, trace } = setup();
    const after: string[] = [];
    await runPhases(
      [phase('a', clock, undoable('a')), phase('b', clock), phase('c', clock, undoable('c'))],
      trace,
      { clock, log, ledger, dryRun: false, afterPhase: (n) => void after.push(n) },
    );
    expect(trace.did).toEqual(['a', 'b', 'c', 'commit a', 'commit c']);
    expect(after).toEqual(['a', 'b', 'c']);
    expect(ledger.outcome).toBe('succeeded');
    expect(ledger.phases).toEqual([
      { name: 'a', start: '2026-01-05T10:00:00.000Z', end: '2026-01-05T10:00:01.000Z', outcome: 'ok' },
      { name: 'b', start: '2026-01-05T10:00:01.000Z', end: '2026-01-05T10:00:02.000Z', outcome: 'ok' },
      { name: 'c', start: '2026-01-05T10:00:02.000Z', end: '2026-01-05T10:00:03.000Z', outcome: 'ok' },
    ]);
    expect(log.lines.slice(0, 3)).toEqual([
      '::group::a',
      '::endgroup::',
      'a: done after 1.00s (phase 1 of 3)',
    ]);
  });

  it('in a dry run takes the reading phases and the stand-ins, skips the rest, and commits nothing', async () => {
    const { clock, log, ledger, trace } = setup();
    await runPhases(
      [
        phase('read', clock),
        phase('change', clock, {
          ...undoable('change'),
          dryRun: { name: 'change (dry run)', run: async (t) => void t.did.push('show change') },
        }),
        phase('write', clock, { dryRun: 'skip' }),
      ],
      trace,
      { clock, log, ledger, dryRun: true },
    );
    expect(trace.did).toEqual(['read', 'show change']);
    expect(ledger.phases.map((p) => p.name)).toEqual(['read', 'change (dry run)']);
    expect(ledger.outcome).toBe('dry-run');
  });

  it('on a failure records it, undoes the started phases that need it (newest first) and rethrows', async () => {
    const { clock, log, ledger, trace } = setup();
    const error = await failure(
      runPhases(
        [
          phase('a', clock, undoable('a')),
          phase('b', clock, undoable('b', false)),
          phase('c', clock, { ...undoable('c'), ...failing('c', new FlywheelError('APPLY_FAILED', 'no')) }),
          phase('d', clock, undoable('d')),
        ],
        trace,
        { clock, log, ledger, dryRun: false },
      ),
    );
    expect(error.code).toBe('APPLY_FAILED');
    expect(trace.did).toEqual(['a', 'b', 'c', 'undo c', 'undo a']);
    expect(ledger.outcome).toBe('failed');
    expect(ledger.error).toEqual({ code: 'APPLY_FAILED', message: 'no' });
    expect(ledger.phases.map((p) => [p.name, p.outcome])).toEqual([
      ['a', 'ok'],
      ['b', 'ok'],
      ['c', 'failed'],
      ['undo c', 'ok'],
      ['undo a', 'ok'],
    ]);
    expect(log.lines).toContain('c: failed after 0ms (phase 3 of 4)');
  });

  it('records a failed undo, goes on undoing, and still throws the run’s own failure', async () => {
    const { clock, log, ledger, trace } = setup();
    const brokenUndo: Partial<Phase<Trace>> = {
      undo: {
        name: 'undo b',
        needed: () => true,
        run: async () => {
          throw new FlywheelError('RESTORE_FAILED', 'api down');
        },
      },
    };
    const error = await failure(
      runPhases(
        [
          phase('a', clock, undoable('a')),
          phase('b', clock, brokenUndo),
          phase('c', clock, failing('c', new FlywheelError('DRAIN_TIMEOUT', 'busy'))),
        ],
        trace,
        { clock, log, ledger, dryRun: false },
      ),
    );
    expect(error.code).toBe('DRAIN_TIMEOUT');
    expect(trace.did).toEqual(['a', 'b', 'c', 'undo a']);
    expect(ledger.phases.slice(3).map((p) => [p.name, p.outcome])).toEqual([
      ['undo b', 'failed'],
      ['undo a', 'ok'],
    ]);
  });

  it('turns an unexpected error into an INTERNAL FlywheelError, and a failing commit into a rolled-back run', async () => {
    const { clock, log, ledger, trace } = setup();
    const bug = await failure(
      runPhases([phase('a', clock, failing('a', new TypeError('x is undefined')))], trace, {
        clock,
        log,
        ledger,
        dryRun: false,
      }),
    );
    expect(bug.code).toBe('INTERNAL');
    expect(bug.message).toBe('x is undefined');

    const second = setup();
    const commitFails = await failure(
      runPhases(
        [
          phase('a', second.clock, {
            ...undoable('a'),
            commit: async () => {
              throw new FlywheelError('KUBE_UNREACHABLE', 'gone');
            },
          }),
        ],
        second.trace,
        { clock: second.clock, log: second.log, ledger: second.ledger, dryRun: false },
      ),
    );
    expect(commitFails.code).toBe('KUBE_UNREACHABLE');
    expect(second.trace.did).toEqual(['a', 'undo a']);
    expect(second.ledger.outcome).toBe('failed');
  });
});
