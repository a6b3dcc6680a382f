import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOne } from '@gloriousflywheel/shared';
import { describe, expect, it } from 'vitest';
import { readRecords, selectBaseline } from '../src/history';
import { bazelHitRateFromLog } from '../src/hit-rates';
import { definition } from '../src/inputs';
import { parseRecord, recordFileName } from '../src/record';
import { chooseWorkload } from '../src/workloads';
import { makeRecord } from './records';

const temp = () => mkdtempSync(join(tmpdir(), 'bench-'));

describe('bad inputs give clear errors', () => {
  it('refuses an unknown workload, both or neither of command and workload', () => {
    expect(() => chooseWorkload({ workload: 'cargo-bench' })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID', message: 'unknown workload `cargo-bench`' }),
    );
    expect(() => chooseWorkload({ command: 'make', workload: 'nix-build' })).toThrow(
      /either `command` or `workload`/,
    );
    expect(() => chooseWorkload({})).toThrow(/nothing to measure/);
  });

  it('refuses runs 0 when parsing the input', () => {
    expect(() => parseOne('runs', definition.inputs.runs, '0')).toThrow(
      expect.objectContaining({
        code: 'INPUT_INVALID',
        message: expect.stringMatching(/^input `runs` is invalid/),
      }),
    );
    expect(parseOne('runs', definition.inputs.runs, '')).toBe(1);
    expect(() => parseOne('workload', definition.inputs.workload, 'cargo')).toThrow(
      /input `workload` is invalid/,
    );
  });

  it('builds presets as argument arrays with their targets', () => {
    expect(chooseWorkload({ workload: 'nix-build', target: '.#tools' }).workload).toEqual({
      kind: 'argv',
      argv: ['nix', 'build', '--no-link', '.#tools'],
    });
    expect(chooseWorkload({ workload: 'bazel-test' })).toMatchObject({
      name: 'bazel-test',
      nix: false,
      workload: { argv: ['bazel', 'test', '//...'] },
    });
    expect(chooseWorkload({ command: 'make test', name: 'unit' })).toEqual({
      name: 'unit',
      nix: false,
      workload: { kind: 'script', script: 'make test' },
    });
  });

  it('names an unreadable baseline', () => {
    expect(() => readRecords('/nonexistent/baseline', 'baseline')).toThrow(
      expect.objectContaining({
        code: 'INPUT_INVALID',
        message: expect.stringContaining('/nonexistent/baseline cannot be read: ENOENT'),
      }),
    );
    if (process.getuid?.() !== 0) {
      const dir = temp();
      const file = join(dir, 'locked.json');
      writeFileSync(file, '{}');
      chmodSync(file, 0o000);
      expect(() => readRecords(dir, 'baseline')).toThrow(/cannot be read/);
    }
  });

  it('names a corrupt or foreign result file', () => {
    expect(() =>
      parseRecord('{"schema": "gloriousflywheel/benchmark-result", "version": 1', 'a.json'),
    ).toThrow(
      expect.objectContaining({
        code: 'RESULT_INVALID',
        message: expect.stringMatching(/^a\.json is not valid JSON/),
      }),
    );
    expect(() => parseRecord('{"benches": []}', 'b.json')).toThrow(
      /b\.json is not a benchmark result: schema is undefined/,
    );
    const future = { ...makeRecord({}), version: 2 };
    expect(() => parseRecord(JSON.stringify(future), 'c.json')).toThrow(/schema version 2 is not supported/);
    const noRuns = { ...makeRecord({}), runs: [{ wallMs: 'fast' }] };
    expect(() => parseRecord(JSON.stringify(noRuns), 'd.json')).toThrow(/a run lacks `wallMs`/);
  });
});

describe('history and baselines', () => {
  it('reads a directory tree of results and keeps the last N of the same key', () => {
    const dir = temp();
    mkdirSync(join(dir, 'nested'));
    const same = Array.from({ length: 5 }, (_, i) =>
      makeRecord({ wall: [100 + i], createdAt: `2026-03-0${i + 1}T10:00:00.000Z` }),
    );
    const otherHardware = makeRecord({ fingerprint: 'fpffffffffff' });
    const otherLabel = makeRecord({ label: 'tinyland-nix' });
    const failed = makeRecord({ failed: true, createdAt: '2026-03-09T10:00:00.000Z' });
    for (const r of [...same, otherHardware, failed])
      writeFileSync(join(dir, recordFileName(r)), JSON.stringify(r));
    writeFileSync(join(dir, 'nested', recordFileName(otherLabel)), JSON.stringify(otherLabel));
    writeFileSync(join(dir, 'notes.txt'), 'not a result');
    const all = readRecords(dir, 'baseline');
    expect(all).toHaveLength(8);
    const picked = selectBaseline(
      all,
      { runnerLabel: 'tinyland-docker', workload: 'unit', fingerprint: 'fp0000000000' },
      3,
    );
    expect(picked.map((r) => r.runs[0]!.wallMs)).toEqual([102, 103, 104]);
  });

  it('stops at the first corrupt file in a results directory', () => {
    const dir = temp();
    writeFileSync(join(dir, 'good.json'), JSON.stringify(makeRecord({})));
    writeFileSync(join(dir, 'bad.json'), '{ truncated');
    expect(() => readRecords(dir, 'results-dir')).toThrow(
      expect.objectContaining({ code: 'RESULT_INVALID', details: { file: join(dir, 'bad.json') } }),
    );
  });
});

describe('cache hit rates', () => {
  it("reads Bazel's process summary, leaving internal actions out", () => {
    const log = [
      'INFO: Analyzed 12 targets (0 packages loaded, 0 targets configured).',
      'INFO: 40 processes: 2 internal, 38 linux-sandbox.',
      'INFO: Build completed successfully, 40 total actions',
      'INFO: 1,234 processes: 34 internal, 900 remote cache hit, 100 disk cache hit, 200 linux-sandbox.',
    ].join('\n');
    expect(bazelHitRateFromLog(log)).toBeCloseTo((100 * 1000) / 1200, 10);
    expect(bazelHitRateFromLog('no summary here')).toBeNull();
    expect(bazelHitRateFromLog('INFO: 3 processes: 3 internal.')).toBeNull();
  });
});
