import { escapeCell } from './escape';
import { type Gantt, gantt, type XyChart, xyChart } from './mermaid';

/** GitHub refuses a step summary over 1 MiB; stay under it with room for the truncation note. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
const NOTE_RESERVE = 512;

/**
 * Builds a Markdown summary for people: headings, tables, details blocks and Mermaid charts.
 * It never grows past 1 MiB: a block that does not fit is dropped and the summary says what was cut.
 */
export class SummaryBuilder {
  private readonly blocks: string[] = [];
  private bytes = 0;
  private readonly dropped: string[] = [];

  heading(text: string, level: 1 | 2 | 3 | 4 = 2): this {
    return this.add(`${'#'.repeat(level)} ${text.replace(/[\r\n]+/g, ' ')}`, `heading "${text}"`);
  }

  paragraph(text: string): this {
    return this.add(text, 'paragraph');
  }

  list(items: string[]): this {
    return this.add(items.map((i) => `- ${i.replace(/\r?\n/g, ' ')}`).join('\n'), 'list');
  }

  table(headers: string[], rows: unknown[][], what = 'table'): this {
    const head = `| ${headers.map(escapeCell).join(' | ')} |`;
    const rule = `|${headers.map(() => ' --- ').join('|')}|`;
    const body = rows.map((row) => `| ${headers.map((_, i) => escapeCell(row[i])).join(' | ')} |`);
    // A long table is cut row-wise rather than dropped whole.
    let text = [head, rule, ...body].join('\n');
    if (this.fits(text)) return this.add(text, what);
    let kept = body.length;
    while (kept > 0 && !this.fits(text)) {
      kept = Math.floor(kept / 2);
      text = [head, rule, ...body.slice(0, kept)].join('\n');
    }
    this.dropped.push(`${body.length - kept} of ${body.length} rows of the ${what}`);
    return this.add(text, what);
  }

  details(summary: string, body: string): this {
    return this.add(
      `<details><summary>${escapeCell(summary)}</summary>\n\n${body}\n\n</details>`,
      `details "${summary}"`,
    );
  }

  code(text: string, lang = ''): this {
    const fence = text.includes('```') ? '~~~~' : '```';
    return this.add(`${fence}${lang}\n${text}\n${fence}`, 'code block');
  }

  xyChart(chart: XyChart): this {
    return this.add(xyChart(chart), `chart "${chart.title}"`);
  }

  gantt(chart: Gantt): this {
    return this.add(gantt(chart), `timeline "${chart.title}"`);
  }

  raw(markdown: string, what = 'block'): this {
    return this.add(markdown, what);
  }

  isEmpty(): boolean {
    return this.blocks.length === 0;
  }

  /** What was left out for size, in words (empty when nothing was). */
  get cut(): readonly string[] {
    return this.dropped;
  }

  toString(): string {
    const text = this.blocks.join('\n\n');
    if (this.dropped.length === 0) return text;
    return `${text}\n\n> Summary cut to stay under 1 MiB: left out ${this.dropped.join('; ')}. The result file has everything.`;
  }

  private fits(block: string): boolean {
    return this.bytes + Buffer.byteLength(block) + 2 <= SUMMARY_LIMIT_BYTES - NOTE_RESERVE;
  }

  private add(block: string, what: string): this {
    if (!this.fits(block)) {
      this.dropped.push(what);
      return this;
    }
    this.blocks.push(block);
    this.bytes += Buffer.byteLength(block) + 2;
    return this;
  }
}
