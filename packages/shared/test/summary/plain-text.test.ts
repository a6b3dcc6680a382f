/**
 * Finding 5 (issue 11): a terminal got raw Markdown and Mermaid. The summaries the actions write, as
 * a terminal shows them: aligned plain tables, no Markdown marks, a chart named instead of drawn.
 */
import { describe, expect, it } from 'vitest';
import { SummaryBuilder } from '../../src/summary/builder';
import { markdownToPlainText } from '../../src/summary/plain-text';

describe('markdownToPlainText', () => {
  it('aligns a table in columns, cells unescaped, emphasis and code marks gone', () => {
    const md = new SummaryBuilder()
      .heading('ARC apply: succeeded')
      .table(
        ['scale set', 'max before', 'state'],
        [
          ['arc-runners/tinyland-nix', 16, '**frozen** `0`'],
          ['arc-runners/dind', 20, 'a | b <x>'],
        ],
      )
      .toString();
    expect(markdownToPlainText(md)).toBe(
      [
        'ARC apply: succeeded',
        '--------------------',
        '',
        'scale set                 max before  state',
        '------------------------  ----------  ---------',
        'arc-runners/tinyland-nix  16          frozen 0',
        'arc-runners/dind          20          a | b <x>',
        '',
      ].join('\n'),
    );
  });

  it('measures emoji as two columns wide, so the next column stays aligned', () => {
    const text = markdownToPlainText(
      new SummaryBuilder()
        .table(
          ['check', 'result'],
          [
            ['✅', 'ok'],
            ['x', 'no'],
          ],
        )
        .toString(),
    );
    const [, , first, second] = text.split('\n');
    expect(first).toBe('✅     ok');
    expect(second).toBe('x      no');
  });

  it('names a Mermaid chart instead of dumping its source', () => {
    const md = new SummaryBuilder()
      .xyChart({ title: 'Run time', xLabels: ['1', '2'], series: [{ name: 'ms', values: [3, 4] }] })
      .toString();
    const text = markdownToPlainText(md);
    expect(text).toContain('chart "Run time"');
    expect(text).not.toMatch(/mermaid|xychart|```/);
  });

  it('keeps the title and body of a details block, lists and quotes, without tags', () => {
    const md = new SummaryBuilder()
      .details('Plan <1>', 'two changes')
      .list(['first', 'second'])
      .raw('> Summary cut to stay under 1 MiB')
      .toString();
    const text = markdownToPlainText(md);
    expect(text).toContain('Plan <1>:');
    expect(text).toContain('two changes');
    expect(text).toContain('- first\n- second');
    expect(text).toContain('  Summary cut to stay under 1 MiB');
    expect(text).not.toMatch(/<\/?(details|summary)>/);
  });
});
