import { afterEach, describe, expect, it } from 'vitest';
import { forgetSecrets, registerSecret, runProcess, SUMMARY_LIMIT_BYTES, SummaryBuilder } from '../src/index';

afterEach(() => forgetSecrets());

describe('runProcess', () => {
  it('passes arguments as an array, never through a shell', async () => {
    const result = await runProcess('printf', ['%s|', 'a b', '$(echo injected)', ';rm -rf /']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('a b|$(echo injected)|;rm -rf /|');
  });

  it('captures exit codes and stderr, and throws PROCESS_FAILED when asked to check', async () => {
    const result = await runProcess('sh', ['-c', 'echo oops >&2; exit 3']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe('oops\n');
    await expect(
      runProcess('sh', ['-c', 'echo bad thing >&2; exit 4'], { check: true }),
    ).rejects.toMatchObject({
      code: 'PROCESS_FAILED',
      message: '`sh -c` exited with 4: bad thing',
    });
  });

  it('stops a process that runs past its timeout, children included', async () => {
    const error = await runProcess('sh', ['-c', 'sleep 30 & sleep 30; echo never'], { timeoutMs: 200 }).catch(
      (e) => e,
    );
    expect(error.code).toBe('TIMEOUT');
  });

  it('says clearly when the program does not exist', async () => {
    await expect(runProcess('definitely-not-a-program-xyz', [])).rejects.toMatchObject({
      code: 'PROCESS_FAILED',
      message: '`definitely-not-a-program-xyz` was not found',
    });
  });

  it('redacts known secrets from captured and streamed output', async () => {
    registerSecret('hunter2-secret');
    const streamed: string[] = [];
    const result = await runProcess('sh', ['-c', 'echo "token=$T"'], {
      env: { ...process.env, T: 'hunter2-secret' },
      onStdout: (t) => streamed.push(t),
    });
    expect(result.stdout).toBe('token=***\n');
    expect(streamed.join('')).toBe('token=***\n');
  });

  it('feeds stdin', async () => {
    const result = await runProcess('cat', [], { input: 'from stdin' });
    expect(result.stdout).toBe('from stdin');
  });
});

describe('SummaryBuilder', () => {
  it('builds headings, escaped tables, details and Mermaid charts', () => {
    const text = new SummaryBuilder()
      .heading('Cache report')
      .table(['set', 'note'], [['nix', 'a | b\nnext <b>x</b>']])
      .details('raw', 'body')
      .xyChart({
        title: 'CPU: "busy"',
        xLabels: ['0s', '1s'],
        yLabel: '%',
        series: [{ name: 'cpu', values: [10, 55.555] }],
      })
      .gantt({
        title: 'Job',
        sections: [
          {
            name: 'queue',
            tasks: [{ name: 'wait; q', start: new Date(1_000_000), end: new Date(1_005_000) }],
          },
        ],
      })
      .toString();
    expect(text).toContain('## Cache report');
    expect(text).toContain('| nix | a \\| b<br>next &lt;b&gt;x&lt;/b&gt; |');
    expect(text).toContain('<details><summary>raw</summary>\n\nbody\n\n</details>');
    expect(text).toContain('xychart-beta\n  title "CPU  \'busy\'"');
    expect(text).toContain('  line [10, 55.56]');
    expect(text).toContain('  wait  q :t0, 1000, 1005');
  });

  it('refuses to pass 1 MiB and says what it cut', () => {
    const builder = new SummaryBuilder().heading('Big');
    const rows = Array.from({ length: 40_000 }, (_, i) => [`row-${i}`, 'x'.repeat(40)]);
    builder.table(['name', 'value'], rows, 'runner table');
    builder.code('y'.repeat(600_000));
    const text = builder.toString();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(text).toMatch(
      /left out \d+ of 40000 rows of the runner table; code block\. The result file has everything\.$/,
    );
  });
});
